"""The one task that runs every kind of job, on Django's tasks API (the django-tasks backport: the database
backend in production, run by `suara db-worker`, which `suara serve` starts beside gunicorn), and the one
that runs a periodic job the schedule sends to the worker (``jobs.schedule``)."""

from __future__ import annotations

from django_tasks import task

from suara.jobs.runner import job_run


@task()
def run_job(job_id: int) -> str:
    """Runs one job (``jobs.services.job_start``) to its end; returns its final state."""
    return job_run(job_id)


@task()
def run_periodic(name: str) -> None:
    """Runs one periodic job on the task worker (those too long for the scheduler's own threads)."""
    from suara.jobs.scheduler import periodic_run

    periodic_run(name)
