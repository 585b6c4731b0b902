"""The factual-verification pages under /petugas/partai/verifikasi/: the samples a user sees (and the draw,
for a KPU kab/kota or KPU RI), a sample's page (its published seed and algorithm, its members, and for the
verifier the entry of each member's attempts and decision, phone-sized, queued in the browser when offline
by ``static/parties/verification.js``), the list export, the berita acara PDF. A party operator sees its own
samples with names masked. Views stay thin: the services decide and refuse."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from suara.accounts.authz import assignments_of
from suara.accounts.roles import ALLOWED, Action
from suara.audit.actors import Actor
from suara.core.errors import DomainError, NotFound
from suara.core.pages import forbidden
from suara.parties.errors import PartyErrorCode
from suara.parties.models import SampledMember, VerificationAttempt
from suara.parties.selectors import election_with_parties, parties_of
from suara.parties.verification import selectors, services
from suara.parties.verification.pdf import berita_acara

MAX_BODY = 4096


def _sample_or_404(request, sample_id: int):
    try:
        return selectors.sample_seen(request.user, sample_id)
    except NotFound:
        raise Http404("sample") from None


def _scopes(user) -> list[str]:
    return sorted({a.scope for a in assignments_of(user) if a.role in ALLOWED[Action.VERIFY_PARTY_MEMBERS]})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def sample_list(request):
    verifier = selectors.is_verifier(request.user)
    samples = selectors.samples_for(request.user)
    if not verifier and not samples and not any(a.role == "party_operator" for a in assignments_of(request.user)):
        return forbidden(request, _("Halaman ini untuk KPU kabupaten/kota, KPU RI dan operator partai."))
    status, error = 200, ""
    if request.method == "POST":
        if not verifier:
            return forbidden(request, _("Sampel diambil oleh KPU kabupaten/kota atau KPU RI."))
        try:
            party_id = int(request.POST.get("party", ""))
        except ValueError:
            party_id = 0
        try:
            sample = services.sample_draw(
                actor=Actor.of(request.user), party_id=party_id, kabkota_code=request.POST.get("kabkota", "")
            )
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(
                request, _("Sampel diambil: %(n)d dari %(N)d anggota.") % {"n": sample.size, "N": sample.population}
            )
            return redirect("parties_officers:verification_sample", sample_id=sample.pk)
    slug = election_with_parties()
    scopes = _scopes(request.user)
    context = {
        "samples": samples,
        "verifier": verifier,
        "parties": list(parties_of(slug)) if verifier and slug else [],
        "kabkota": next((s for s in scopes if len(s) == 4), ""),
        "error": error,
    }
    return render(request, "parties/verification/list.html", context, status=status)


@require_safe
@login_required
def sample_detail(request, sample_id: int):
    sample, viewer = _sample_or_404(request, sample_id)
    rows = selectors.sample_rows(sample, viewer)
    context = {
        "sample": sample,
        "viewer": viewer,
        "is_verifier": viewer == selectors.VERIFIER,
        "rows": rows,
        "summary": selectors.sample_summary(sample),
        "methods": VerificationAttempt.Method.choices,
        "findings": VerificationAttempt.Finding.choices,
        "outcomes": [c for c in SampledMember.Outcome.choices if c[0]],
        "new_key": uuid.uuid4().hex,
        "interval": f"{sample.population / sample.size:.2f}".replace(".", ",") if sample.size else "-",
    }
    return render(request, "parties/verification/sample.html", context)


def _entry(user, sample_id: int, sampled_id: int, data: dict) -> tuple[str, bool]:
    """Applies one entry (attempt, decision or replacement) through its service: (message, whether new)."""
    kind = data.get("kind")
    if kind == "attempt":
        try:
            when = parse_datetime(str(data["attempted_at"])[:40]) if data.get("attempted_at") else timezone.now()
        except ValueError:  # well formed, but no such day or hour
            when = None
        if when is None:
            raise DomainError(
                PartyErrorCode.VERIFICATION_INPUT_INVALID, _("Waktu upaya tidak terbaca."), field="attempted_at"
            )
        _attempt, created = services.attempt_record(
            actor=Actor.of(user),
            sample_id=sample_id,
            sampled_id=sampled_id,
            method=str(data.get("method", "")),
            finding=str(data.get("finding", "")),
            attempted_at=when,
            key=str(data.get("key", "")),
            note=str(data.get("note", ""))[:600],
        )
        return _("Upaya dicatat."), created
    if kind == "decision":
        sampled, created = services.member_decide(
            actor=Actor.of(user),
            sample_id=sample_id,
            sampled_id=sampled_id,
            outcome=str(data.get("outcome", "")),
            key=str(data.get("key", "")),
        )
        return _("Anggota diputuskan %(decision)s.") % {"decision": sampled.decision}, created
    if kind == "replacement":
        replacement = services.replacement_draw(actor=Actor.of(user), sample_id=sample_id, sampled_id=sampled_id)
        return _("Pengganti ke-%(number)d diambil.") % {"number": replacement.number}, True
    raise DomainError(PartyErrorCode.VERIFICATION_INPUT_INVALID, _("Jenis entri tidak dikenal."), field="kind")


@require_POST
@login_required
def member_entry(request, sample_id: int, sampled_id: int):
    """The form post of one entry (without JavaScript); back to the sample's page."""
    sample, viewer = _sample_or_404(request, sample_id)
    if viewer != selectors.VERIFIER:
        return forbidden(request, _("Hanya verifikator KPU kabupaten/kota ini yang mencatat verifikasi."))
    try:
        message, _created = _entry(request.user, sample.pk, sampled_id, request.POST.dict())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
    return redirect(reverse("parties_officers:verification_sample", args=[sample.pk]) + f"#m{sampled_id}")


@require_POST
@login_required
def entry_send(request, sample_id: int):
    """One queued entry from the page's script, as JSON: {kind, sampled, key, ...}. Answers JSON: 200 with
    {"ok": true, "new": bool} (new false: a resend already recorded), or the refusal's status with its code."""
    if len(request.body) > MAX_BODY:
        return JsonResponse({"code": "payload_too_large", "message": _("Entri terlalu besar.")}, status=413)
    try:
        data = json.loads(request.body)
        sampled_id = int(data.get("sampled"))
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError):
        return JsonResponse({"code": "invalid_input", "message": _("Entri tidak terbaca.")}, status=400)
    try:
        sample, viewer = selectors.sample_seen(request.user, sample_id)
        if viewer != selectors.VERIFIER:
            return JsonResponse({"code": "forbidden", "message": _("Hanya verifikator yang mencatat.")}, status=403)
        message, created = _entry(request.user, sample.pk, sampled_id, data)
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    return JsonResponse({"ok": True, "new": created, "message": message})


@require_POST
@login_required
def sample_finalise(request, sample_id: int):
    sample, viewer = _sample_or_404(request, sample_id)
    if viewer != selectors.VERIFIER:
        return forbidden(request, _("Hanya verifikator KPU kabupaten/kota ini yang menetapkan hasil."))
    try:
        done = services.sample_finalise(actor=Actor.of(request.user), sample_id=sample.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Hasil ditetapkan: %(result)s.") % {"result": done.result})
    return redirect("parties_officers:verification_sample", sample_id=sample.pk)


@require_safe
@login_required
def frame_csv(request, sample_id: int):
    sample, _viewer = _sample_or_404(request, sample_id)
    text = services.frame_export(actor=Actor.of(request.user), sample_id=sample.pk)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sampel-{sample.pk}-daftar.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def berita_acara_pdf(request, sample_id: int):
    sample, viewer = _sample_or_404(request, sample_id)
    document = berita_acara(sample, viewer)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="berita-acara-verifikasi-{sample.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
