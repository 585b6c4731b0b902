"""The membership checks as a job (``jobs.registry``): KPU RI runs the full cross-check of an election's
listings (double memberships, the register join, the officer list) from the jobs page or the API. The
checks also run by themselves after each upload, for what the upload touched (``services``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.errors import NotFound
from suara.jobs.registry import JobKind, register
from suara.jobs.runner import JobContext
from suara.parties.errors import PartyErrorCode

PARTY_CHECKS = "party_checks"


def check_params(params: Mapping[str, Any]) -> dict:
    from suara.parties.selectors import election_with_parties

    slug = str(params.get("election") or "").strip()[:40] or election_with_parties()
    if not slug:
        raise NotFound(PartyErrorCode.PARTY_NOT_FOUND, "Belum ada pemilu dengan partai peserta.", field="election")
    return {"election": slug}


def run_checks(ctx: JobContext) -> tuple[dict, str]:
    from suara.elections.models import Election
    from suara.parties.checks.services import members_check

    election = Election.objects.filter(slug=ctx.job.params["election"]).first()
    if election is None:
        raise NotFound(PartyErrorCode.PARTY_NOT_FOUND, "Pemilu tidak ditemukan.", field="election")
    ctx.progress(0, 100, _("Memeriksa keanggotaan partai"))
    result = members_check(election=election, actor=Actor.of(ctx.user), role=ctx.job.role)
    ctx.progress(100, 100, _("Selesai"))
    summary = {
        "listings": result.listings,
        "eligible": result.eligible,
        "double": result.double,
        "changed": result.changed,
    }
    return summary, ""


register(
    JobKind(
        name=PARTY_CHECKS,
        label=_("Pemeriksaan keanggotaan partai (seluruh partai)"),
        action=Action.MANAGE_ELECTION,
        run=run_checks,
        scope_lengths=(0,),
        check_params=check_params,
        summary_labels={
            "listings": _("Anggota diperiksa"),
            "eligible": _("Memenuhi syarat (MS)"),
            "double": _("Keanggotaan ganda"),
            "changed": _("Status berubah"),
        },
    )
)
