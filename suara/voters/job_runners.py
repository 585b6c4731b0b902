"""What the task worker does with an operator job (``voters.jobs``): the existing service for its kind,
its progress, its result file and its end (done, or failed with the refusal's code and message).

Progress: an import and an allocation each run in one transaction, and on SQLite no other connection may
write while it is open, so the task does not write the job's row mid-way: it writes the percentage to a
small file in the job's folder (``progress``), which the job page reads while the job runs; the row gets
the start and the end. A failure the services did not foresee is logged by its type only and shown to the
operator as an internal error: tracebacks can hold values, and a voter file's values are personal data.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import time
import zipfile
from collections.abc import Callable
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from suara.accounts.authz import require
from suara.core.errors import DomainError, ErrorCode, PermissionDenied
from suara.voters.jobs import ACTIONS, job_dir
from suara.voters.models import Voter, VoterJob
from suara.voters.register import mask_number

log = logging.getLogger(__name__)
Kind = VoterJob.Kind
Status = VoterJob.Status
PROGRESS_FILE = "progress"


class Progress:
    """Writes a job's percentage (1-99) to its progress file, at most every half second."""

    def __init__(self, job_id: int):
        self.path = job_dir(job_id) / PROGRESS_FILE
        self.value = 0
        self.written_at = 0.0

    def __call__(self, percent: float) -> None:
        value = max(1, min(99, int(percent)))
        now = time.monotonic()
        if value <= self.value or now - self.written_at < 0.5:
            return
        self.value, self.written_at = value, now
        partial = self.path.with_suffix(".tmp")
        partial.write_text(str(value))
        os.replace(partial, self.path)


def current_progress(job: VoterJob) -> int:
    """The job's percentage as the operator sees it: the row's, or the task's file while it runs."""
    if job.status != Status.RUNNING:
        return 100 if job.status == Status.DONE else job.progress
    try:
        return max(job.progress, int((job_dir(job.pk) / PROGRESS_FILE).read_text() or 0))
    except (OSError, ValueError):
        return job.progress


def job_run(job_id: int) -> str:
    """Runs a queued job to its end; returns its final status. A job already taken is left alone."""
    claimed = VoterJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), progress=1
    )
    if not claimed:
        return "skipped"
    job = VoterJob.objects.get(pk=job_id)
    folder = job_dir(job.pk)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    progress = Progress(job.pk)
    try:
        user = get_user_model().objects.filter(username=job.started_by, is_active=True).first()
        if user is None:
            raise PermissionDenied(ErrorCode.FORBIDDEN, "Akun yang memulai tugas ini tidak aktif lagi.", field="job")
        require(user, ACTIONS[Kind(job.kind)], job.region_code)  # the role may have gone since
        summary, result_name = RUNNERS[Kind(job.kind)](job, user, progress)
    except DomainError as exc:
        _end(job, Status.FAILED, error_code=exc.code, error_message=exc.message)
    except Exception as exc:  # noqa: BLE001 - any failure ends the job; see the module's docstring
        log.error("voter job %s (%s) failed: %s", job.pk, job.kind, type(exc).__name__)
        _end(job, Status.FAILED, error_code=ErrorCode.INTERNAL_ERROR, error_message="Terjadi kesalahan pada server.")
    else:
        _end(job, Status.DONE, summary=summary, result_name=result_name)
    finally:
        if job.upload_name:  # the voter file is personal data: not kept once read
            (folder / job.upload_name).unlink(missing_ok=True)
        (folder / PROGRESS_FILE).unlink(missing_ok=True)
    return VoterJob.objects.filter(pk=job.pk).values_list("status", flat=True).get()


def _end(job: VoterJob, status: str, **fields) -> None:
    VoterJob.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now(), progress=100 if status == Status.DONE else job.progress, **fields
    )


def _csv(header: tuple, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


# --- the kinds ------------------------------------------------------------------------------------------------


def _import(job: VoterJob, user, progress: Callable[[float], None]) -> tuple[dict, str]:
    from suara.voters.importing.report import REPORT_COLUMNS, count_by_code
    from suara.voters.importing.service import voters_import

    path = job_dir(job.pk) / job.upload_name
    delta = job.kind == Kind.IMPORT_DELTA
    with open(path, "rb") as stream:
        result = voters_import(
            stream=stream,
            actor=user.username,
            role=job.role,
            delta=delta,
            size=path.stat().st_size,
            progress=lambda rows, fraction: progress(5 + 85 * fraction),
            scope=job.region_code,
        )
    refused = _csv(
        REPORT_COLUMNS, ((p.line, p.code, p.column, p.reason) for p in sorted(result.problems, key=lambda p: p.line))
    )
    summary = {
        "batch": result.batch,
        "rows": result.rows,
        "added": result.added,
        "rejected": result.rejected,
        "by_code": count_by_code(result.problems),
    }
    if not delta:
        (job_dir(job.pk) / "baris-ditolak.csv").write_bytes(refused)
        return summary, "baris-ditolak.csv"
    summary.update(changed=result.changed, unchanged=result.unchanged, missing=len(result.missing))
    with zipfile.ZipFile(job_dir(job.pk) / "hasil-impor-delta.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("baris-ditolak.csv", refused)
        bundle.writestr("tidak-ada-dalam-ekstrak.csv", _csv(("nik", "kode_desa"), result.missing))
    return summary, "hasil-impor-delta.zip"


def _dedup(job: VoterJob, user, progress: Callable[[float], None]) -> tuple[dict, str]:
    from suara.voters.dedup.service import dedup_run

    progress(5)
    outcome = dedup_run(region=job.region_code)
    progress(90)
    ids = sorted({i for pair in outcome.proposed for i in (pair.id_a, pair.id_b)})
    regions = dict(
        (pk, desa or kemendagri)
        for pk, desa, kemendagri in Voter.objects.filter(pk__in=ids).values_list(
            "pk", "desa_id", "kemendagri_desa_code"
        )
    )
    # Masked NIKs: the pairs may reach beyond the operator's region; the decision pages show each record.
    rows = (
        (
            pair.id_a,
            pair.id_b,
            regions.get(pair.id_a, ""),
            regions.get(pair.id_b, ""),
            mask_number(outcome.niks.get(pair.id_a, "")),
            mask_number(outcome.niks.get(pair.id_b, "")),
            f"{pair.probability:.4f}",
        )
        for pair in outcome.proposed
    )
    header = ("pemilih_a", "pemilih_b", "wilayah_a", "wilayah_b", "nik_a", "nik_b", "peluang")
    (job_dir(job.pk) / "pasangan-ganda.csv").write_bytes(_csv(header, rows))
    summary = {
        "records": outcome.records,
        "focus": outcome.focus,
        "model": outcome.model_version,
        "proposed": len(outcome.proposed),
        "new": outcome.new,
        "decided": outcome.decided,
    }
    return summary, "pasangan-ganda.csv"


def _allocate(job: VoterJob, user, progress: Callable[[float], None]) -> tuple[dict, str]:
    from suara.voters.allocation_service import tps_allocate

    options = job.params
    report = tps_allocate(
        region_code=job.region_code,
        max_per_tps=options["max_per_tps"],
        user=user,
        dry_run=options.get("dry_run", False),
        fresh=options.get("fresh", False),
        progress=lambda done, total: progress(5 + 90 * done / max(total, 1)),
    )
    header = ("kode_desa", "nama", "pemilih", "tps_perlu", "tps_ada", "tps_terpakai", "dipindah", "baru", "status",
              "keterangan")  # fmt: skip
    rows = (
        (d.code, d.name, d.voters, d.tps_needed, d.tps_available, d.tps_used, d.moved, d.placed, d.status, d.message)
        for d in report.desa
    )
    (job_dir(job.pk) / "alokasi-tps.csv").write_bytes(_csv(header, rows))
    summary = {
        "desa": len(report.desa),
        "refused": len(report.refused),
        "voters": report.total("voters"),
        "tps_used": report.total("tps_used"),
        "moved": report.total("moved"),
        "placed": report.total("placed"),
        "dry_run": report.dry_run,
    }
    return summary, "alokasi-tps.csv"


def _report_dpb(job: VoterJob, user, progress: Callable[[float], None]) -> tuple[dict, str]:
    from suara.voters.report_dpb import dpb_recap
    from suara.voters.report_render import RENDERERS

    options = job.params
    progress(5)
    recap = dpb_recap(
        region_code=job.region_code,
        start=date.fromisoformat(options["start"]) if options.get("start") else None,
        end=date.fromisoformat(options["end"]) if options.get("end") else None,
    )
    progress(60)
    name = f"rekap-dpb-{recap.region.code}.{options['format']}"
    (job_dir(job.pk) / name).write_bytes(RENDERERS[options["format"]](recap))
    summary = {"rows": len(recap.rows), "active": recap.totals.total, "changes": sum(recap.totals.changes.values())}
    return summary, name


RUNNERS = {
    Kind.IMPORT: _import,
    Kind.IMPORT_DELTA: _import,
    Kind.DEDUP: _dedup,
    Kind.ALLOCATE: _allocate,
    Kind.REPORT_DPB: _report_dpb,
}
