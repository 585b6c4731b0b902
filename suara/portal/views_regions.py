"""The region browser: provinces, one region with its children (or a desa with its TPS), one TPS, and a
name search. Unknown or malformed codes are 404s."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from suara.core.errors import DomainError
from suara.integrations.embedding import embeddable
from suara.portal import queries
from suara.regions.errors import RegionErrorCode
from suara.regions.models import Level
from suara.regions.selectors import region_ancestors, region_children, region_search, tps_get
from suara.voters.places.selectors import place_of, places_in

# Longer queries are never names; cut them before they reach the database.
MAX_QUERY_LENGTH = 60


@embeddable
@require_safe
def region_index(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    results, search_error = None, ""
    if query:
        try:
            results = region_search(query)
        except DomainError as exc:
            if exc.code == RegionErrorCode.SEARCH_TOO_SHORT:
                search_error = _("Ketik paling sedikit 2 huruf untuk mencari.")
            else:  # invalid_search: too long or with control characters (%00, %1b...)
                search_error = _("Kata pencarian hanya boleh berisi huruf, angka dan tanda baca biasa.")
                query = "".join(c for c in query if c.isprintable())
    provinces = list(region_children())
    return render(
        request,
        "portal/region_index.html",
        {
            "query": query,
            "results": results,
            "search_error": search_error,
            "provinces": [p for p in provinces if not p.is_overseas],
            "overseas": [p for p in provinces if p.is_overseas],
        },
    )


@embeddable
@require_safe
def region_detail(request, code: str):
    found = queries.region_with_ancestors(code)
    if found is None:
        raise Http404("region")
    region, ancestors = found
    context = {"region": region, "ancestors": ancestors, "children": [], "tps_list": []}
    if region.level == Level.DESA:
        tps_list = list(queries.desa_tps(region))
        places = places_in([t.code for t in tps_list])
        for t in tps_list:
            t.place = places.get(t.code)  # its recorded address and map links (voters.places), or None
        context["tps_list"] = tps_list
    else:
        context["children"] = list(queries.region_children(region))
    return render(request, "portal/region_detail.html", context)


@embeddable
@require_safe
def tps_detail(request, code: str):
    try:
        tps = tps_get(code)
    except DomainError as exc:
        # Both a malformed code and an unknown one: nothing to show.
        raise Http404("tps") from exc
    context = {
        "tps": tps,
        "ancestors": region_ancestors(code),
        "result_contests": queries.counted_contests(),
        "place": place_of(tps.code),
    }
    return render(request, "portal/tps_detail.html", context)
