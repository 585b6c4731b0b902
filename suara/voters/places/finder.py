"""The TPS-finder widget at /cari-tps/, embeddable under /sematkan/<embed_id>/ like cek DPT: a TPS code
gives its address, accessibility and map links; a voter who does not know their TPS is sent to cek DPT
(NIK and name, its privacy pattern), whose answer shows the same place. Public; a GET with the TPS code
(a TPS code is public, never personal data)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from suara.core.errors import DomainError
from suara.integrations.embedding import embeddable
from suara.regions import selectors as regions
from suara.voters.places import selectors


@embeddable
@require_safe
def tps_finder(request):
    code = request.GET.get("tps", "").strip()[:20]
    context: dict = {"code": code}
    status = 200
    if code:
        try:
            tps = regions.tps_get(code)
        except DomainError as exc:
            context["error"], status = exc, exc.status
        else:
            context["tps"], context["place"] = tps, selectors.place_of(tps.code)
    return render(request, "voters/places/finder.html", context, status=status)
