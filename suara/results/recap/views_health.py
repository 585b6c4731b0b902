"""/petugas/rekap/karantina/: is the count moving? For KPU officers: the recap worker's last round, the
deltas waiting and whether the count is paused, and the quarantined deltas of their region (a delta whose
fold failed on its own, set aside so every other one folds: ``recap_quarantine``) with the error of each.
``suara recap doctor`` prints the same. KPU RI puts quarantined deltas back in the queue once their cause
is fixed (here or with ``suara recap release``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from suara.accounts.authz import assignments_of
from suara.accounts.roles import Role
from suara.audit.actors import Actor
from suara.core.pages import forbidden
from suara.results.models import QuarantinedDelta
from suara.results.recap.quarantine import quarantine_release
from suara.results.recap.status import count_status

KPU_ROLES = (Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA)
SHOWN = 500


@require_safe
@login_required
def quarantine_page(request):
    scopes = _kpu_scopes(request.user)
    if not scopes:
        return forbidden(request, _("Halaman ini untuk KPU RI, KPU provinsi dan KPU kabupaten/kota."))
    found = QuarantinedDelta.objects.select_related("contest").order_by("-quarantined_at", "-pk")
    if "" not in scopes:
        within = Q()
        for scope in scopes:
            within |= Q(tps_code__startswith=scope)
        found = found.filter(within)
    context = {
        "status": count_status(),
        "quarantined": list(found[:SHOWN]),
        "total": found.count(),
        "national": "" in scopes,
    }
    return render(request, "results/recap/quarantine.html", context)


def _kpu_scopes(user) -> list[str]:
    return sorted({a.scope for a in assignments_of(user) if a.role in KPU_ROLES})


@require_POST
@login_required
def quarantine_release_view(request):
    """KPU RI only: a delta's cause may lie anywhere in the count, and putting it back affects the nation's
    totals. Either one quarantined delta (``id``) or all of them (``all``)."""
    if "" not in _kpu_scopes(request.user):
        return forbidden(request, _("Hanya KPU RI yang dapat mengembalikan perubahan dari karantina."))
    raw = request.POST.get("id", "")
    if request.POST.get("all"):
        ids = None
    elif raw.isascii() and raw.isdigit() and len(raw) < 19:
        ids = [int(raw)]
    else:
        messages.error(request, _("Pilih perubahan yang akan dikembalikan."))
        return redirect("recap:quarantine")
    released = quarantine_release(actor=Actor.of(request.user), ids=ids)
    messages.success(request, _("%(count)d perubahan dikembalikan ke antrean.") % {"count": released})
    return redirect("recap:quarantine")
