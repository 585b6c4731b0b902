"""The ad-hoc officers' pages under /petugas/adhoc/: completeness of the rosters beneath a region with its
drill-down (kab/kota → kecamatan → desa → TPS), a posting's roster with the appointment by decree, the
reserve's promotion and "buat akun", the decree's PDF, the Linmas intake, the honorarium list and the
public's comments on a list. Views stay thin: the services decide who may and refuse with a reason."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.elections.models import Election
from suara.officers.bodies import BODY_LABELS, STATUS_LABELS, Body, Status
from suara.officers.models import CommentWindow, Decree, Officer
from suara.officers.rosters import selectors
from suara.officers.rosters.honorarium import honorarium_list, render_xlsx
from suara.officers.rosters.services import linmas_intake
from suara.officers.selection import services as selection
from suara.officers.selection import services_appointment as appointment
from suara.officers.selection.decree import decree_pdf
from suara.officers.selection.rules import WRITTEN_TEST
from suara.officers.selection.selectors import posting_name
from suara.regions.models import Region

MAX_UPLOAD = 8 * 1024 * 1024
NOT_OFFICER = gettext_lazy("Halaman ini untuk petugas KPU, PPK dan PPS di wilayahnya.")


def _election(slug: str) -> Election:
    election = Election.objects.filter(slug=slug).first() if len(slug) <= 40 else None
    if election is None:
        raise Http404("election")
    return election


def _digits(code: str) -> bool:
    return code.isascii() and code.isdigit()


@require_safe
@login_required
def index(request):
    """To the completeness of the officer's own region, for the latest election with officers (or the
    latest election)."""
    scopes = [a.scope for a in assignments_of(request.user) if authorize(request.user, Action.VIEW_INTERNAL, a.scope)]
    with_officers = Officer.objects.values("election_id")
    election = (
        Election.objects.filter(pk__in=with_officers).order_by("-voting_day").first()
        or Election.objects.order_by("-voting_day").first()
    )
    regions = [s for s in scopes if len(s) in (2, 4, 6, 10)]
    if election is None or not regions:
        return forbidden(request, NOT_OFFICER)
    return redirect("officers_adhoc:region", election.slug, regions[0])


@require_safe
@login_required
def region_page(request, election: str, code: str):
    election_row = _election(election)
    region = Region.objects.filter(code=code).first() if _digits(code) else None
    if region is None:
        raise Http404("region")
    if not authorize(request.user, Action.VIEW_INTERNAL, code):
        return forbidden(request, NOT_OFFICER)
    total, children = selectors.completeness(election_row, region)
    context = {
        "election": election_row,
        "region": region,
        "ancestors": _ancestors(region),
        "total": total,
        "children": children,
        "bodies": [b for b in Body if b in total.seats],
        "body_labels": BODY_LABELS,
        "own_roster": len(code) in selectors.BODIES_AT,
        "may_linmas": selection.may_act(request.user, Action.MANAGE_OFFICERS, Body.LINMAS, code),
        "may_scores": any(selection.may_act(request.user, Action.MANAGE_OFFICERS, b, code) for b in WRITTEN_TEST),
        "may_honorarium": authorize(request.user, Action.MANAGE_OFFICERS, code).allowed,
    }
    return render(request, "officers/rosters/region.html", context)


def _ancestors(region: Region) -> list[Region]:
    codes = [region.code[:n] for n in (2, 4, 6) if n < len(region.code)]
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def _posting_context(request, election: Election, code: str) -> dict:
    rosters = selectors.posting_roster(election, code)
    for roster in rosters:
        roster.label = BODY_LABELS[roster.body]
        roster.may_appoint = selection.may_act(request.user, Action.APPOINT_OFFICERS, roster.body, code)
        roster.candidates = (
            list(
                Officer.objects.filter(
                    election=election,
                    body=roster.body,
                    posting_code=code,
                    status__in=appointment.appointable(roster.body),
                ).order_by("name", "pk")
            )
            if roster.may_appoint
            else []
        )
        roster.needing_accounts = sum(1 for o in roster.appointed if appointment.needs_account(o))
        roster.may_manage = roster.body in WRITTEN_TEST and selection.may_act(
            request.user, Action.MANAGE_OFFICERS, roster.body, code
        )
        roster.windows = list(CommentWindow.objects.filter(election=election, body=roster.body, posting_code=code))
    region_code = code[:10] if len(code) == 13 else code[: {6: 4, 10: 6}[len(code)]]
    return {
        "election": election,
        "code": code,
        "name": posting_name(code),
        "parent": Region.objects.filter(code=region_code).first(),
        "rosters": rosters,
        "status_labels": STATUS_LABELS,
        "leaving_statuses": [(s.value, STATUS_LABELS[s]) for s in (Status.RESIGNED, Status.DECEASED, Status.REPLACED)],
    }


@require_safe
@login_required
def posting_page(request, election: str, code: str):
    election_row = _election(election)
    if len(code) not in selectors.BODIES_AT or not _digits(code):
        raise Http404("posting")
    if not authorize(request.user, Action.VIEW_INTERNAL, code):
        return forbidden(request, NOT_OFFICER)
    return render(request, "officers/rosters/posting.html", _posting_context(request, election_row, code))


def _refused(request, election: Election, code: str, exc: DomainError) -> HttpResponse:
    if exc.status == 403:
        return forbidden(request, exc.message)
    context = _posting_context(request, election, code) | {"error": exc}
    return render(request, "officers/rosters/posting.html", context, status=exc.status)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if _digits(v) and len(v) < 19]


@require_POST
@login_required
def appoint(request, election: str, code: str, body: str):
    election_row = _election(election)
    chair = _ids([request.POST.get("chair", "")])
    try:
        decree = appointment.officers_appoint(
            actor=Actor.of(request.user),
            election=election_row,
            body=body,
            posting=code,
            officer_ids=_ids(request.POST.getlist("officer")),
            chair_id=chair[0] if chair else None,
            reserve_ids=_ids(request.POST.getlist("reserve")),
            number=request.POST.get("number", ""),
            decreed_on=_date(request.POST.get("decreed_on", "")),
            signer=request.POST.get("signer", ""),
            term_start=_date(request.POST.get("term_start", "")),
            term_end=_date(request.POST.get("term_end", "")),
        )
    except DomainError as exc:
        return _refused(request, election_row, code, exc)
    messages.success(
        request,
        _("%(count)d petugas dilantik dengan SK %(number)s.")
        % {"count": decree.entries.count(), "number": decree.number},
    )
    return redirect("officers_adhoc:posting", election_row.slug, code)


@require_POST
@login_required
def promote(request, election: str, code: str):
    election_row = _election(election)
    reserve, leaving = _ids([request.POST.get("reserve", "")]), _ids([request.POST.get("leaving", "")])
    try:
        appointment.reserve_promote(
            actor=Actor.of(request.user),
            reserve_id=reserve[0] if reserve else 0,
            leaving_id=leaving[0] if leaving else None,
            leaving_status=request.POST.get("leaving_status") or None,
            note=request.POST.get("note", "")[:300],
        )
    except DomainError as exc:
        return _refused(request, election_row, code, exc)
    messages.success(request, _("Petugas cadangan dilantik."))
    return redirect("officers_adhoc:posting", election_row.slug, code)


@require_POST
@login_required
@never_cache
def accounts(request, election: str, code: str, body: str):
    election_row = _election(election)
    try:
        issued = appointment.roster_accounts(
            actor=Actor.of(request.user), election=election_row, body=body, posting=code
        )
    except DomainError as exc:
        return _refused(request, election_row, code, exc)
    response = render(request, "accounts/codes.html", {"codes": issued, "title": _("Akun petugas dibuat")})
    response["Cache-Control"] = "no-store"  # the codes appear once
    return response


@require_safe
@login_required
def decree_document(request, election: str, decree_id: int):
    decree = Decree.objects.select_related("election").filter(pk=decree_id, election__slug=election).first()
    if decree is None:
        raise Http404("decree")
    if not authorize(request.user, Action.VIEW_INTERNAL, decree.posting_code):
        return forbidden(request, NOT_OFFICER)
    response = HttpResponse(decree_pdf(decree), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sk-{decree.posting_code}-{decree.pk}.pdf"'
    return response


@require_safe
@login_required
def honorarium(request, election: str, code: str):
    election_row = _election(election)
    region = Region.objects.filter(code=code).first() if _digits(code) else None
    if region is None:
        raise Http404("region")
    if not authorize(request.user, Action.MANAGE_OFFICERS, code):
        return forbidden(request, NOT_OFFICER)
    try:
        listing = honorarium_list(election_row, region)
    except DomainError as exc:
        return forbidden(request, exc.message)
    response = HttpResponse(
        render_xlsx(listing), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="honorarium-{code}.xlsx"'
    return response


@require_POST
@login_required
def linmas(request, election: str, code: str):
    election_row = _election(election)
    upload = request.FILES.get("file")
    try:
        count = linmas_intake(
            actor=Actor.of(request.user),
            election=election_row,
            region=code,
            content=upload.read(MAX_UPLOAD) if upload else b"",
        )
    except DomainError as exc:
        return _file_refused(request, election_row, code, exc)
    messages.success(request, _("%(count)d Linmas usulan Satpol PP masuk susunan petugas.") % {"count": count})
    return redirect("officers_adhoc:region", election_row.slug, code)


@require_safe
@login_required
def comments(request, election: str, window_id: int):
    window = CommentWindow.objects.filter(pk=window_id, election__slug=election).first()
    if window is None:
        raise Http404("window")
    if not selection.may_act(request.user, Action.MANAGE_OFFICERS, Body(window.body), window.posting_code):
        return forbidden(request, NOT_OFFICER)
    context = {
        "window": window,
        "name": posting_name(window.posting_code),
        "body_label": BODY_LABELS[Body(window.body)],
        "comments": window.comments.select_related("officer"),
    }
    response = render(request, "officers/rosters/comments.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def scores(request, election: str, code: str):
    """Written-test scores for the PPK or PPS beneath the region (a CSV)."""
    election_row = _election(election)
    upload = request.FILES.get("file")
    try:
        count = selection.scores_import(
            actor=Actor.of(request.user),
            election=election_row,
            body=request.POST.get("body", ""),
            region=code,
            content=upload.read(MAX_UPLOAD) if upload else b"",
        )
    except DomainError as exc:
        return _file_refused(request, election_row, code, exc)
    messages.success(request, _("%(count)d nilai tes tertulis disimpan.") % {"count": count})
    return redirect("officers_adhoc:region", election_row.slug, code)


def _file_refused(request, election: Election, code: str, exc: DomainError) -> HttpResponse:
    if exc.status == 403:
        return forbidden(request, exc.message)
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404("region") from None
    context = {"error": exc, "election": election, "region": region}
    return render(request, "officers/rosters/file_refused.html", context, status=exc.status)


@require_POST
@login_required
def shortlist(request, election: str, code: str, body: str):
    election_row = _election(election)
    try:
        chosen = selection.shortlist_draw(actor=Actor.of(request.user), election=election_row, body=body, posting=code)
    except DomainError as exc:
        return _refused(request, election_row, code, exc)
    messages.success(request, _("%(count)d calon masuk wawancara.") % {"count": len(chosen)})
    return redirect("officers_adhoc:posting", election_row.slug, code)


@require_POST
@login_required
def window_open(request, election: str, code: str, body: str):
    election_row = _election(election)
    try:
        selection.comment_window_open(
            actor=Actor.of(request.user),
            election=election_row,
            body=body,
            posting=code,
            opens_on=_date(request.POST.get("opens_on", "")),
            closes_on=_date(request.POST.get("closes_on", "")),
        )
    except DomainError as exc:
        return _refused(request, election_row, code, exc)
    messages.success(request, _("Masa tanggapan masyarakat dibuka."))
    return redirect("officers_adhoc:posting", election_row.slug, code)
