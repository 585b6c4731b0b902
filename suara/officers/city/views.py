"""The city's closed view under /petugas/kota/: for the city's viewer (Diskominfo, Kesbangpol) its
officers per kecamatan, desa and TPS with their contacts, health aggregates (never a person's health),
KPU's progress and real count, and the city's own count beside KPU's; for the city's field officers the
entry of a TPS's numbers, phone-sized. Sign-in required; a code outside the user's city is refused with
``city_area_forbidden``. Views stay thin: selectors read, the service writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.errors import DomainError, NotFound, PermissionDenied
from suara.core.pages import forbidden
from suara.officers.city import selectors, services
from suara.officers.errors import OfficerErrorCode
from suara.results.labels import rule_message

MAX_SLUG = 60


def _refused(request, exc: DomainError):
    return forbidden(request, f"{exc.message} [{exc.code}]")


def _open(request, code: str, action: Action = Action.VIEW_CITY):
    """(node, election) for a page of the view, or raises: PermissionDenied for a code outside the city,
    Http404 for a code the geography does not hold."""
    areas = selectors.areas_of(request.user, action)
    try:
        selectors.area_open(request.user, code, action)
    except NotFound:
        raise Http404("code") from None
    top = next(a for a in areas if code.startswith(a))
    try:
        node = selectors.node_get(code, top)
        election = selectors.election_for(top, request.GET.get("pemilu", "")[:MAX_SLUG])
    except NotFound:
        raise Http404("code") from None
    return node, election


def _page(view):
    """Turns a refusal of the area into the 403 page naming its code."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return _refused(request, exc)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_safe
@login_required
def index(request):
    areas = selectors.areas_of(request.user)
    if areas:  # the viewer's own city (its first, when it holds several)
        return area(request, areas[0])
    if selectors.areas_of(request.user, Action.ENTER_CITY_COUNT):
        return redirect("city:entry")
    return forbidden(
        request, _("Halaman ini untuk pemerintah daerah (Diskominfo, Kesbangpol) dan petugas lapangannya.")
    )


def _context(node, election, tab: str, **more) -> dict:
    return {"node": node, "election": election, "tab": tab, **more}


@require_safe
@login_required
@_page
def area(request, code: str):
    """Officers: per child, appointed officers against seats per body; the officers posted here."""
    node, election = _open(request, code)
    bodies = selectors.bodies_beneath(node.children[0][0]) if node.children else []
    table = selectors.seat_table(election, code, len(node.children[0][0])) if node.children else {}
    totals = selectors.seat_table(election, code, len(code)).get(code, {})
    rows = [{"code": c, "name": name, "cells": [table.get(c, {}).get(b) for b in bodies]} for c, name in node.children]
    context = _context(
        node,
        election,
        "area",
        bodies=[selectors.BODY_LABELS[b] for b in bodies],
        rows=rows,
        totals=[(selectors.BODY_LABELS[b], cell) for b, cell in totals.items()],
        contacts=selectors.contacts_at(election, code),
    )
    return render(request, "officers/city/area.html", context)


@require_safe
@login_required
@_page
def health(request, code: str):
    """Health aggregates: counts by body and risk category, small cells suppressed; alerts per child (high
    risk not cleared, missed check-ins)."""
    node, election = _open(request, code)
    context = _context(
        node,
        election,
        "health",
        rows=selectors.health_by_body(election, code),
        alerts=selectors.health_alerts(election, node),
        missed=selectors.missed_checkins(election, node),
    )
    return render(request, "officers/city/health.html", context)


def _contest(request, election, code: str):
    try:
        return selectors.contest_for(election, code, request.GET.get("kontestasi", "")[:MAX_SLUG])
    except NotFound:
        raise Http404("contest") from None


@require_safe
@login_required
@_page
def results(request, code: str):
    """KPU's progress (TPS reported per child) and its real count over the area, from the snapshots."""
    node, election = _open(request, code)
    if len(code) == 13:
        raise Http404("tps")
    contest = _contest(request, election, code)
    recap = selectors.kpu_recap(contest, code) if contest else None
    context = _context(
        node,
        election,
        "results",
        contests=selectors.contests_for(election, code),
        contest=contest,
        recap=recap,
    )
    return render(request, "officers/city/results.html", context)


@require_safe
@login_required
@_page
def compare(request, code: str):
    """The city's count beside KPU's, per TPS of a kecamatan, desa or TPS; differences highlighted."""
    node, election = _open(request, code)
    contest = _contest(request, election, code)
    rows = selectors.comparison(contest, code) if contest and len(code) >= 6 else []
    numbers = list(contest.candidates.order_by("number").values_list("number", flat=True)) if contest else []
    fields = [f"votes.{n}" for n in numbers] + ["valid", "invalid", "total"]
    table = [
        {
            "row": r,
            "cells": [
                {
                    "city": r.city.get(f) if r.city else None,
                    "kpu": r.kpu.get(f) if r.kpu else None,
                    "differs": f in r.differing,
                }
                for f in fields
            ],
        }
        for r in rows
    ]
    summary = {
        "city": sum(1 for r in rows if r.city),
        "kpu": sum(1 for r in rows if r.kpu),
        "both": sum(1 for r in rows if r.city and r.kpu),
        "differing": sum(1 for r in rows if r.differing),
    }
    context = _context(
        node,
        election,
        "compare",
        contests=selectors.contests_for(election, code),
        contest=contest,
        headers=[str(n) for n in numbers] + [_("Sah"), _("Tidak sah"), _("Jumlah")],
        table=table,
        summary=summary,
    )
    return render(request, "officers/city/compare.html", context)


def _int_or_text(value: str) -> int | str:
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else value


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def entry(request):
    """The field officer's entry: a TPS code and a contest, then the candidates' votes, valid, invalid and
    total. Phone-sized; a refusal keeps what was typed and names each broken rule."""
    areas = selectors.areas_of(request.user, Action.ENTER_CITY_COUNT)
    if not areas:
        return forbidden(request, _("Hitung kota diisi oleh petugas lapangan pemerintah daerah."))
    data = request.POST if request.method == "POST" else request.GET
    tps = data.get("tps", "").strip()[:13]
    slug = data.get("kontestasi", "").strip()[:MAX_SLUG]
    error, problems, status, count, contest, contests, candidates = "", [], 200, None, None, [], []
    if tps:
        try:
            selectors.area_open(request.user, tps, Action.ENTER_CITY_COUNT)
            if len(tps) != 13:
                raise NotFound(OfficerErrorCode.CITY_REGION_NOT_FOUND, _("Kode TPS harus 13 digit."))
            election = selectors.election_for(tps[:4])
            contests = selectors.contests_for(election, tps) if election else []
            contest = selectors.contest_for(election, tps, slug) if election else None
        except DomainError as exc:
            error, status = f"{exc.message} [{exc.code}]", exc.status
            tps, contest = "", None
    if contest is not None:
        candidates = list(contest.candidates.order_by("number").values_list("number", "name"))
        count = selectors.city_count_of(contest, tps)
    typed = {}
    if request.method == "POST" and contest is not None:
        typed = {key: data.get(key, "") for key in ["valid", "invalid", "total"]}
        typed |= {f"votes_{n}": data.get(f"votes_{n}", "") for n, _name in candidates}
        base = data.get("versi", "")
        try:
            saved = services.city_count_enter(
                actor=Actor.of(request.user),
                contest=contest.slug,
                tps=tps,
                votes={n: _int_or_text(typed[f"votes_{n}"]) for n, _name in candidates},
                valid=_int_or_text(typed["valid"]),
                invalid=_int_or_text(typed["invalid"]),
                total=_int_or_text(typed["total"]),
                base_version=int(base) if base.isascii() and base.isdigit() and len(base) < 10 else None,
            )
        except DomainError as exc:
            error, status = f"{exc.message} [{exc.code}]", exc.status
            if exc.details:  # each broken rule in the page's language, its numbers kept
                error = f"{_('Angka hitung kota tidak konsisten.')} [{exc.code}]"
                problems = [{"code": d["code"], "message": rule_message(d)} for d in exc.details]
        else:
            messages.success(
                request, _("Hitung kota TPS %(tps)s tersimpan, versi %(v)d.") % {"tps": tps, "v": saved.version}
            )
            return redirect(f"{request.path}?tps={tps}&kontestasi={contest.slug}")
    if count is not None and not typed:
        typed = {"valid": count.valid, "invalid": count.invalid, "total": count.total}
        typed |= {f"votes_{n}": count.votes.get(f"votes.{n}", "") for n, _name in candidates}
    context = {
        "areas": areas,
        "tps": tps,
        "contest": contest,
        "contests": contests,
        "candidates": [(n, name, typed.get(f"votes_{n}", "")) for n, name in candidates],
        "typed": typed,
        "count": count,
        "error": error,
        "problems": problems,
    }
    return render(request, "officers/city/entry.html", context, status=status)
