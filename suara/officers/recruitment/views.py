"""The public recruitment pages under /rekrutmen/: the openings of a region, the application form and
the status by application code (a POST: the code and the NIK never travel in a URL); and the officers'
page of one applicant under /petugas/adhoc/, which alone names the party that lists them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from suara.accounts.api_auth import client_key
from suara.accounts.authz import require
from suara.accounts.roles import Action
from suara.core.errors import DomainError, RateLimited
from suara.core.ratelimit import rate_check
from suara.officers.bodies import BODY_LABELS, Body
from suara.officers.recruitment import selectors
from suara.officers.recruitment.applications import application_status, application_submit
from suara.officers.recruitment.documents import DOCUMENT_LABELS, Document, from_names
from suara.officers.recruitment.eligibility import FLAG_LABELS, REASON_LABELS, flags_of, reasons_of
from suara.officers.recruitment.openings import body_get, openings, posting_check, recruiting_election
from suara.officers.recruitment.rows import COLUMNS

FORM_RATE = 30  # submissions and status checks a minute per client address
FIELDS = COLUMNS[:12]


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def openings_page(request):
    """``?wilayah=<KPU region code>&pemilu=<slug>``: the openings of a region; without a region, the form."""
    code = request.GET.get("wilayah", "").strip()[:10]
    context: dict = {"wilayah": code}
    status = 200
    try:
        election = recruiting_election(request.GET.get("pemilu", ""))
        context["election"] = election
        if code:
            context["region"], context["openings"] = openings(election, code)
    except DomainError as exc:
        status, context["error"] = exc.status, exc
    return render(request, "officers/recruitment/openings.html", context, status=status)


@require_http_methods(["GET", "POST"])
def apply_page(request):
    """The application form for one posting: ``?pemilu=&badan=&penempatan=`` (kept in the POST too)."""
    source = request.POST if request.method == "POST" else request.GET
    context: dict = {"documents": [(d.name.lower(), DOCUMENT_LABELS[d]) for d in Document]}
    try:
        election = recruiting_election(source.get("pemilu", ""))
        body = body_get(source.get("badan", ""))
        posting = posting_check(body, source.get("penempatan", ""))
    except DomainError as exc:
        raise Http404(exc.message) from None
    context.update(election=election, body=body, body_label=BODY_LABELS[body], posting=posting, values={})
    status = 200
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in FIELDS}
        context["values"] = values
        context["checked"] = set(request.POST.getlist("dokumen"))
        try:
            rate_check(f"rekrutmen:addr:{client_key(request)}", FORM_RATE)
            submitted = application_submit(
                election=election, body=body, posting_code=posting, values=values,
                documents=from_names(request.POST.getlist("dokumen")),
                letter=request.POST.get("surat_keterangan_pendidikan") == "ya",
            )  # fmt: skip
            context = {
                "code": submitted.code,
                "election": election,
                "body_label": BODY_LABELS[body],
                "posting": posting,
            }
            return _no_store(render(request, "officers/recruitment/applied.html", context))
        except RateLimited as exc:
            status, context["error"] = 429, exc
        except DomainError as exc:
            status, context["error"] = exc.status, exc
    return _no_store(render(request, "officers/recruitment/apply.html", context, status=status))


@require_http_methods(["GET", "POST"])
def status_page(request):
    context: dict = {}
    status = 200
    if request.method == "POST":
        try:
            rate_check(f"rekrutmen:addr:{client_key(request)}", FORM_RATE)
            context["answer"] = application_status(request.POST.get("kode", ""))
        except DomainError as exc:
            status, context["error"] = exc.status, exc
    return _no_store(render(request, "officers/recruitment/status.html", context, status=status))


@require_safe
@login_required
def applicant_page(request, officer_id: int):
    """One applicant for the officers who manage its posting: the reasons, and the listings behind a
    party reason (the party's name: an officer's page only)."""
    officer = selectors.applicant_get(officer_id)
    if officer is None:
        raise Http404(_("Pendaftar tidak ditemukan."))
    try:
        require(request.user, Action.MANAGE_OFFICERS, officer.posting_code)
    except DomainError:
        raise Http404(_("Pendaftar tidak ditemukan.")) from None
    context = {
        "officer": officer,
        "body_label": BODY_LABELS[Body(officer.body)],
        "reasons": [REASON_LABELS[r] for r in reasons_of(officer.reasons)],
        "notes": [FLAG_LABELS[f] for f in flags_of(officer.flags)],
        "listings": selectors.party_listings(officer.nik),
        "history": list(officer.history.all()),
    }
    return _no_store(render(request, "officers/recruitment/applicant.html", context))
