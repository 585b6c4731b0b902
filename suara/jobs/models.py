"""The job kernel's tables: ``Job``, one long operator job of any registered kind (``jobs.registry``), and
``PeriodicRun``, what the scheduler last saw of each periodic job (``jobs.schedule``).

Only ``jobs.services`` and ``jobs.runner`` write them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """What the operator sees of a job: who started it, what, where, its state and progress, its result
    file, its refusal. The work is the registered runner's; the task (``jobs.tasks.run_job``) moves the
    row from queued to done, failed or cancelled. While a job runs, its live progress and heartbeat are in
    a small file in its private folder (``jobs.runner``), not in this row. Files (an upload, the result)
    live in ``settings.PRIVATE_DIR``/jobs/<id>/, never served publicly."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        CANCELLED = "cancelled", _("Dibatalkan")

    kind = models.CharField(max_length=40)  # a name in jobs.registry
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    started_by = models.CharField(max_length=150)  # the username
    role = models.CharField(max_length=20)  # the role under which it was started
    scope = models.CharField(max_length=20, blank=True)  # a region code; "" national
    # The job's options (format, period, max voters per TPS, ...): never personal data.
    params = models.JSONField(default=dict, blank=True)
    # The progress written at the end (and at the start); the live one is in the job's folder.
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(null=True, blank=True)
    message = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # the claim; then the folder's file
    finished_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    # File names inside the job's private folder ("" while there is none).
    upload_name = models.CharField(max_length=100, blank=True)
    result_name = models.CharField(max_length=100, blank=True)
    summary = models.JSONField(default=dict, blank=True)  # counts for the page; no personal data
    error_code = models.CharField(max_length=60, blank=True)
    error_message = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["scope", "created_at"], name="job_scope_created"),
            models.Index(fields=["started_by", "created_at"], name="job_starter_created"),
            models.Index(fields=["state"], name="job_state"),
        ]

    def __str__(self) -> str:
        return f"tugas #{self.pk} ({self.kind})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED, self.State.CANCELLED)


class PeriodicRun(models.Model):
    """One row per periodic job (``jobs.schedule``): when it last succeeded and its failure while it
    fails. Written by the scheduler when the outcome changes, and at most every few seconds otherwise."""

    name = models.CharField(max_length=60, primary_key=True)
    ok_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)  # the last failure, until a run succeeds

    def __str__(self) -> str:
        return self.name
