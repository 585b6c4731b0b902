"""What the task worker does with a job (``jobs.tasks.run_job``): claim it, run its kind's runner with a
``JobContext``, and end it (done with its summary and result file, failed with the refusal's code and
message, or cancelled).

While the runner works, a heartbeat thread rewrites the job's live file (``jobs.live``) every
``SUARA_JOB_HEARTBEAT_SECONDS`` with its progress and the time, and reads whether the operator asked to
cancel; a job whose file stops beating is ended as interrupted by the periodic check
(``jobs.services.jobs_interrupt_stale``). A failure the runner did not foresee is logged by its type only
and shown as an internal error: tracebacks can hold values, and a voter file's values are personal data."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone, translation

from suara.accounts.authz import require
from suara.core.errors import DomainError, ErrorCode, PermissionDenied
from suara.jobs.live import Live, job_dir, live_clear, live_write
from suara.jobs.models import Job
from suara.jobs.registry import kind_named

log = logging.getLogger(__name__)
State = Job.State
# How often a progress report may rewrite the live file (the heartbeat rewrites it anyway).
PROGRESS_WRITE_SECONDS = 0.5


class JobCancelled(Exception):
    """Raised inside the runner at a progress report after the operator asked to cancel."""


class JobContext:
    """What a runner gets: the job (its ``params``, ``scope``, ``role``), the user who started it, its
    private folder (``folder``: write the result there and return its name), and ``progress``."""

    def __init__(self, job: Job, user, folder: Path):
        self.job, self.user, self.folder = job, user, folder
        self.done, self.total, self.message = 0, None, ""
        self.cancel = threading.Event()
        self._lock = threading.Lock()
        self._written_at = 0.0

    def progress(self, done: float, total: float | None = None, message: str = "") -> None:
        """Reports ``done`` of ``total`` (any unit: rows, desa, percent) and what is being done (a message
        marked for translation, without values: the page translates it); never backwards. Raises
        JobCancelled once the operator asked to cancel: called inside a service's transaction, that rolls
        the service back."""
        if self.cancel.is_set():
            raise JobCancelled
        with self._lock:
            done = int(done)
            if total is not None:
                self.total = int(total)
            self.done = max(self.done, done)
            if message:
                self.message = str(message)[:200]
            now = time.monotonic()
            if now - self._written_at >= PROGRESS_WRITE_SECONDS:
                self._written_at = now
                self._write()

    def beat(self) -> None:
        with self._lock:
            self._write()

    def _write(self) -> None:
        live_write(self.job.pk, Live(self.done, self.total, self.message, time.time()))


def _heartbeat(ctx: JobContext, stop: threading.Event) -> None:
    """Beats until ``stop``; sets ``ctx.cancel`` when the job's row asks for it. Its own connection."""
    try:
        while not stop.wait(settings.SUARA_JOB_HEARTBEAT_SECONDS):
            ctx.beat()
            if Job.objects.filter(pk=ctx.job.pk, cancel_requested=True).exists():
                ctx.cancel.set()
    except Exception as exc:  # noqa: BLE001 - a missed beat must not end the job; the check is generous
        log.warning("job %s heartbeat stopped: %s", ctx.job.pk, type(exc).__name__)
    finally:
        connection.close()


def job_run(job_id: int) -> str:
    """Runs a queued job to its end; returns its final state. A job already taken or cancelled is left
    alone ("skipped")."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    folder = job_dir(job.pk)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    ctx = JobContext(job, None, folder)
    ctx.beat()
    stop = threading.Event()
    beating = threading.Thread(target=_heartbeat, args=(ctx, stop), name=f"job-{job.pk}-heartbeat", daemon=True)
    beating.start()
    try:
        kind = kind_named(job.kind)
        user = get_user_model().objects.filter(username=job.started_by, is_active=True).first()
        if user is None:
            raise PermissionDenied(ErrorCode.FORBIDDEN, "Akun yang memulai tugas ini tidak aktif lagi.", field="job")
        require(user, kind.action, kind.target(job.scope))  # the role may have gone since
        ctx.user = user
        with translation.override(settings.LANGUAGE_CODE):  # messages are kept in the source language
            summary, result_name = kind.run(ctx)
    except JobCancelled:
        _end(job, ctx, State.CANCELLED)
    except DomainError as exc:
        _end(job, ctx, State.FAILED, error_code=exc.code, error_message=exc.message)
    except Exception as exc:  # noqa: BLE001 - any failure ends the job; see the module's docstring
        log.error("job %s (%s) failed: %s", job.pk, job.kind, type(exc).__name__)
        _end(job, ctx, State.FAILED, error_code="internal_error", error_message="Terjadi kesalahan pada server.")
    else:
        _end(job, ctx, State.DONE, summary=summary, result_name=result_name)
    finally:
        stop.set()
        beating.join()
        if job.upload_name:  # an upload is personal data: not kept once read
            (folder / job.upload_name).unlink(missing_ok=True)
        live_clear(job.pk)
    return Job.objects.filter(pk=job.pk).values_list("state", flat=True).get()


def _end(job: Job, ctx: JobContext, state: str, **fields) -> None:
    """Only a job still running ends here: one the periodic check ended as interrupted stays so."""
    if state == State.DONE:
        ctx.done = ctx.total = max(ctx.total or 0, ctx.done, 1)
    now = timezone.now()
    Job.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=state,
        finished_at=now,
        heartbeat_at=now,
        progress_done=ctx.done,
        progress_total=ctx.total,
        message=ctx.message,
        **fields,
    )
