"""Operator jobs on the register: a voter file import (plain or delta), duplicate detection, TPS
allocation and the DPB report, started from the browser or the API and run by the task worker.

``job_start`` checks who may start which job where, stores the upload in the job's private folder and
queues the task once the job is committed (``voters.tasks.run_voter_job``, Django's tasks API through
the django-tasks backport: the database backend in production, `suara db-worker`). The task runs the
existing services (``voters.job_runners``) and leaves a result file in the same folder. Only the operator
who started a job, or one whose role covers its region for the same action, may see it and download its
result.

Files live under ``settings.PRIVATE_DIR``/jobs/<id>/, which nothing serves: a result leaves only through
``job_result_file`` after that check, and each download is audited.
"""

from __future__ import annotations

import shutil
from datetime import date
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from suara.accounts.authz import assignments_of, authorize, require
from suara.accounts.models import User
from suara.accounts.roles import Action
from suara.audit.services import audit_record
from suara.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from suara.regions.models import Region
from suara.voters.audit_actions import VoterAuditAction
from suara.voters.errors import VoterErrorCode
from suara.voters.models import VoterJob
from suara.voters.report_render import RENDERERS

Kind = VoterJob.Kind

# Who may start (and see) each kind of job: the action over the job's region.
ACTIONS = {
    Kind.IMPORT: Action.UPDATE_VOTERS,
    Kind.IMPORT_DELTA: Action.UPDATE_VOTERS,
    Kind.DEDUP: Action.DECIDE_DUPLICATE,
    Kind.ALLOCATE: Action.UPDATE_VOTERS,
    Kind.REPORT_DPB: Action.UPDATE_VOTERS,
}
# The region code lengths each kind works on ("" national only for imports, which KPU RI runs).
REGION_LENGTHS = {
    Kind.IMPORT: (0, 2, 4, 6, 10),
    Kind.IMPORT_DELTA: (0, 2, 4, 6, 10),
    Kind.DEDUP: (2, 4, 6, 10),
    Kind.ALLOCATE: (4, 6, 10),
    Kind.REPORT_DPB: (2, 4, 6, 10),
}
UPLOAD_SUFFIXES = (".csv", ".xlsx")
MAX_PER_TPS_LIMIT = 1000


def job_dir(job_id: int) -> Path:
    return Path(settings.PRIVATE_DIR) / "jobs" / str(int(job_id))


def _kind(kind: str) -> Kind:
    if kind not in Kind.values:
        raise DomainError(VoterErrorCode.UNKNOWN_JOB_KIND, "Jenis tugas tidak dikenal.", field="kind")
    return Kind(kind)


def _region_code(kind: Kind, region_code: str) -> str:
    code = (region_code or "").strip()
    lengths = REGION_LENGTHS[kind]
    if not (code == "" or (code.isascii() and code.isdigit())) or len(code) not in lengths:
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE,
            "Kode wilayah KPU tidak sah untuk tugas ini (" + ", ".join(f"{n} digit" for n in lengths if n) + ").",
            field="region",
        )
    if code and not Region.objects.filter(code=code).exists():
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Wilayah dengan kode {code} tidak ditemukan.", field="region")
    return code


def _date(value, field: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise DomainError(VoterErrorCode.INVALID_DATE, "Tanggal harus berformat YYYY-MM-DD.", field=field) from None


def _params(kind: Kind, params: dict) -> dict:
    """The options a job of this kind takes, checked; the rest are ignored."""
    if kind == Kind.ALLOCATE:
        max_per_tps = params.get("max_per_tps")
        if isinstance(max_per_tps, str) and max_per_tps.strip().isdigit():
            max_per_tps = int(max_per_tps)
        if isinstance(max_per_tps, bool) or not isinstance(max_per_tps, int) or not 1 <= max_per_tps <= 1000:
            raise DomainError(
                VoterErrorCode.INVALID_MAX_PER_TPS,
                f"Batas pemilih per TPS harus bilangan bulat 1 sampai {MAX_PER_TPS_LIMIT}.",
                field="max_per_tps",
            )
        return {"max_per_tps": max_per_tps, "dry_run": bool(params.get("dry_run")), "fresh": bool(params.get("fresh"))}
    if kind == Kind.REPORT_DPB:
        fmt = str(params.get("format") or "").strip().lower()
        if fmt not in RENDERERS:
            raise DomainError(VoterErrorCode.INVALID_FORMAT, "Format rekap harus xlsx atau pdf.", field="format")
        start, end = _date(params.get("start"), "start"), _date(params.get("end"), "end")
        if start and end and end < start:
            raise DomainError(
                VoterErrorCode.INVALID_PERIOD, "Akhir periode tidak boleh sebelum awal periode.", field="end"
            )
        return {"format": fmt, "start": start, "end": end}
    return {}


def _upload_name(kind: Kind, upload, upload_name: str) -> str:
    if kind not in (Kind.IMPORT, Kind.IMPORT_DELTA):
        return ""
    if upload is None:
        raise DomainError(VoterErrorCode.FILE_REQUIRED, "Pilih berkas CSV atau XLSX daftar pemilih.", field="file")
    suffix = Path(upload_name or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise DomainError(VoterErrorCode.FILE_TYPE, "Berkas harus CSV (.csv) atau Excel (.xlsx).", field="file")
    size = getattr(upload, "size", None)
    if size is not None and size > settings.SUARA_VOTER_UPLOAD_MAX_BYTES:
        raise DomainError(
            VoterErrorCode.FILE_TOO_LARGE,
            f"Berkas lebih besar dari {settings.SUARA_VOTER_UPLOAD_MAX_BYTES // (1024 * 1024)} MB: "
            "impor berkas sebesar itu dengan `suara import-voters` di server.",
            field="file",
            status=413,
        )
    return f"unggahan{suffix}"


def job_start(
    *, user: User, kind: str, region_code: str, params: dict | None = None, upload=None, upload_name: str = ""
) -> VoterJob:
    """Queues a job for the operator; ``upload`` (an uploaded file: ``chunks()``, or a binary stream) for
    the imports. One audit event; the task is queued when the job commits."""
    kind = _kind(kind)
    code = _region_code(kind, region_code)
    role = require(user, ACTIONS[kind], code)
    options = _params(kind, params or {})
    stored_name = _upload_name(kind, upload, upload_name)
    folder = None
    try:
        with transaction.atomic():
            job = VoterJob.objects.create(
                kind=kind,
                started_by=user.username,
                role=role.value,
                region_code=code,
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
                action=VoterAuditAction.JOB_START,
                object_code=code,
                summary=f"Tugas #{job.pk} ({kind.label}) dimulai untuk wilayah {code or 'nasional'}",
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
    from suara.voters.tasks import run_voter_job

    result = run_voter_job.enqueue(job_id)
    VoterJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def may_see(user: User, job: VoterJob) -> bool:
    """The operator who started the job, or one whose role covers its region for the job's action."""
    if not user.is_authenticated:
        return False
    if job.started_by == user.username:
        return True
    return authorize(user, ACTIONS[Kind(job.kind)], job.region_code).allowed


def job_for(user: User, job_id: int) -> VoterJob:
    job = VoterJob.objects.filter(pk=job_id).first()
    if job is None or not may_see(user, job):
        # The same answer for another region's job as for none: job ids say nothing.
        raise NotFound(VoterErrorCode.JOB_NOT_FOUND, f"Tugas #{job_id} tidak ditemukan.", field="job")
    return job


def jobs_for(user: User, limit: int = 50) -> list[VoterJob]:
    """The operator's own jobs and those in their region, newest first."""
    visible = Q(started_by=user.username)
    for assignment in assignments_of(user):
        visible |= Q(region_code__startswith=assignment.scope)
    candidates = VoterJob.objects.filter(visible).order_by("-created_at", "-pk")[: limit * 2]
    return [job for job in candidates if may_see(user, job)][:limit]


def job_result_file(*, user: User, job_id: int) -> tuple[Path, str]:
    """The result's path and the name to download it as; audited (a result may hold NIKs)."""
    job = job_for(user, job_id)
    if job.status != VoterJob.Status.DONE or not job.result_name:
        raise NotFound(VoterErrorCode.RESULT_NOT_READY, f"Tugas #{job.pk} belum menghasilkan berkas.", field="job")
    path = job_dir(job.pk) / job.result_name
    if not path.is_file():
        raise NotFound(VoterErrorCode.RESULT_MISSING, f"Berkas hasil tugas #{job.pk} tidak ada lagi.", field="job")
    decision = authorize(user, ACTIONS[Kind(job.kind)], job.region_code)
    if not decision and job.started_by != user.username:
        raise PermissionDenied(ErrorCode.FORBIDDEN, "Anda tidak berwenang mengunduh hasil ini.", field="job")
    with transaction.atomic():
        audit_record(
            actor=user.username,
            role=decision.role.value if decision else job.role,
            action=VoterAuditAction.JOB_DOWNLOAD,
            object_code=job.region_code,
            summary=f"Hasil tugas #{job.pk} ({Kind(job.kind).label}) diunduh",
        )
    return path, f"tugas-{job.pk}-{job.result_name}"
