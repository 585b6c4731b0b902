"""The register's background tasks on Django's tasks API (the django-tasks backport; the database
backend in production, run by `suara db-worker`, which `suara serve` starts beside gunicorn)."""

from __future__ import annotations

from django_tasks import task

from suara.voters.job_runners import job_run


@task()
def run_voter_job(job_id: int) -> str:
    """Runs one operator job (``voters.jobs``) to its end; returns its final status."""
    return job_run(job_id)
