"""The checks' officer pages under /petugas/partai/: a party operator's double memberships (withdraw one),
KPU kab/kota's conflicts in its region (upload the person's statement), the requirement per kab/kota, and
KPU RI's imports (officer NIKs, population). Thin: the services decide and their refusals are shown."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from suara.accounts.authz import authorize
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.parties.checks import selectors, services_imports, services_resolution
from suara.parties.checks.forms import DecisionForm, ImportForm
from suara.parties.errors import PartyErrorCode
from suara.parties.models import KabkotaPopulation, OfficerNik, Party
from suara.results.entry.photos import MAX_BYTES

MAX_UPLOAD = 20 * 1024 * 1024


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _chosen_party(request, parties: list[Party]) -> Party | None:
    code = (request.GET.get("partai") or request.POST.get("partai") or "")[:32]
    return next((p for p in parties if p.code == code), parties[0] if parties else None)


@login_required
@require_http_methods(["GET", "HEAD"])
def doubles(request):
    """The party operator's members that another party also lists: the other party's name only."""
    parties = selectors.operator_parties(request.user)
    party = _chosen_party(request, parties)
    if party is None:
        return forbidden(request, _("Halaman ini untuk operator partai politik."))
    total, rows = selectors.doubles_of_party(party)
    context = {"party": party, "parties": parties, "total": total, "rows": rows, "limit": selectors.LIMIT}
    return _no_store(render(request, "parties/checks/doubles.html", context))


@login_required
@require_POST
def withdraw(request, listing_id: int):
    try:
        member = services_resolution.membership_withdraw(actor=Actor.of(request.user), listing_id=listing_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("party_checks:doubles")
    messages.success(request, _("Data keanggotaan %(name)s ditarik.") % {"name": member.name})
    return redirect(f"{reverse('party_checks:doubles')}?partai={member.party.code}")


@login_required
@require_http_methods(["GET", "HEAD"])
def conflicts(request):
    """KPU kab/kota: the people listed by two parties in its region, each listing with its party."""
    regions = selectors.region_scopes(request.user, Action.RESOLVE_DOUBLE_MEMBERSHIP)
    if not regions:
        return forbidden(request, _("Halaman ini untuk KPU kabupaten/kota."))
    total, rows = selectors.conflicts_in_region(regions)
    context = {"regions": regions, "total": total, "rows": rows, "limit": selectors.LIMIT, "form": DecisionForm()}
    return _no_store(render(request, "parties/checks/conflicts.html", context))


@login_required
@require_POST
def decide(request, listing_id: int):
    form = DecisionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih isi surat pernyataan."))
        return redirect("party_checks:conflicts")
    upload = form.cleaned_data.get("statement")
    # One byte over the limit is enough for the service to refuse a file as too large.
    raw = upload.read(MAX_BYTES + 1) if upload is not None else None
    try:
        if form.cleaned_data["decision"] == "deny":
            count = services_resolution.membership_deny(
                actor=Actor.of(request.user), listing_id=listing_id, statement=raw
            )
            messages.success(request, _("%(count)s data keanggotaan dihapus (menyangkal).") % {"count": count})
        else:
            kept = services_resolution.membership_choose(
                actor=Actor.of(request.user),
                listing_id=listing_id,
                party_id=form.cleaned_data.get("party"),
                statement=raw,
            )
            messages.success(request, _("Keanggotaan di %(party)s dipertahankan.") % {"party": kept.party.name})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("party_checks:conflicts")


@login_required
@require_http_methods(["GET", "HEAD"])
def requirement(request):
    """Eligible members per kab/kota against the requirement: a party operator for its party; KPU for any
    party, within its region."""
    own = selectors.operator_parties(request.user)
    regions = selectors.region_scopes(request.user, Action.VIEW_INTERNAL)
    if own:
        parties, party, region_codes = own, _chosen_party(request, own), None
    elif regions:
        parties = list(Party.objects.select_related("election").order_by("-election__voting_day", "number"))
        party, region_codes = _chosen_party(request, parties), regions
    else:
        return forbidden(request, _("Halaman ini untuk operator partai dan KPU."))
    rows = selectors.requirement_of(party, region_codes=region_codes) if party else []
    context = {"party": party, "parties": parties, "rows": rows}
    return _no_store(render(request, "parties/checks/requirement.html", context))


def _import_page(request, *, template: str, run, refused: PartyErrorCode, count: int):
    if not authorize(request.user, Action.MANAGE_ELECTION, ""):
        return forbidden(request, _("Halaman ini untuk KPU RI."))
    form = ImportForm(request.POST or None, request.FILES or None)
    status, details = 200, None
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_UPLOAD:
                    raise DomainError(
                        refused, _("Berkas terlalu besar: impor dengan perintah suara parties."), field="file"
                    )
                n = run(data=upload.read(), source=form.cleaned_data["source"], actor=Actor.of(request.user))
                messages.success(request, _("%(count)s baris diimpor.") % {"count": n})
                return redirect(request.path_info)
            except DomainError as exc:
                form.add_error(None, exc.message)
                details, status = exc.details, exc.status
        else:
            status = 400
    response = render(request, template, {"form": form, "details": details, "count": count}, status=status)
    return _no_store(response)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def officers_import(request):
    """KPU RI replaces the list of election officers' and KPU staff's NIKs."""
    return _import_page(
        request,
        template="parties/checks/officers_import.html",
        run=services_imports.officer_niks_import,
        refused=PartyErrorCode.OFFICER_FILE_INVALID,
        count=OfficerNik.objects.count(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def population_import(request):
    """KPU RI imports population figures per kab/kota, with their source."""
    return _import_page(
        request,
        template="parties/checks/population_import.html",
        run=services_imports.population_import,
        refused=PartyErrorCode.POPULATION_FILE_INVALID,
        count=KabkotaPopulation.objects.count(),
    )
