"""The kab/kota operator's duplicate pages under /petugas/ganda/: the proposed pairs in their kab/kota,
likeliest first, and each pair's two records side by side with the decision (confirm: the extra record
gets TMS 2; reject). Pairs are named by their id; a NIK never travels in a URL. Views stay thin: the
service decides who may do what."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from suara.accounts.authz import assignments_of
from suara.accounts.roles import ALLOWED, Action
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden as _forbidden
from suara.people.nik import mask_number
from suara.regions.models import Region
from suara.voters.dedup import service
from suara.voters.models import DuplicatePair, Voter

PAGE_SIZE = 50


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Keputusan"),
        choices=[("confirm", gettext_lazy("Ganda: satu orang")), ("reject", gettext_lazy("Bukan ganda: dua orang"))],
        widget=forms.RadioSelect,
    )
    extra = forms.ChoiceField(
        label=gettext_lazy("Data yang dinyatakan TMS 2 (jika ganda)"),
        choices=[("b", gettext_lazy("Data B")), ("a", gettext_lazy("Data A"))],
        initial="b",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=gettext_lazy("Keterangan"), required=False, max_length=1000, widget=forms.Textarea)


def _is_operator(user) -> bool:
    return any(a.role in ALLOWED[Action.DECIDE_DUPLICATE] for a in assignments_of(user))


def _record(voter: Voter, names: dict[str, str]) -> dict:
    return {
        "voter": voter,
        "nik": mask_number(voter.nik),
        "kk": mask_number(voter.kk),
        "desa_name": names.get(voter.desa_id or "", ""),
    }


@require_safe
@login_required
def pair_list(request):
    if not _is_operator(request.user):
        return _forbidden(request, _("Halaman ini untuk operator KPU kabupaten/kota."))
    pairs = list(service.proposed_pairs_for(request.user)[:PAGE_SIZE])
    total = service.proposed_pairs_for(request.user).count() if len(pairs) == PAGE_SIZE else len(pairs)
    return render(request, "voters/dedup/list.html", {"pairs": pairs, "total": total})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def pair_detail(request, pair_id: int):
    if not _is_operator(request.user):
        return _forbidden(request, _("Halaman ini untuk operator KPU kabupaten/kota."))
    pair = DuplicatePair.objects.select_related("voter_a", "voter_b").filter(pk=pair_id).first()
    if pair is None:
        raise Http404("pair")
    if not service.may_decide(request.user, pair):
        return _forbidden(request, _("Pasangan ini berada di luar wilayah kerja Anda."))
    form = DecisionForm(request.POST or None)
    status, error = 200, ""
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "confirm":
                    extra = pair.voter_a_id if data["extra"] == "a" else pair.voter_b_id
                    service.pair_confirm(
                        actor=Actor.of(request.user), pair_id=pair.pk, extra_voter_id=extra, note=data["note"]
                    )
                    messages.success(
                        request,
                        _("Pasangan #%(id)s dikonfirmasi ganda; data %(side)s kini TMS 2.")
                        % {"id": pair.pk, "side": data["extra"].upper()},
                    )
                else:
                    service.pair_reject(actor=Actor.of(request.user), pair_id=pair.pk, note=data["note"])
                    messages.success(
                        request,
                        _("Pasangan #%(id)s dinyatakan bukan ganda dan tidak akan diusulkan lagi.") % {"id": pair.pk},
                    )
            except DomainError as exc:
                error, status = exc.message, exc.status
            else:
                return redirect("dedup:list")
        else:
            status = 400
    codes = {pair.voter_a.desa_id, pair.voter_b.desa_id} - {None}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    context = {
        "pair": pair,
        "a": _record(pair.voter_a, names),
        "b": _record(pair.voter_b, names),
        "form": form if pair.status == DuplicatePair.Status.PROPOSED else None,
        "error": error,
    }
    return render(request, "voters/dedup/detail.html", context, status=status)
