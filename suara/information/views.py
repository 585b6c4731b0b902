"""The public pages of hoax clarifications (list with search, detail with its ClaimReview JSON-LD, the
embeddable "cek hoaks" widget) and the officers' page under /petugas/hoaks/ (a draft may start from a group
of rumour reports: ``?kelompok=``). Thin: the services and selectors decide. The rumour reports' pages are
``views_rumours``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.information import selectors, selectors_rumours, services
from suara.information.claimreview import script_text
from suara.information.matching import MAX_QUERY_TOKENS
from suara.information.models import Platform, RumourGroup
from suara.information.pages import review_of
from suara.information.verdicts import QUESTIONS, VERDICT_MEANINGS, Verdict
from suara.integrations.embedding import embeddable

QUERY_MAX_LENGTH = 200


def _query(request) -> str:
    return request.GET.get("q", "")[:QUERY_MAX_LENGTH].strip()


@require_GET
@embeddable
def clarification_list(request):
    query = _query(request)
    results = selectors.search(query) if query else list(selectors.published()[:50])
    context = {"query": query, "results": results, "max_tokens": MAX_QUERY_TOKENS}
    return render(request, "information/list.html", context)


@require_GET
@embeddable
def clarification_detail(request, pk: int):
    clarification = selectors.published_one(pk)
    if clarification is None:
        raise Http404
    context = {
        "c": clarification,
        "meaning": VERDICT_MEANINGS[Verdict(clarification.verdict)],
        "platform": Platform(clarification.platform).label,
        "jsonld": script_text(review_of(clarification, request.build_absolute_uri)),
    }
    return render(request, "information/detail.html", context)


@require_GET
@embeddable
def widget(request):
    """The "cek hoaks" widget for a city app: one search box and the top answers, each linking to its
    clarification (inside the embedding, so the links stay framed)."""
    query = _query(request)
    results = selectors.search(query, limit=5) if query else []
    return render(request, "information/widget.html", {"query": query, "results": results})


def _input(post) -> services.ClarificationInput:
    return services.ClarificationInput(
        claim=post.get("claim", ""),
        platform=post.get("platform", ""),
        verdict=post.get("verdict", ""),
        explanation=post.get("explanation", ""),
        answers={name: {"ya": True, "tidak": False}.get(post.get(name)) for name, _ in QUESTIONS},
        appearance_url=post.get("appearance_url", ""),
        first_seen=post.get("first_seen", ""),
        evidence=post.get("evidence", "").split(),
        region_code=post.get("region_code", ""),
        rumour_group=int(post.get("rumour_group") or 0) or None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_page(request):
    regions = selectors.writer_regions(request.user)
    if not regions:
        return forbidden(request, _("Halaman ini untuk KPU dan Diskominfo."))
    error = None
    if request.method == "POST":
        actor = Actor.of(request.user)
        try:
            if request.POST.get("action") == "publish":
                pk = int(request.POST.get("id", "0") or 0)
                services.clarification_publish(actor=actor, pk=pk)
                messages.success(request, _("Klarifikasi diterbitkan."))
            else:
                services.clarification_create(actor=actor, data=_input(request.POST))
                messages.success(request, _("Draf klarifikasi disimpan; orang kedua menerbitkannya."))
            return redirect("information_officers:page")
        except DomainError as exc:
            error = exc
        except ValueError:
            raise Http404 from None
    posted = request.POST if error else None
    group = _rumour_group(request.POST.get("rumour_group") if error else request.GET.get("kelompok"))
    if group is not None and posted is None:  # a clarification started from a group of reports: its text
        posted = {"claim": group.summary, "appearance_url": selectors_rumours.group_first_link(group)}
    context = {
        "drafts": list(selectors.drafts_for(regions)[:100]),
        "error": error,
        "posted": posted,
        "group": group,
        "questions": QUESTIONS,
        "platforms": Platform.choices,
        "verdicts": [(v.value, VERDICT_MEANINGS[v]) for v in Verdict],
    }
    return render(request, "information/officers.html", context, status=error.status if error else 200)


def _rumour_group(value):
    """The open (or dismissed) group a clarification is started from (``?kelompok=``), or None."""
    try:
        group = selectors_rumours.group_get(int(value)) if value else None
    except ValueError:
        return None
    return group if group is not None and group.status != RumourGroup.Status.ANSWERED else None
