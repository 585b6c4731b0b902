"""The sharing app's job kind (``jobs.registry``): an extract under an agreement (``services_extracts``). Who
may start one is ``SHARE_VOTER_DATA`` over the extract's region (a KPU office); its options are checked
against the agreement when it is started and again when it runs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from suara.accounts.roles import Action
from suara.jobs.registry import JobKind, register
from suara.jobs.runner import JobContext
from suara.sharing.services_extracts import EXTRACT, extract_params

SUMMARY_LABELS = {
    "extract": _("Ekstrak"),
    "rows": _("Baris"),
    "markers": _("Baris penanda"),
}


def run_extract(ctx: JobContext) -> tuple[dict, str]:
    from suara.sharing.services_extracts import extract_produce

    extract = extract_produce(job=ctx.job, user=ctx.user, folder=ctx.folder, progress=ctx.progress)
    return {"extract": extract.pk, "rows": extract.rows, "markers": len(extract.markers)}, extract.file_name


KINDS = {
    kind.name: register(kind)
    for kind in (
        JobKind(EXTRACT, _("Ekstrak data pemilih untuk perjanjian berbagi data"), Action.SHARE_VOTER_DATA,
                run_extract, (0, 2, 4, 6, 10), check_params=extract_params, summary_labels=SUMMARY_LABELS,
                start_url="sharing:index"),
    )
}  # fmt: skip
