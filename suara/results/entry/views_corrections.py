"""Corrections of a stored TPS result: the KPPS of the TPS or a PPK proposes one (the same form, prefilled
with the current numbers, plus a reason and photos); a PPK of the kecamatan sees the pending ones, the
current and proposed numbers side by side, and approves or rejects each (never their own: the service
refuses it with ``own_correction``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from suara.accounts.authz import assignments_of
from suara.accounts.roles import Action, Role
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.results.entry import corrections, selectors, services
from suara.results.entry.forms import CorrectionForm, DecisionForm, TpsPickForm, new_submission_id
from suara.results.entry.pages import (
    keep_photos,
    may,
    rebound_submission_id,
    refused_status,
    sent_photos,
    show_refusal,
    tally_sections,
    target_get,
)
from suara.results.models import ResultVersion
from suara.results.reasons import reason_label
from suara.results.rules import check


def _may_see(user, tps_code: str) -> bool:
    return may(user, Action.SUBMIT_RESULT, tps_code) or may(user, Action.APPROVE_CORRECTION, tps_code)


@require_safe
@login_required
def correction_index(request):
    ppk_scopes = selectors.ppk_scopes(request.user)
    own_tps = [item for item in selectors.entry_items(request.user) if item.result is not None]
    is_kpps = any(a.role == Role.KPPS for a in assignments_of(request.user))
    if not ppk_scopes and not is_kpps:
        return forbidden(request, _("Halaman ini untuk PPK dan KPPS."))
    pick = None
    if ppk_scopes:
        contests = selectors.pickable_contests(ppk_scopes)
        pick = TpsPickForm(
            request.GET or None, contests=contests, initial={"contest": contests[0].slug if contests else ""}
        )
        if pick.is_bound and pick.is_valid():
            tps, contest = pick.cleaned_data["tps"], pick.cleaned_data["contest"]
            if _may_see(request.user, tps):
                return redirect("entry:correction_propose", contest=contest, tps=tps)
            pick.add_error("tps", _("TPS ini di luar kecamatan Anda."))
    return render(
        request,
        "results/entry/corrections.html",
        {"pending": selectors.pending_for(request.user), "pick": pick, "own_tps": own_tps, "is_ppk": bool(ppk_scopes)},
        status=400 if pick is not None and pick.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def correction_propose(request, contest: str, tps: str):
    if not _may_see(request.user, tps):
        return forbidden(request, _("Hanya KPPS TPS ini atau PPK kecamatannya yang dapat mengajukan koreksi."))
    target = target_get(contest, tps)
    result = selectors.result_of(target.contest, tps)
    context = {"target": target, "result": result}
    if result is None:
        return render(request, "results/entry/correction_form.html", context, status=404)
    context["pending"] = list(result.versions.filter(status=ResultVersion.Status.PENDING).order_by("submitted_at"))
    context["blocked"] = _blocked(target, context["pending"])
    if request.method != "POST":
        initial = {name: str(value) for name, value in result.tally.items()}
        form = CorrectionForm(candidates=target.candidates, initial={**initial, "submission_id": new_submission_id()})
        return render(request, "results/entry/correction_form.html", {**context, "form": form})

    form = CorrectionForm(request.POST, request.FILES, candidates=target.candidates)
    sent = sent_photos(request)
    error = None
    if form.is_valid():
        try:
            outcome = corrections.correction_propose(
                actor=Actor.of(request.user),
                contest=contest,
                tps=tps,
                tally=form.tally(),
                photos=sent.raw,
                reason=form.cleaned_data["reason"],
                reason_code=form.cleaned_data["reason_code"],
                submission_id=form.cleaned_data["submission_id"],
            )
        except DomainError as exc:
            error = exc
            show_refusal(form, exc)
        else:
            if outcome.created:
                messages.success(request, _("Koreksi diajukan. Angka baru berlaku setelah disetujui PPK lain."))
            else:
                messages.info(request, _("Koreksi ini sudah diterima sebelumnya; tidak diajukan dua kali."))
            return redirect("entry:correction", version_id=outcome.version.pk)
    else:
        tps_max = target.contest.election.tps_count_max
        form.breaches = [b.as_dict() for b in check(form.tally(), ballot_numbers=form.ballot_numbers, tps_max=tps_max)]
    rebound_submission_id(form)
    # Refused: the numbers typed, the reason and the photos come back as sent, so nothing is chosen again.
    context.update(form=form, kept_photos=keep_photos(request, sent))
    context["pending"] = list(result.versions.filter(status=ResultVersion.Status.PENDING).order_by("submitted_at"))
    context["blocked"] = _blocked(target, context["pending"])
    return render(request, "results/entry/correction_form.html", context, status=refused_status(form, error))


def _blocked(target, pending: list[ResultVersion]) -> str:
    """Why no correction can be proposed now (the form is then shown disabled), or ''."""
    lock = services.lock_above(target.contest, target.tps.code)
    if lock is not None:
        where = lock.region_code or _("nasional")
        return _(
            "Rekapitulasi %(where)s sudah dikunci: koreksi baru tidak dapat diajukan sampai kunci itu dibuka kembali."
        ) % {"where": where}
    if pending:
        return _(
            "Koreksi TPS ini masih menunggu keputusan PPK. Koreksi baru dapat diajukan setelah koreksi itu "
            "disetujui atau ditolak."
        )
    return ""


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def correction_detail(request, version_id: int):
    version = selectors.correction_get(version_id)
    if version is None:
        raise Http404("correction")
    result = version.result
    if not _may_see(request.user, result.tps_code):
        return forbidden(request)
    target = target_get(result.contest.slug, result.tps_code)
    may_decide = may(request.user, Action.APPROVE_CORRECTION, result.tps_code)
    form = DecisionForm(request.POST or None) if may_decide else None
    status, decision_error = 200, ""
    if request.method == "POST":
        if form is None:
            return forbidden(request, _("Hanya PPK kecamatan ini yang dapat memutuskan koreksi."))
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                decided = corrections.correction_decide(
                    actor=Actor.of(request.user),
                    version_id=version.pk,
                    approve=approve,
                    note=form.cleaned_data["note"],
                    publish_reason=form.cleaned_data["publish_reason"],
                )
            except DomainError as exc:
                decision_error, status = exc.message, exc.status
            else:
                if approve:
                    messages.success(
                        request, _("Koreksi disetujui: versi %(number)s berlaku.") % {"number": decided.number}
                    )
                else:
                    messages.success(request, _("Koreksi ditolak; hasil yang berlaku tidak berubah."))
                return redirect("entry:correction", version_id=version.pk)
        else:
            status = 400
    pending = version.status == ResultVersion.Status.PENDING
    # A pending or rejected correction is set against the numbers in force now (which it would have
    # replaced); an approved one against the version it replaced.
    base_number, base = result.version, result.tally
    if version.status == ResultVersion.Status.ACCEPTED and version.number and version.number > 1:
        replaced = result.versions.filter(number=version.number - 1).first()
        if replaced is not None:
            base_number, base = replaced.number, replaced.tally
    columns = [_("Versi %(number)s") % {"number": base_number}, _("Usulan")]
    return render(
        request,
        "results/entry/correction_detail.html",
        {
            "target": target,
            "version": version,
            "result": result,
            "pending": pending,
            "own": version.submitted_by == request.user.get_username(),
            "form": form if pending else None,
            "decision_error": decision_error,
            "sections": tally_sections(target.candidates, base, version.tally, columns=columns),
            "compare": True,
            "photos": selectors.photos_of(version),
            "reason_label": reason_label(version.reason_code),
        },
        status=status,
    )
