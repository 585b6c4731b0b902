"""The register's job kinds (``jobs.registry``): a voter file import (plain or delta), duplicate
detection, TPS allocation and the DPB report. Each runs the existing service for its kind and leaves a
result file in the job's folder; who may start (and see) one is the action over its region."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.jobs.registry import JobKind, register
from suara.jobs.runner import JobContext
from suara.people.nik import mask_number
from suara.voters.errors import VoterErrorCode
from suara.voters.reports.render import RENDERERS

IMPORT, IMPORT_DELTA, DEDUP, ALLOCATE, REPORT_DPB = "import", "import_delta", "dedup", "allocate", "report_dpb"
UPLOAD_SUFFIXES = (".csv", ".xlsx")
MAX_PER_TPS_LIMIT = 1000

# What a finished job's counts are called on its page (the summary's keys are the runners').
SUMMARY_LABELS = {
    "batch": _("Batch"),
    "rows": _("Baris dibaca"),
    "added": _("Ditambahkan"),
    "changed": _("Diubah"),
    "unchanged": _("Tetap"),
    "missing": _("Tidak ada lagi dalam ekstrak (perlu verifikasi)"),
    "rejected": _("Ditolak"),
    "records": _("Pemilih aktif dibandingkan"),
    "focus": _("Pemilih wilayah ini yang diperiksa"),
    "model": _("Model"),
    "proposed": _("Pasangan diusulkan"),
    "new": _("Pasangan baru"),
    "decided": _("Sudah diputuskan (dilewati)"),
    "desa": _("Desa"),
    "refused": _("Desa tidak diubah"),
    "voters": _("Pemilih"),
    "tps_used": _("TPS terpakai"),
    "moved": _("Pemilih dipindah"),
    "placed": _("Pemilih baru ditempatkan"),
    "dry_run": _("Uji coba (tidak disimpan)"),
    "active": _("Pemilih aktif"),
    "changes": _("Perubahan dalam periode"),
}


def _date(value, field: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise DomainError(VoterErrorCode.INVALID_DATE, "Tanggal harus berformat YYYY-MM-DD.", field=field) from None


def allocate_params(params: Mapping[str, Any]) -> dict:
    max_per_tps = params.get("max_per_tps")
    if isinstance(max_per_tps, str) and max_per_tps.strip().isdigit():
        max_per_tps = int(max_per_tps)
    if isinstance(max_per_tps, bool) or not isinstance(max_per_tps, int) or not 1 <= max_per_tps <= MAX_PER_TPS_LIMIT:
        raise DomainError(
            VoterErrorCode.INVALID_MAX_PER_TPS,
            f"Batas pemilih per TPS harus bilangan bulat 1 sampai {MAX_PER_TPS_LIMIT}.",
            field="max_per_tps",
        )
    return {"max_per_tps": max_per_tps, "dry_run": bool(params.get("dry_run")), "fresh": bool(params.get("fresh"))}


def report_params(params: Mapping[str, Any]) -> dict:
    fmt = str(params.get("format") or "").strip().lower()
    if fmt not in RENDERERS:
        raise DomainError(VoterErrorCode.INVALID_FORMAT, "Format rekap harus xlsx atau pdf.", field="format")
    start, end = _date(params.get("start"), "start"), _date(params.get("end"), "end")
    if start and end and end < start:
        raise DomainError(VoterErrorCode.INVALID_PERIOD, "Akhir periode tidak boleh sebelum awal periode.", field="end")
    return {"format": fmt, "start": start, "end": end}


def _csv(header: tuple, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def run_import(ctx: JobContext) -> tuple[dict, str]:
    from suara.voters.importing.report import REPORT_COLUMNS, count_by_code
    from suara.voters.importing.service import voters_import

    job = ctx.job
    path = ctx.folder / job.upload_name
    delta = job.kind == IMPORT_DELTA
    ctx.progress(0, 100, _("Membaca berkas"))
    with open(path, "rb") as stream:
        result = voters_import(
            stream=stream,
            actor=Actor.of(ctx.user),
            role=job.role,
            delta=delta,
            size=path.stat().st_size,
            progress=lambda rows, fraction: ctx.progress(5 + 85 * fraction, 100, _("Memeriksa dan menyimpan baris")),
            scope=job.scope,
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
        (ctx.folder / "baris-ditolak.csv").write_bytes(refused)
        return summary, "baris-ditolak.csv"
    summary.update(changed=result.changed, unchanged=result.unchanged, missing=len(result.missing))
    with zipfile.ZipFile(ctx.folder / "hasil-impor-delta.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("baris-ditolak.csv", refused)
        bundle.writestr("tidak-ada-dalam-ekstrak.csv", _csv(("nik", "kode_desa"), result.missing))
    return summary, "hasil-impor-delta.zip"


def run_dedup(ctx: JobContext) -> tuple[dict, str]:
    from suara.voters.dedup.service import dedup_run
    from suara.voters.models import Voter

    ctx.progress(5, 100, _("Membandingkan pemilih"))
    outcome = dedup_run(region=ctx.job.scope)
    ctx.progress(90, 100, _("Menulis pasangan"))
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
    (ctx.folder / "pasangan-ganda.csv").write_bytes(_csv(header, rows))
    summary = {
        "records": outcome.records,
        "focus": outcome.focus,
        "model": outcome.model_version,
        "proposed": len(outcome.proposed),
        "new": outcome.new,
        "decided": outcome.decided,
    }
    return summary, "pasangan-ganda.csv"


def run_allocate(ctx: JobContext) -> tuple[dict, str]:
    from suara.voters.allocation.services import tps_allocate

    options = ctx.job.params
    report = tps_allocate(
        region_code=ctx.job.scope,
        max_per_tps=options["max_per_tps"],
        actor=Actor.of(ctx.user),
        dry_run=options.get("dry_run", False),
        fresh=options.get("fresh", False),
        progress=lambda done, total: ctx.progress(done, total, _("Desa dialokasikan")),
    )
    header = ("kode_desa", "nama", "pemilih", "tps_perlu", "tps_ada", "tps_terpakai", "dipindah", "baru", "status",
              "keterangan")  # fmt: skip
    rows = (
        (d.code, d.name, d.voters, d.tps_needed, d.tps_available, d.tps_used, d.moved, d.placed, d.status, d.message)
        for d in report.desa
    )
    (ctx.folder / "alokasi-tps.csv").write_bytes(_csv(header, rows))
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


def run_report_dpb(ctx: JobContext) -> tuple[dict, str]:
    from suara.voters.reports.dpb import dpb_recap

    options = ctx.job.params
    ctx.progress(5, 100, _("Menghitung rekap"))
    recap = dpb_recap(
        region_code=ctx.job.scope,
        start=date.fromisoformat(options["start"]) if options.get("start") else None,
        end=date.fromisoformat(options["end"]) if options.get("end") else None,
    )
    ctx.progress(60, 100, _("Menyusun berkas"))
    name = f"rekap-dpb-{recap.region.code}.{options['format']}"
    (ctx.folder / name).write_bytes(RENDERERS[options["format"]](recap))
    summary = {"rows": len(recap.rows), "active": recap.totals.total, "changes": sum(recap.totals.changes.values())}
    return summary, name


START = "register:jobs"
KINDS = {
    kind.name: register(kind)
    for kind in (
        JobKind(IMPORT, _("Impor pemilih"), Action.UPDATE_VOTERS, run_import, (0, 2, 4, 6, 10),
                upload_suffixes=UPLOAD_SUFFIXES, summary_labels=SUMMARY_LABELS, start_url=START),
        JobKind(IMPORT_DELTA, _("Impor delta pemilih"), Action.UPDATE_VOTERS, run_import, (0, 2, 4, 6, 10),
                upload_suffixes=UPLOAD_SUFFIXES, summary_labels=SUMMARY_LABELS, start_url=START),
        JobKind(DEDUP, _("Deteksi pemilih ganda"), Action.DECIDE_DUPLICATE, run_dedup, (2, 4, 6, 10),
                summary_labels=SUMMARY_LABELS, start_url=START),
        JobKind(ALLOCATE, _("Alokasi TPS"), Action.UPDATE_VOTERS, run_allocate, (4, 6, 10),
                check_params=allocate_params, summary_labels=SUMMARY_LABELS, start_url=START),
        JobKind(REPORT_DPB, _("Rekap DPB"), Action.UPDATE_VOTERS, run_report_dpb, (2, 4, 6, 10),
                check_params=report_params, summary_labels=SUMMARY_LABELS, start_url=START),
    )
}  # fmt: skip
