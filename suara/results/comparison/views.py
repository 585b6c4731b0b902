"""The comparison page: where the count and KPU's published numbers differ, beneath a region. An analysis
over the published TPS snapshots (``results.comparison.selectors``: a bounded number of queries, one page
of TPS at a time), so unlike the recap pages it is not kept per snapshot; it may be cached for a minute."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from suara.core.errors import DomainError
from suara.elections.selectors import contest_get
from suara.results.comparison import selectors as comparison

PAGE_SIZE = 100
MAX_AGE = 60


def field_label(field: str) -> str:
    head, _dot, tail = field.partition(".")
    if head == "votes":
        return _("Paslon %(number)s") % {"number": tail.zfill(2)}
    labels = {
        "valid": _("Suara sah"),
        "invalid": _("Suara tidak sah"),
        "total": _("Jumlah suara"),
        "voted_total": _("Pengguna hak pilih"),
        "voted_dpt": _("Pengguna DPT"),
        "voted_dptb": _("Pengguna DPTb"),
        "voted_dpk": _("Pengguna DPK"),
    }
    label = labels.get(head, head)
    return f"{label} ({tail.upper()})" if tail and tail != "j" else label


def _url(contest: str, code: str, source: str, page: int = 1) -> str:
    path = (
        reverse("results_comparison:comparison", args=[contest, code])
        if code
        else (reverse("results_comparison:comparison_national", args=[contest]))
    )
    query = {"sumber": source} | ({"halaman": page} if page > 1 else {})
    return f"{path}?{urlencode(query)}"


@require_safe
def comparison_page(request, contest: str, code: str = ""):
    try:
        contest_obj = contest_get(contest)
    except DomainError as exc:
        raise Http404(exc.code) from exc
    available = comparison.sources_with_data(contest_obj)
    source = request.GET.get("sumber") or (available[0] if available else next(iter(comparison.SOURCES)))
    page = request.GET.get("halaman", "1")
    # Only ASCII digits are a page: "²".isdigit() holds but int() refuses it; 0 is refused below.
    page = int(page) if page.isascii() and page.isdigit() and len(page) <= 9 else 0
    try:
        found = comparison.comparison_get(contest=contest, code=code, source=source, page=page, page_size=PAGE_SIZE)
    except DomainError as exc:
        # An unknown region, source or page alike: nothing to show.
        raise Http404(exc.code) from exc
    slug = contest_obj.slug
    crumbs = [{"name": _("Nasional"), "url": _url(slug, "", source)}] if code else []
    crumbs += [{"name": name, "url": _url(slug, c, source)} for c, name in found.ancestors]
    rows = [
        {
            "code": row.code,
            "url": reverse("results:tps_result", args=[slug, row.code]),
            "differences": [
                {"label": field_label(f), "ours": row.ours[f], "theirs": row.theirs[f]} for f in row.fields
            ],
        }
        for row in found.rows
    ]
    context = {
        "found": found,
        "crumbs": crumbs,
        "children": [{"child": c, "url": _url(slug, c.code, source)} for c in found.children],
        "rows": rows,
        "sources": [
            {"key": key, "label": label, "url": _url(slug, code, key), "current": key == source}
            for key, label in comparison.SOURCES.items()
            if key in available or key == source
        ],
        "has_data": bool(available),
        "previous_url": _url(slug, code, source, found.page - 1) if found.page > 1 else "",
        "next_url": _url(slug, code, source, found.page + 1) if found.page < found.pages else "",
    }
    response = render(request, "results/comparison/page.html", context)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
