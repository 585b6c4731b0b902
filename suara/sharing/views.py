"""The officers' pages of data-sharing agreements under /petugas/berbagi-data/: the list, drafting one with
its impact assessment, one agreement (approve, revoke, bind a partner key, request an extract, its extracts
to download), the impact assessment's and an extract's files. Thin: the services and selectors decide; a
refusal is shown with its code and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.core.translatable import gettext_noop
from suara.jobs.selectors import job_progress
from suara.sharing import keys, selectors, services, services_extracts
from suara.sharing.pages import agreement_rows, field_choices, legal_bases, levels, state_label
from suara.sharing.uploads import dpia_bytes

NOT_FOR_YOU = gettext_noop("Halaman ini untuk KPU yang mengelola berbagi data pemilih.")


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def index(request):
    if not selectors.sharing_scopes(request.user):
        return forbidden(request, _(NOT_FOR_YOU))
    context = {
        "rows": agreement_rows(selectors.agreements_for(request.user)[:200]),
        "national": selectors.is_national(request.user),
    }
    return render(request, "sharing/index.html", context)


def _input(post) -> services.AgreementInput:
    return services.AgreementInput(
        recipient=post.get("recipient", ""),
        purpose=post.get("purpose", ""),
        legal_basis=post.get("legal_basis", ""),
        aggregation=post.get("aggregation", ""),
        period_start=post.get("period_start", ""),
        period_end=post.get("period_end", ""),
        fields=post.getlist("fields"),
        region_code=post.get("region_code", ""),
        sensitive=post.get("sensitive") == "ya",
        legal_reference=post.get("legal_reference", ""),
        organisation=post.get("organisation", ""),
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreement_new(request):
    scopes = selectors.sharing_scopes(request.user)
    if not scopes:
        return forbidden(request, _(NOT_FOR_YOU))
    error = None
    if request.method == "POST":
        upload = request.FILES.get("dpia")
        try:
            agreement = services.agreement_create(
                actor=Actor.of(request.user), data=_input(request.POST), dpia=dpia_bytes(upload),
                dpia_name=upload.name if upload else "",
            )  # fmt: skip
            messages.success(request, _("Draf perjanjian disimpan; KPU RI menyetujuinya."))
            return redirect("sharing:agreement", agreement.pk)
        except DomainError as exc:
            error = exc
    context = {
        "error": error,
        "posted": request.POST if error else None,
        "chosen": request.POST.getlist("fields") if error else [],
        "fields": field_choices(),
        "bases": legal_bases(),
        "levels": levels(),
        "scope": scopes[0],
    }
    return render(request, "sharing/agreement_new.html", context, status=error.status if error else 200)


def _agreement_context(request, agreement, **extra) -> dict:
    extracts = list(selectors.extracts_for(request.user, agreement=agreement)[:100])
    state = services.state_of(agreement)
    national = selectors.is_national(request.user)
    return {
        "a": agreement,
        "state": state,
        "state_label": state_label(state),
        "fields": field_choices(agreement.fields),
        "extracts": [(e, job_progress(e.job) if e.job_id else None) for e in extracts],
        "national": national,
        "may_approve": national and agreement.status == "draft" and agreement.drafted_by_id != request.user.pk,
        "may_revoke": national and agreement.status != "revoked",
        "may_key": national and agreement.organisation_id and state in ("approved", "active"),
        "may_extract": state == "active",
        "extract_region": selectors.extract_region(request.user, agreement),
        "keys": list(selectors.partner_keys_of(agreement)) if national else [],
        "breaches": list(agreement.breaches.order_by("-found_at")) if national else [],
        **extra,
    }


@require_http_methods(["GET", "POST"])
@login_required
def agreement_page(request, pk: int):
    try:
        agreement = selectors.agreement_for(request.user, pk)
    except DomainError:
        raise Http404 from None
    error, issued = None, None
    if request.method == "POST":
        actor, action = Actor.of(request.user), request.POST.get("action")
        try:
            if action == "approve":
                services.agreement_approve(actor=actor, pk=agreement.pk)
                messages.success(request, _("Perjanjian disetujui."))
            elif action == "revoke":
                services.agreement_revoke(actor=actor, pk=agreement.pk, reason=request.POST.get("reason", ""))
                messages.success(request, _("Perjanjian dicabut: tidak ada lagi data yang dibagikan karenanya."))
            elif action == "key":
                key, issued = services.partner_key_issue(
                    actor=actor, pk=agreement.pk, username=request.POST.get("username", "")
                )
            elif action == "extract":
                job = services_extracts.extract_request(
                    actor=actor, pk=agreement.pk, region=request.POST.get("region", "").strip(),
                    fields=request.POST.getlist("fields"),
                )  # fmt: skip
                messages.success(request, _("Ekstrak diminta sebagai tugas #%(id)s.") % {"id": job.pk})
            else:
                raise Http404
            if issued is None:
                return redirect("sharing:agreement", agreement.pk)
        except DomainError as exc:
            error = exc
        agreement = selectors.agreement_for(request.user, pk)
    context = _agreement_context(request, agreement, error=error, issued=issued, posted=request.POST if error else None)
    return _no_store(render(request, "sharing/agreement.html", context, status=error.status if error else 200))


@require_safe
@login_required
def dpia_file(request, pk: int):
    try:
        agreement = selectors.agreement_for(request.user, pk)
    except DomainError:
        raise Http404 from None
    path = keys.dpia_path(agreement.dpia_sha256)
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=agreement.dpia_name or "dpia.pdf",
                            content_type="application/pdf")  # fmt: skip
    return _no_store(response)


@require_safe
@login_required
def extract_file(request, pk: int):
    try:
        path, name = services_extracts.extract_download(actor=Actor.of(request.user), pk=pk)
    except DomainError as exc:
        return render(request, "sharing/missing.html", {"message": exc.message, "back": reverse("sharing:index")},
                      status=exc.status)  # fmt: skip
    return _no_store(FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="text/csv"))
