"""The network readiness's job kind (``jobs.registry``): the import of a list of TPS signal (a blank-spot
list). Who may start one is ``MANAGE_READINESS`` over the job's region: the city's Diskominfo (the pemkot
role) or the KPU kab/kota in their kab/kota, or below it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.jobs.registry import JobKind, register
from suara.jobs.runner import JobContext

IMPORT_SIGNAL = "network_import"
REPORT_NAME = "baris-ditolak.csv"
SUMMARY_LABELS = {
    "rows": _("Baris dibaca"),
    "added": _("Ditambahkan"),
    "rejected": _("Ditolak"),
}


def run_import(ctx: JobContext) -> tuple[dict, str]:
    from suara.network.importing import readiness_import
    from suara.voters.importing.report import count_by_code, write_report

    job = ctx.job
    path = ctx.folder / job.upload_name
    ctx.progress(0, 100, _("Membaca berkas"))
    with open(path, "rb") as stream:
        result = readiness_import(
            stream=stream,
            actor=Actor.of(ctx.user),
            role=job.role,
            scope=job.scope,
            job_id=job.pk,
            size=path.stat().st_size,
            progress=lambda rows, fraction: ctx.progress(5 + 90 * fraction, 100, _("Memeriksa dan menyimpan baris")),
        )
    write_report(result.problems, ctx.folder / REPORT_NAME)
    summary = {
        "rows": result.rows,
        "added": result.added,
        "rejected": result.rejected,
        "by_code": count_by_code(result.problems),
    }
    return summary, REPORT_NAME


KINDS = {
    kind.name: register(kind)
    for kind in (
        JobKind(IMPORT_SIGNAL, _("Impor daftar sinyal TPS (blank spot)"), Action.MANAGE_READINESS, run_import,
                (4, 6, 10), upload_suffixes=(".csv", ".xlsx"), summary_labels=SUMMARY_LABELS,
                start_url="network:import"),
    )
}  # fmt: skip
