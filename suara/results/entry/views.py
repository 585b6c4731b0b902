"""The KPPS's entry of form C.Hasil: the contests and TPS they may enter, the form (checked in the browser
by rules.js before sending, and again by ``services.result_submit``), and the confirmation of what was
stored. Operator pages: they read the result tables directly, unlike the public pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from suara.accounts.authz import assignments_of
from suara.accounts.roles import Action, Role
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.results.entry import selectors, services
from suara.results.entry.forms import TallyForm, new_submission_id
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
from suara.results.entry.photos import photo_kept
from suara.results.rules import check


@require_safe
@login_required
def kept_photo(request, name: str):
    """A photo kept for the signed-in officer's refused form (its thumbnail on the form); nobody else's."""
    path = photo_kept(name, owner=request.user.get_username())
    if path is None:
        raise Http404("photo")
    response = FileResponse(path.open("rb"), content_type="image/png" if name.endswith(".png") else "image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_safe
@login_required
def entry_list(request):
    items = selectors.entry_items(request.user)
    if not items and not any(a.role == Role.KPPS for a in assignments_of(request.user)):
        return forbidden(request, _("Halaman ini untuk KPPS. Akun Anda tidak punya peran KPPS."))
    return render(request, "results/entry/list.html", {"items": items})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def entry_form(request, contest: str, tps: str):
    if not may(request.user, Action.SUBMIT_RESULT, tps):
        return forbidden(request, _("Hanya KPPS TPS ini yang dapat mengisi hasilnya."))
    target = target_get(contest, tps)
    result = selectors.result_of(target.contest, tps)
    context = {"target": target, "result": result}
    if request.method != "POST":
        if result is not None:
            # The TPS has sent already: it changes only through a correction approved by the PPK.
            return render(request, "results/entry/form.html", context)
        form = TallyForm(candidates=target.candidates, initial={"submission_id": new_submission_id()})
        return render(request, "results/entry/form.html", {**context, "form": form})

    # Sent even when the TPS has a result: the service recognises a retry of it by its submission id.
    form = TallyForm(request.POST, request.FILES, candidates=target.candidates)
    sent = sent_photos(request)
    error = None
    if form.is_valid():
        try:
            outcome = services.result_submit(
                actor=Actor.of(request.user),
                contest=contest,
                tps=tps,
                tally=form.tally(),
                photos=sent.raw,
                submission_id=form.cleaned_data["submission_id"],
            )
        except DomainError as exc:
            error = exc
            show_refusal(form, exc)
        else:
            if not outcome.created:
                messages.info(request, _("Kiriman ini sudah diterima sebelumnya; tidak dihitung dua kali."))
            return redirect("entry:done", contest=contest, tps=tps, version_id=outcome.version.pk)
    else:
        # Missing fields: the rules of what was typed are listed too, so one round trip shows everything.
        tps_max = target.contest.election.tps_count_max
        form.breaches = [b.as_dict() for b in check(form.tally(), ballot_numbers=form.ballot_numbers, tps_max=tps_max)]
    rebound_submission_id(form)
    context.update(form=form, result=None, kept_photos=keep_photos(request, sent))
    return render(request, "results/entry/form.html", context, status=refused_status(form, error))


@require_safe
@login_required
def entry_done(request, contest: str, tps: str, version_id: int):
    if not (may(request.user, Action.SUBMIT_RESULT, tps) or may(request.user, Action.APPROVE_CORRECTION, tps)):
        return forbidden(request)
    target = target_get(contest, tps)
    version = selectors.version_of(target.contest, tps, version_id)
    if version is None:
        raise Http404("version")
    return render(
        request,
        "results/entry/done.html",
        {
            "target": target,
            "version": version,
            "sections": tally_sections(target.candidates, version.tally),
            "photos": selectors.photos_of(version),
        },
    )
