"""/petugas/rekap/karantina/: is the count moving? For KPU officers: the recap worker's last round, the
deltas waiting and whether the count is paused, and the quarantined deltas of their region (a delta whose
fold failed on its own, set aside so every other one folds: ``recap_quarantine``) with the error of each.
``suara recap doctor`` prints the same; ``suara recap release`` puts a delta back once its cause is fixed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from suara.accounts.authz import assignments_of
from suara.accounts.roles import Role
from suara.results.models import QuarantinedDelta
from suara.results.recap_status import count_status
from suara.results.views_entry import forbidden

KPU_ROLES = (Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA)
SHOWN = 500


@require_safe
@login_required
def quarantine_page(request):
    scopes = sorted({a.scope for a in assignments_of(request.user) if a.role in KPU_ROLES})
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
