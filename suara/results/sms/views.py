"""The KPPS's SMS pages under /petugas/sms/: the printable page of the SMS format (one A4 page), and the
officer's own page, where they register their phone and the chair issues the TPS's PIN and card of
one-time codes (shown once, to print)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from suara.accounts.authz import assignments_of
from suara.accounts.roles import Role
from suara.accounts.services import user_phone_set
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.core.phones import phone_masked
from suara.elections.models import Contest
from suara.messaging.services import sms_key_issue, sms_key_live
from suara.results.entry.selectors import entry_items
from suara.results.sms.format import KEYWORD, SHORT_CODES, TYPED_LABELS


def _kpps_tps(user) -> list[str]:
    return sorted({a.scope for a in assignments_of(user) if a.role == Role.KPPS})


@require_safe
@login_required
def sms_format_page(request):
    """The format, with the officer's own contests and their candidates in ballot order when they are KPPS."""
    lines = []
    for item in entry_items(request.user):
        lines.append(
            {
                "code": SHORT_CODES.get(item.contest.ballot_type, ""),
                "tps": item.tps_code,
                "contest": item.contest,
                "candidates": list(item.contest.candidates.order_by("number")),
            }
        )
    return render(
        request,
        "results/sms/format.html",
        {
            "keyword": KEYWORD,
            "short_codes": [(code, Contest.BallotType(ballot).label) for ballot, code in SHORT_CODES.items()],
            "typed": TYPED_LABELS,
            "lines": [line for line in lines if line["code"]],
            "gateway_number": settings.SUARA_SMS_GATEWAY_NUMBER,
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def sms_officer_page(request):
    tps_codes = _kpps_tps(request.user)
    if not tps_codes:
        return forbidden(request, _("Halaman ini untuk KPPS. Akun Anda tidak punya peran KPPS."))
    actor = Actor.of(request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "phone":
                user_phone_set(user=request.user, phone=request.POST.get("phone", ""), actor=actor)
                messages.success(request, _("Nomor HP tersimpan."))
            elif action == "pin" and request.POST.get("tps") in tps_codes:
                issued = sms_key_issue(actor=actor, user=request.user, tps=request.POST["tps"])
                return render(request, "results/sms/card.html", {"issued": issued})
            else:
                messages.error(request, _("Permintaan tidak dikenal."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("sms:officer")
    keys = {tps: sms_key_live(tps) for tps in tps_codes}
    return render(
        request,
        "results/sms/officer.html",
        {
            "phone": phone_masked(request.user.phone) if request.user.phone else "",
            "keys": sorted(keys.items()),
            "gateway_number": settings.SUARA_SMS_GATEWAY_NUMBER,
        },
    )
