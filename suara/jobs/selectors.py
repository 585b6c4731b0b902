"""Reads of jobs: who may see which, an operator's list, a job's progress as its page shows it, and what
the scheduler last saw of each periodic job."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.models import User
from suara.core.errors import NotFound
from suara.jobs.errors import JobErrorCode
from suara.jobs.live import live_read
from suara.jobs.models import Job, PeriodicRun
from suara.jobs.registry import kinds

State = Job.State


def may_see(user: User, job: Job) -> bool:
    """The operator who started the job, or one whose role covers its scope for the kind's action."""
    if not user.is_authenticated:
        return False
    if job.started_by == user.username:
        return True
    kind = kinds().get(job.kind)
    return kind is not None and authorize(user, kind.action, kind.target(job.scope)).allowed


def job_for(user: User, job_id: int) -> Job:
    job = Job.objects.filter(pk=job_id).first() if isinstance(job_id, int) and 0 < job_id < 2**63 else None
    if job is None or not may_see(user, job):
        # The same answer for another region's job as for none: job ids say nothing.
        raise NotFound(JobErrorCode.JOB_NOT_FOUND, f"Tugas #{job_id} tidak ditemukan.", field="job")
    return job


def jobs_for(user: User, *, kinds_of: set[str] | None = None, limit: int = 50) -> list[Job]:
    """The operator's own jobs and those in their regions, newest first (``kinds_of``: only those kinds)."""
    if not user.is_authenticated:
        return []
    visible = Q(started_by=user.username)
    for assignment in assignments_of(user):
        visible |= Q(scope__startswith=assignment.scope)
    candidates = Job.objects.filter(visible)
    if kinds_of is not None:
        candidates = candidates.filter(kind__in=kinds_of)
    candidates = candidates.order_by("-created_at", "-pk")[: limit * 2]
    return [job for job in candidates if may_see(user, job)][:limit]


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    message: str

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return max(0, min(100, self.done * 100 // self.total))


def job_progress(job: Job) -> Progress:
    """The job's progress as the operator sees it: the row's once it ended, the live file's while it runs."""
    if job.state == State.DONE:
        total = job.progress_total or max(job.progress_done, 1)
        return Progress(total, total, job.message)
    if job.state == State.RUNNING:
        live = live_read(job.pk)
        if live is not None:
            return Progress(live.done, live.total, live.message)
    return Progress(job.progress_done, job.progress_total, job.message)


def periodic_runs() -> dict[str, PeriodicRun]:
    return {run.name: run for run in PeriodicRun.objects.all()}


def periodic_failures() -> list[PeriodicRun]:
    """The periodic jobs whose last run failed (``suara recap doctor`` and the recap health page say so)."""
    return list(PeriodicRun.objects.exclude(error="").order_by("name"))
