"""Every write of a job's life the operator or the system asks for: start, cancel, download the result
(audited: a result may hold NIKs), and the periodic check that ends jobs whose worker died. Each is one
transaction with one audit event. The runner's own writes (claim, end) are in ``jobs.runner``.

``job_start`` checks the kind, the scope and who may start it there (the kind's action), checks the kind's
options with the kind's own checker, stores an upload in the job's private folder and queues the task once
the job is committed (``jobs.tasks.run_job`` on Django's tasks API through the django-tasks backport)."""

from __future__ import annotations

import shutil
import time
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from suara.accounts.authz import authorize, require
from suara.accounts.models import User
from suara.accounts.roles import SCOPE_KIND_LABELS, Scope, ScopeKind
from suara.audit.services import audit_record
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.jobs.audit_actions import JobAuditAction
from suara.jobs.errors import JobErrorCode
from suara.jobs.live import job_dir, live_read
from suara.jobs.models import Job
from suara.jobs.registry import JobKind, kind_named
from suara.jobs.selectors import job_for
from suara.regions.selectors import region_get

State = Job.State
INTERRUPTED = "interrupted"  # the error code of a job whose worker stopped beating
SCOPE_MAX = Job._meta.get_field("scope").max_length


def _label(kind: JobKind) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # the audit log speaks Indonesian
        return str(kind.label)


def _scope(kind: JobKind, scope: str) -> str:
    code = (scope or "").strip() if isinstance(scope, str) else ""
    if kind.scope_kind != ScopeKind.REGION:
        if not Scope(kind.scope_kind, code).well_formed() or len(code) > SCOPE_MAX:
            raise DomainError(JobErrorCode.JOB_SCOPE_INVALID, "Kode lingkup tugas ini tidak sah.", field="scope")
        return code
    lengths = kind.scope_lengths
    if not (code == "" or (code.isascii() and code.isdigit())) or len(code) not in lengths:
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE,
            "Kode wilayah KPU tidak sah untuk tugas ini (" + ", ".join(f"{n} digit" for n in lengths if n) + ").",
            field="region",
        )
    if code:
        try:
            region_get(code)
        except NotFound as exc:
            raise NotFound(exc.code, exc.message, field="region") from None
    return code


def _where(kind: JobKind, code: str) -> str:
    if kind.scope_kind == ScopeKind.REGION:
        return f"wilayah {code or 'nasional'}"
    return f"{SCOPE_KIND_LABELS[kind.scope_kind]} {code}"


def _upload_name(kind: JobKind, upload, upload_name: str) -> str:
    if not kind.upload_suffixes:
        return ""
    if upload is None:
        raise DomainError(JobErrorCode.FILE_REQUIRED, "Pilih berkas CSV atau XLSX daftar pemilih.", field="file")
    suffix = Path(upload_name or "").suffix.lower()
    if suffix not in kind.upload_suffixes:
        raise DomainError(JobErrorCode.FILE_TYPE, "Berkas harus CSV (.csv) atau Excel (.xlsx).", field="file")
    size = getattr(upload, "size", None)
    if size is not None and size > settings.SUARA_VOTER_UPLOAD_MAX_BYTES:
        raise DomainError(
            JobErrorCode.FILE_TOO_LARGE,
            f"Berkas lebih besar dari {settings.SUARA_VOTER_UPLOAD_MAX_BYTES // (1024 * 1024)} MB: "
            "impor berkas sebesar itu dengan `suara import-voters` di server.",
            field="file",
            status=413,
        )
    return f"unggahan{suffix}"


def job_start(
    *, user: User, kind: str, scope: str, params: dict | None = None, upload=None, upload_name: str = ""
) -> Job:
    """Queues a job of a registered kind for the operator; ``upload`` (an uploaded file: ``chunks()``, or a
    binary stream) for the kinds that take one. One audit event; the task is queued when the job commits."""
    job_kind = kind_named(kind)
    code = _scope(job_kind, scope)
    role = require(user, job_kind.action, job_kind.target(code))
    options = job_kind.check_params(params or {})
    stored_name = _upload_name(job_kind, upload, upload_name)
    folder = None
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=job_kind.name,
                started_by=user.username,
                role=role.value,
                scope=code,
                params=options,
                created_at=timezone.now(),
                upload_name=stored_name,
            )
            if stored_name:
                folder = job_dir(job.pk)
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                _save(upload, folder / stored_name)
            audit_record(
                actor=user.username,
                role=role.value,
                action=JobAuditAction.START,
                object_code=code,
                summary=f"Tugas #{job.pk} ({_label(job_kind)}) dimulai untuk {_where(job_kind, code)}",
            )
            transaction.on_commit(partial(_enqueue, job.pk))
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return job


def _save(upload, path: Path) -> None:
    with open(path, "wb") as out:
        if hasattr(upload, "chunks"):
            for chunk in upload.chunks():
                out.write(chunk)
        else:
            shutil.copyfileobj(upload, out, 1024 * 1024)
    path.chmod(0o600)


def _enqueue(job_id: int) -> None:
    from suara.jobs.tasks import run_job

    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def _acting_role(user: User, job: Job) -> str:
    kind = kind_named(job.kind)
    decision = authorize(user, kind.action, kind.target(job.scope))
    return decision.role.value if decision else job.role


def job_cancel(*, user: User, job_id: int) -> Job:
    """A queued job is cancelled at once; a running one is asked to stop, and stops at its next progress
    report (what it wrote in its own transaction is rolled back with it). One audit event."""
    with transaction.atomic():
        job = job_for(user, job_id)
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.finished:
            raise Conflict(JobErrorCode.JOB_FINISHED, f"Tugas #{job.pk} sudah berakhir.", field="job")
        if job.state == State.QUEUED:
            job.state, job.finished_at = State.CANCELLED, timezone.now()
            job.save(update_fields=["state", "finished_at"])
        else:
            job.cancel_requested = True
            job.save(update_fields=["cancel_requested"])
        audit_record(
            actor=user.username,
            role=_acting_role(user, job),
            action=JobAuditAction.CANCEL,
            object_code=job.scope,
            summary=f"Tugas #{job.pk} ({_label(kind_named(job.kind))}) dibatalkan",
        )
    return job


def job_result_file(*, user: User, job_id: int) -> tuple[Path, str]:
    """The result's path and the name to download it as; audited (a result may hold NIKs)."""
    job = job_for(user, job_id)
    if job.state != State.DONE or not job.result_name:
        raise NotFound(JobErrorCode.RESULT_NOT_READY, f"Tugas #{job.pk} belum menghasilkan berkas.", field="job")
    path = job_dir(job.pk) / job.result_name
    if not path.is_file():
        raise NotFound(JobErrorCode.RESULT_MISSING, f"Berkas hasil tugas #{job.pk} tidak ada lagi.", field="job")
    kind = kind_named(job.kind)
    decision = authorize(user, kind.action, kind.target(job.scope))
    if not decision and job.started_by != user.username:
        raise PermissionDenied(ErrorCode.FORBIDDEN, "Anda tidak berwenang mengunduh hasil ini.", field="job")
    with transaction.atomic():
        audit_record(
            actor=user.username,
            role=decision.role.value if decision else job.role,
            action=JobAuditAction.DOWNLOAD,
            object_code=job.scope,
            summary=f"Hasil tugas #{job.pk} ({_label(kind_named(job.kind))}) diunduh",
        )
    return path, f"tugas-{job.pk}-{job.result_name}"


def jobs_interrupt_stale() -> int:
    """Ends as failed ("interrupted") every running job whose worker has not beaten for
    ``SUARA_JOB_STALE_SECONDS``: its worker was killed or its machine stopped, and nothing else would ever
    end it. Returns how many; one audit event for them all. The scheduler runs it periodically."""
    stale_after = settings.SUARA_JOB_STALE_SECONDS
    now = timezone.now()
    stale = []
    for pk, beat_at in Job.objects.filter(state=State.RUNNING).values_list("pk", "heartbeat_at"):
        live = live_read(pk)
        last = live.beat if live is not None else (beat_at.timestamp() if beat_at else 0.0)
        if time.time() - last > stale_after:
            stale.append(pk)
    if not stale:
        return 0
    with transaction.atomic():
        ended = Job.objects.filter(pk__in=stale, state=State.RUNNING).update(
            state=State.FAILED,
            finished_at=now,
            error_code=INTERRUPTED,
            error_message="Tugas terhenti: pekerja tugas berhenti sebelum tugas selesai. Mulai tugas ini lagi.",
        )
        if ended:
            audit_record(
                actor="system",
                action=JobAuditAction.INTERRUPTED,
                summary=f"{ended} tugas terhenti tanpa detak pekerja selama {stale_after:g} detik ditandai gagal",
            )
    return ended
