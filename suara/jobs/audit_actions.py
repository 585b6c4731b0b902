"""The audit actions of the job kernel (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class JobAuditAction(AuditActions):
    CANCEL = "jobs.cancel", "An operator cancelled a job (queued: at once; running: at its next progress report)."
    DOWNLOAD = "jobs.download", "A job's result file was downloaded."
    INTERRUPTED = "jobs.interrupted", "A running job whose worker stopped being heard from was marked failed."
    START = "jobs.start", "An operator started a job of a registered kind over a region."
