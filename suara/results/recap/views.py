"""The recapitulation officers' pages under /petugas/rekap/: the regions a PPK or KPU officer
recapitulates, each with its children's totals, its progress, the anomalies and pending corrections
beneath, and its sign-off: lock (``locks.recap_lock``), reopen with a reason (``locks.recap_reopen``) and
the recapitulation document as a PDF (``recap_pdf.recap_document``).

Reads come from the region's published snapshot (``selectors.region_recap``) and the kept totals; the
lock rows and pending corrections are read from their tables, as the other officers' pages do. Seeing a
region needs VIEW_INTERNAL over it; signing off is the services' decision (LOCK_RECAP at that level)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.roles import Action, Role
from suara.core.errors import DomainError
from suara.core.region_codes import COUNTED_LEVELS, codes_above, covers, from_url_word, is_code, url_word
from suara.core.text import display_name
from suara.elections.models import Contest
from suara.elections.selectors import contest_get
from suara.portal import labels
from suara.results.entry.views import forbidden
from suara.results.models import CountRegion, RecapDelta, RecapLock, RegionTotal
from suara.results.public import selectors
from suara.results.recap import locks
from suara.results.recap.anomalies import FLAGS
from suara.results.recap.bodies import locking_role
from suara.results.recap.locks import holds_locking_role, pending_corrections
from suara.results.recap.pdf import recap_document
from suara.results.recap.readiness import LockReadiness, Refusal
from suara.results.templatetags.public_results import share_of

# The roles that recapitulate a level, each at its own scope.
RECAP_ROLES = (Role.PPK, Role.KPU_KABKOTA, Role.KPU_PROVINSI, Role.KPU_RI)


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
    return _("Nasional") if level == 0 else str(labels.level_label(code, level))


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
        return share_of(self.tps_reported, self.tps_expected)


def recap_items(user) -> list[RecapItem]:
    """For each region the user recapitulates (their PPK/KPU scopes), each contest of the elections that
    count there, with its progress from the kept totals and its standing lock. A handful of queries."""
    scopes = sorted({a.scope for a in assignments_of(user) if a.role in RECAP_ROLES})
    if not scopes:
        return []
    regions: dict[tuple[int, str], tuple[str, int, int]] = {}  # (election, code) -> name, level, TPS expected
    for election_id, code, name, level, expected in CountRegion.objects.filter(code__in=scopes).values_list(
        "election_id", "code", "name", "level", "tps_expected"
    ):
        regions[(election_id, code)] = (name, level, expected)
    if "" in scopes:
        national = CountRegion.objects.filter(level=1).values("election_id").annotate(expected=Sum("tps_expected"))
        for row in national.order_by():
            regions[(row["election_id"], "")] = ("", 0, row["expected"] or 0)
    election_ids = {election_id for election_id, _code in regions}
    contests = list(
        Contest.objects.filter(election_id__in=election_ids, candidates__isnull=False)
        .distinct()
        .select_related("election")
        .order_by("-election__voting_day", "ballot_type", "slug")
    )
    pairs = [
        (contest, code)
        for contest in contests
        for code in scopes
        if (contest.election_id, code) in regions and covers(contest.region_code, code)
    ]
    if not pairs:
        return []
    wanted = {"contest__in": {c for c, _code in pairs}, "region_code__in": {code for _c, code in pairs}}
    reported = {
        (contest_id, code): n
        for contest_id, code, n in RegionTotal.objects.filter(**wanted).values_list(
            "contest_id", "region_code", "tps_reported"
        )
    }
    standing = {
        (lock.contest_id, lock.region_code): lock
        for lock in RecapLock.objects.filter(**wanted, reopened_at__isnull=True)
    }
    items = []
    for contest, code in pairs:
        name, level, expected = regions[(contest.election_id, code)]
        items.append(
            RecapItem(
                contest,
                code,
                place_name(code, name),
                level_name(code, level),
                reported.get((contest.pk, code), 0),
                expected,
                standing.get((contest.pk, code)),
            )
        )
    return items


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


def _unfolded(contest: Contest, code: str) -> tuple[int, int]:
    """Accepted changes beneath not yet in the snapshot (the folder adds them within seconds): how many,
    and how many of them are a TPS's first result."""
    deltas = list(RecapDelta.objects.filter(contest=contest, tps_code__startswith=code).values_list("delta", flat=True))
    return len(deltas), sum(int(d.get("tps_reported", 0) or 0) for d in deltas)


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
        return _("Rekapitulasi tingkat ini dikunci oleh %(role)s wilayah ini.") % {"role": labels.role_label(role)}
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
    history = list(RecapLock.objects.filter(contest=contest, region_code=code).order_by("-locked_at", "-pk"))
    lock = next((row for row in history if row.reopened_at is None), None)
    above = codes_above(code)
    lock_above = (
        RecapLock.objects.filter(contest=contest, region_code__in=above, reopened_at__isnull=True)
        .order_by("region_code")
        .first()
    )
    child_locks = set(
        RecapLock.objects.filter(
            contest=contest,
            region_code__in=[c["code"] for c in children if c.get("level") != 5],
            reopened_at__isnull=True,
        ).values_list("region_code", flat=True)
    )
    pending = pending_corrections(contest, code)
    unfolded, unfolded_reported = _unfolded(contest, code)
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
        "reported_share": share_of(reported, expected),
        "children": [_child_row(contest, c, numbers, child_locks) for c in children],
        "flagged_count": sum(c.get("flagged", 0) for c in children),
        "child_heading": _("TPS")
        if level == 4
        else (_("Provinsi") if level == 0 else labels.child_heading(code, level)),
        "flags": [{"code": f, "count": flags.get(f, 0), "text": FLAGS[f]} for f in FLAGS],
        "flagged_tps": [
            {**t, "url": reverse("results:tps_result", args=[contest.slug, t["code"]])}
            for t in body.get("flagged_tps", [])
        ],
        "pending": pending,
        "is_ppk": any(a.role == Role.PPK for a in assignments_of(user)),
        "unfolded": unfolded,
        "lockable": locking_role(code) is not None,
        "lock": lock,
        "lock_role": labels.role_label(role) if (role := locking_role(code)) else "",
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
    """The contest and region a request is about, or the 403 page for a region outside the user's own."""
    contest_obj = contest_or_404(contest)
    region_code = region_code_of(code)
    if not may_view(request.user, region_code):
        return forbidden(request, _("Wilayah ini di luar cakupan rekapitulasi Anda."))
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
    snapshot_or_404(contest_obj, region_code)
    try:
        locks.recap_lock(user=request.user, contest=contest_obj, region_code=region_code)
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
    snapshot_or_404(contest_obj, region_code)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _region_page(request, contest_obj, region_code, status=400, reopen_form=form)
    try:
        locks.recap_reopen(
            user=request.user, contest=contest_obj, region_code=region_code, reason=form.cleaned_data["reason"]
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
    snapshot_or_404(contest_obj, region_code)
    try:
        document = recap_document(contest=contest_obj, region_code=region_code)
    except DomainError as exc:
        raise Http404(exc.code) from exc
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(contest_obj, region_code)}"'
    response["Cache-Control"] = "private, no-store"
    return response
