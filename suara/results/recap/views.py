"""The recapitulation officers' pages under /petugas/rekap/: the regions a PPK or KPU officer
recapitulates, each with its children's totals, its progress, the anomalies and pending corrections
beneath, and its sign-off: lock (``locks.recap_lock``), reopen with a reason (``locks.recap_reopen``) and
the recapitulation document as a PDF (``recap_pdf.recap_document``).

Reads come from the region's published snapshot (``selectors.region_recap``) and the kept totals; the
lock rows and pending corrections are read from their tables (``recap.selectors``), as the other
officers' pages do. Seeing a
region needs VIEW_INTERNAL over it; signing off is the services' decision (LOCK_RECAP at that level)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from suara.accounts import labels as role_labels
from suara.accounts.authz import assignments_of, authorize
from suara.accounts.roles import Action, Role
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.core.region_codes import COUNTED_LEVELS, covers, from_url_word, is_code, url_word
from suara.core.text import display_name
from suara.elections.models import Contest
from suara.elections.selectors import contest_get
from suara.regions import labels as region_labels
from suara.results.anomalies import FLAGS
from suara.results.labels import flag_text
from suara.results.models import RecapLock
from suara.results.public import selectors
from suara.results.public.shares import share
from suara.results.recap import locks
from suara.results.recap import selectors as recap_selectors
from suara.results.recap.bodies import locking_role
from suara.results.recap.locks import holds_locking_role
from suara.results.recap.pdf import recap_document
from suara.results.recap.readiness import LockReadiness, Refusal
from suara.results.recap.selectors import RECAP_ROLES


def region_code_of(url_value: str) -> str:
    """The region code a URL names ('' for national); 404 for anything that is not a region code."""
    code = from_url_word(url_value)
    if is_code(code, COUNTED_LEVELS):
        return code
    raise Http404("region")


def may_view(user, code: str) -> bool:
    return authorize(user, Action.VIEW_INTERNAL, code).allowed


def place_name(code: str, name: str) -> str:
    return _("Indonesia") if not code else display_name(name)


def level_name(code: str, level: int) -> str:
    return _("Nasional") if level == 0 else str(region_labels.level_label(code, level))


# --- the list ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecapItem:
    contest: Contest
    code: str
    name: str
    level: str
    tps_reported: int
    tps_expected: int
    lock: RecapLock | None

    @property
    def url(self) -> str:
        return reverse("recap:page", args=[self.contest.slug, url_word(self.code)])

    @property
    def reported_share(self) -> float:
        return share(self.tps_reported, self.tps_expected)


def recap_items(user) -> list[RecapItem]:
    return [
        RecapItem(
            r.contest,
            r.code,
            place_name(r.code, r.name),
            level_name(r.code, r.level),
            r.tps_reported,
            r.tps_expected,
            r.lock,
        )
        for r in recap_selectors.recap_regions(user)
    ]


@require_safe
@login_required
def recap_index(request):
    if not any(a.role in RECAP_ROLES for a in assignments_of(request.user)):
        return forbidden(request, _("Halaman ini untuk PPK dan KPU yang melakukan rekapitulasi."))
    kpu = any(a.role in (Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA) for a in assignments_of(request.user))
    return render(request, "results/recap/index.html", {"items": recap_items(request.user), "kpu": kpu})


# --- one region ----------------------------------------------------------------------------------------------


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan membuka kembali"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Minimal 10 karakter. Tercatat bersama kunci dan di log audit."),
    )


def contest_or_404(slug: str) -> Contest:
    try:
        return contest_get(slug)
    except DomainError as exc:
        raise Http404(exc.code) from exc


def snapshot_or_404(contest: Contest, code: str) -> selectors.Published:
    if not covers(contest.region_code, code):
        raise Http404("outside the contest")  # the levels above a regional contest do not recapitulate it
    try:
        return selectors.region_recap(contest.slug, code)
    except DomainError as exc:
        raise Http404(exc.code) from exc


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _child_row(contest: Contest, child: dict, numbers: list[int], locked: set[str]) -> dict:
    is_tps = child.get("level") == 5
    if is_tps:
        url = reverse("results:tps_result", args=[contest.slug, child["code"]])
        name = _("TPS %(number)s") % {"number": f"{child.get('number', 0):03d}"}
    else:
        url = reverse("recap:page", args=[contest.slug, child["code"]])
        name = display_name(child.get("name") or "")
    votes = child.get("votes", {})
    return {
        **child,
        "url": url,
        "display": name,
        "is_tps": is_tps,
        "votes_in_order": [votes.get(str(n), 0) for n in numbers],
        "locked": child["code"] in locked,
    }


def _lock_refusal(readiness: LockReadiness, code: str) -> str:
    """Why this user cannot sign off this level now, or '' when they can."""
    refusal = readiness.refusal()
    if refusal is None:
        return ""
    if refusal is Refusal.NOT_LOCKABLE:
        return _("Rekapitulasi desa/kelurahan tidak dikunci tersendiri: PPK mengunci tingkat kecamatan.")
    if refusal is Refusal.ALREADY_LOCKED:
        return _("Rekapitulasi tingkat ini sudah dikunci.")
    if refusal is Refusal.WRONG_LEVEL:
        role = locking_role(code)
        return _("Rekapitulasi tingkat ini dikunci oleh %(role)s wilayah ini.") % {"role": role_labels.role_label(role)}
    if refusal is Refusal.INCOMPLETE:
        return _("Belum semua TPS masuk: %(reported)s dari %(expected)s TPS.") % {
            "reported": readiness.reported,
            "expected": readiness.expected,
        }
    return _("Masih ada %(count)s koreksi yang menunggu keputusan PPK.") % {"count": readiness.pending}


def _lock_place(lock: RecapLock, ancestors: list[dict]) -> str:
    names = {a["code"]: a["name"] for a in ancestors}
    return place_name(lock.region_code, names.get(lock.region_code, lock.region_code))


def region_context(user, contest: Contest, code: str) -> dict:
    entry = snapshot_or_404(contest, code)
    body = entry.body
    level = body.get("level", 0)
    candidates = body.get("candidates", [])
    numbers = [c["number"] for c in candidates]
    children = body.get("children", [])
    history = recap_selectors.lock_history(contest, code)
    lock = next((row for row in history if row.reopened_at is None), None)
    lock_above = recap_selectors.standing_lock_above(contest, code)
    child_locks = recap_selectors.locked_among(contest, [c["code"] for c in children if c.get("level") != 5])
    pending = recap_selectors.pending_corrections(contest, code)
    unfolded, unfolded_reported = recap_selectors.unfolded(contest, code)
    reported, expected = body.get("tps_reported", 0), body.get("tps_expected", 0)
    readiness = LockReadiness(
        lockable=locking_role(code) is not None,
        locked=lock is not None,
        may_lock=holds_locking_role(user, code),
        reported=reported + unfolded_reported,
        expected=expected,
        pending=pending,
    )
    refusal = _lock_refusal(readiness, code)
    flags = body.get("flags") or {}
    ancestors = body.get("ancestors", [])
    return {
        "contest": contest,
        "code": code,
        "url_code": url_word(code),
        "name": place_name(code, body.get("name", "")),
        "level_label": level_name(code, level),
        "crumbs": [
            {
                "name": display_name(a["name"]),
                "url": reverse("recap:page", args=[contest.slug, url_word(a["code"])])
                if may_view(user, a["code"])
                else "",
            }
            for a in ([{"code": "", "name": _("Indonesia")}] if code else []) + ancestors
            if covers(contest.region_code, a["code"])
        ],
        "body": body,
        "version": entry.version,
        "updated_at": _when(body.get("updated_at")),
        "candidates": candidates,
        "reported_share": share(reported, expected),
        "children": [_child_row(contest, c, numbers, child_locks) for c in children],
        "flagged_count": sum(c.get("flagged", 0) for c in children),
        "child_heading": _("TPS")
        if level == 4
        else (_("Provinsi") if level == 0 else region_labels.child_heading(code, level)),
        "flags": [{"code": f, "count": flags.get(f, 0), "text": flag_text(f)} for f in FLAGS],
        "flagged_tps": [
            {**t, "url": reverse("results:tps_result", args=[contest.slug, t["code"]])}
            for t in body.get("flagged_tps", [])
        ],
        "pending": pending,
        "is_ppk": any(a.role == Role.PPK for a in assignments_of(user)),
        "unfolded": unfolded,
        "lockable": locking_role(code) is not None,
        "lock": lock,
        "lock_role": role_labels.role_label(role) if (role := locking_role(code)) else "",
        "lock_above": lock_above,
        "lock_above_name": _lock_place(lock_above, ancestors) if lock_above else "",
        "history": [row for row in history if row.reopened_at is not None],
        "lock_refusal": refusal,
        "may_reopen": lock is not None and authorize(user, Action.LOCK_RECAP, code).allowed,
        "pdf_url": reverse("recap:pdf", args=[contest.slug, url_word(code)]) if entry.version else "",
        "public_url": reverse("results:region_recap", args=[contest.slug, code])
        if code
        else reverse("results:national", args=[contest.slug]),
    }


def _region_page(request, contest: Contest, code: str, *, status: int = 200, **extra) -> HttpResponse:
    context = region_context(request.user, contest, code)
    if context["may_reopen"] and "reopen_form" not in extra:
        extra["reopen_form"] = ReopenForm()
    return render(request, "results/recap/region.html", {**context, **extra}, status=status)


def _target(request, contest: str, code: str) -> tuple[Contest, str] | HttpResponse:
    """The contest and region a request is about, or the 403 page for a region outside the user's own; 404
    when the region has no recapitulation in the contest."""
    contest_obj = contest_or_404(contest)
    region_code = region_code_of(code)
    if not may_view(request.user, region_code):
        return forbidden(request, _("Wilayah ini di luar cakupan rekapitulasi Anda."))
    snapshot_or_404(contest_obj, region_code)
    return contest_obj, region_code


@require_safe
@login_required
def recap_region(request, contest: str, code: str):
    target = _target(request, contest, code)
    if isinstance(target, HttpResponse):
        return target
    return _region_page(request, *target)


@require_POST
@login_required
def recap_lock(request, contest: str, code: str):
    target = _target(request, contest, code)
    if isinstance(target, HttpResponse):
        return target
    contest_obj, region_code = target
    try:
        locks.recap_lock(actor=Actor.of(request.user), contest=contest_obj, region_code=region_code)
    except DomainError as exc:
        return _region_page(request, contest_obj, region_code, status=exc.status, lock_error=exc.message)
    messages.success(request, _("Rekapitulasi dikunci. Perubahan di bawahnya ditolak sampai dibuka kembali."))
    return redirect("recap:page", contest=contest_obj.slug, code=url_word(region_code))


@require_POST
@login_required
def recap_reopen(request, contest: str, code: str):
    target = _target(request, contest, code)
    if isinstance(target, HttpResponse):
        return target
    contest_obj, region_code = target
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _region_page(request, contest_obj, region_code, status=400, reopen_form=form)
    try:
        locks.recap_reopen(
            actor=Actor.of(request.user),
            contest=contest_obj,
            region_code=region_code,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        if exc.field == "reason":
            form.add_error("reason", exc.message)
            return _region_page(request, contest_obj, region_code, status=exc.status, reopen_form=form)
        return _region_page(
            request, contest_obj, region_code, status=exc.status, reopen_form=form, reopen_error=exc.message
        )
    messages.success(request, _("Rekapitulasi dibuka kembali; alasannya tercatat."))
    return redirect("recap:page", contest=contest_obj.slug, code=url_word(region_code))


def pdf_filename(contest: Contest, code: str) -> str:
    return f"rekap-{contest.slug}-{url_word(code)}.pdf"


@require_safe
@login_required
def recap_pdf(request, contest: str, code: str):
    target = _target(request, contest, code)
    if isinstance(target, HttpResponse):
        return target
    contest_obj, region_code = target
    try:
        document = recap_document(contest=contest_obj, region_code=region_code)
    except DomainError as exc:
        raise Http404(exc.code) from exc
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(contest_obj, region_code)}"'
    response["Cache-Control"] = "private, no-store"
    return response
