"""The ad-hoc officers' job kinds (``jobs.registry``): the import of a file of applicants, and the
eligibility assessment of the open applications in a region. Who may start one is ``MANAGE_OFFICERS``
over the job's region (a PPS its desa, a PPK its kecamatan, a KPU office its region)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from suara.accounts.roles import Action
from suara.core.errors import NotFound
from suara.elections.errors import ElectionErrorCode
from suara.elections.models import Election
from suara.jobs.registry import JobKind, register
from suara.jobs.runner import JobContext

IMPORT_APPLICANTS, ASSESS_ELIGIBILITY = "officers_import", "officers_eligibility"
SUMMARY_LABELS = {
    "rows": _("Baris dibaca"),
    "added": _("Ditambahkan"),
    "rejected": _("Ditolak"),
    "assessed": _("Pendaftar diperiksa"),
    "eligible": _("Memenuhi syarat"),
    "ineligible": _("Tidak memenuhi syarat"),
    "moved": _("Berubah status"),
}


def election_params(params: Mapping[str, Any]) -> dict:
    slug = str(params.get("pemilu") or "").strip()[:40]
    if not slug or not Election.objects.filter(slug=slug).exists():
        raise NotFound(ElectionErrorCode.ELECTION_NOT_FOUND, "Pemilu dengan slug ini tidak ditemukan.", field="pemilu")
    return {"pemilu": slug}


def run_import(ctx: JobContext) -> tuple[dict, str]:
    from suara.officers.recruitment.importing import applicants_import
    from suara.voters.importing.report import REPORT_COLUMNS, count_by_code

    job = ctx.job
    path = ctx.folder / job.upload_name
    ctx.progress(0, 100, _("Membaca berkas"))
    with open(path, "rb") as stream:
        result = applicants_import(
            stream=stream,
            election=Election.objects.get(slug=job.params["pemilu"]),
            actor=ctx.user.username,
            role=job.role,
            scope=job.scope,
            size=path.stat().st_size,
            progress=lambda rows, fraction: ctx.progress(5 + 85 * fraction, 100, _("Memeriksa dan menyimpan baris")),
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerows((p.line, p.code, p.column, p.reason) for p in sorted(result.problems, key=lambda p: p.line))
    (ctx.folder / "baris-ditolak.csv").write_bytes(out.getvalue().encode("utf-8"))
    summary = {
        "rows": result.rows,
        "added": result.added,
        "rejected": result.rejected,
        "by_code": count_by_code(result.problems),
    }
    return summary, "baris-ditolak.csv"


def run_eligibility(ctx: JobContext) -> tuple[dict, str]:
    from suara.officers.recruitment.assessment import eligibility_assess

    job = ctx.job
    result = eligibility_assess(
        election=Election.objects.get(slug=job.params["pemilu"]),
        actor=ctx.user.username,
        role=job.role,
        region_code=job.scope,
        progress=lambda done, total: ctx.progress(done, total, _("Memeriksa persyaratan")),
    )
    summary = {
        "assessed": result.assessed,
        "eligible": result.eligible,
        "ineligible": result.ineligible,
        "moved": result.moved,
        "by_reason": result.by_reason,
    }
    return summary, ""


KINDS = {
    kind.name: register(kind)
    for kind in (
        JobKind(IMPORT_APPLICANTS, _("Impor pendaftar badan ad hoc"), Action.MANAGE_OFFICERS, run_import,
                (0, 2, 4, 6, 10), check_params=election_params, upload_suffixes=(".csv", ".xlsx"),
                summary_labels=SUMMARY_LABELS),
        JobKind(ASSESS_ELIGIBILITY, _("Pemeriksaan persyaratan pendaftar"), Action.MANAGE_OFFICERS,
                run_eligibility, (0, 2, 4, 6, 10), check_params=election_params, summary_labels=SUMMARY_LABELS),
    )
}  # fmt: skip
