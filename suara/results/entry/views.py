"""The KPPS's entry of form C.Hasil: the contests and TPS they may enter, the form (checked in the browser
by rules.js before sending, and again by ``services.result_submit``), and the confirmation of what was
stored. Operator pages: they read the result tables directly, unlike the public pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.roles import Action, Role
from suara.core.errors import DomainError
from suara.core.region_codes import covers, kecamatan_of
from suara.elections.models import Candidate, Contest
from suara.elections.selectors import contest_get
from suara.results.entry import services
from suara.results.entry.forms import (
    BALLOT_LABELS,
    GROUP_LABELS,
    PART_LABELS,
    TOTAL_LABELS,
    TallyForm,
    new_submission_id,
)
from suara.results.entry.photos import MAX_BYTES, MAX_PHOTOS, inspect_photo, photo_keep, photo_kept
from suara.results.entry.rules import BALLOT_FIELDS, TOTAL_FIELDS, VOTER_GROUPS, check
from suara.results.models import CountRegion, CountTps, ResultPhoto, ResultVersion, TpsResult
from suara.results.public.snapshots import photo_url

# The public TPS page of the results site (its contract; another part of the app serves it).
PUBLIC_TPS_PAGE = "/hasil/{contest}/tps/{tps}/"


# Shared by the entry and correction pages.


def forbidden(request, message: str = "") -> HttpResponse:
    return render(request, "results/entry/forbidden.html", {"message": message}, status=403)


def may(user, action: Action, tps_code: str) -> bool:
    return authorize(user, action, tps_code).allowed


@dataclass(frozen=True)
class Target:
    contest: Contest
    tps: CountTps
    candidates: list[Candidate]
    desa_name: str
    kecamatan_name: str

    @property
    def public_url(self) -> str:
        return PUBLIC_TPS_PAGE.format(contest=self.contest.slug, tps=self.tps.code)


def target_get(contest_slug: str, tps_code: str) -> Target:
    """The contest and TPS a page is about, with what the form needs; 404 when either is unknown."""
    try:
        contest = contest_get(contest_slug)
        tps = services.tps_for_contest(contest, tps_code)
    except DomainError as exc:
        raise Http404(exc.code) from exc
    kecamatan = kecamatan_of(tps.code)
    around = CountRegion.objects.filter(election_id=contest.election_id, code__in=[tps.desa_code, kecamatan])
    names = dict(around.values_list("code", "name"))
    return Target(
        contest,
        tps,
        list(contest.candidates.order_by("number")),
        names.get(tps.desa_code, ""),
        names.get(kecamatan, ""),
    )


def read_photos(files) -> list[bytes]:
    """The uploaded files' bytes. Never more than the service accepts plus one byte (or one file), so an
    oversized upload is refused by the service without being read whole into memory."""
    return [f.read(MAX_BYTES + 1) for f in files[: MAX_PHOTOS + 1]]


@dataclass(frozen=True)
class SentPhotos:
    """The photos of a sent form: those kept from a refused send of it (chosen by the officer again through
    their hidden names) first, then the new uploads."""

    kept: list[str]
    raw: list[bytes]


def sent_photos(request) -> SentPhotos:
    owner = request.user.get_username()
    kept, raw = [], []
    for name in dict.fromkeys(request.POST.getlist("kept_photos")[:MAX_PHOTOS]):
        path = photo_kept(name, owner=owner)
        if path is not None:
            kept.append(name)
            raw.append(path.read_bytes())
    raw += read_photos(request.FILES.getlist("photos")[: MAX_PHOTOS + 1 - len(raw)])
    return SentPhotos(kept, raw)


def keep_photos(request, sent: SentPhotos) -> list[dict]:
    """After a refusal: every photo that is a sound image is kept for the officer (privately, for a day),
    so the form comes back with its photos and they need not be chosen again. A bad one is not kept: the
    refusal names it."""
    owner = request.user.get_username()
    kept = []
    for page, raw in enumerate(sent.raw[:MAX_PHOTOS], start=1):
        try:
            photo = inspect_photo(raw, page=page)
        except DomainError:
            continue
        name = photo_keep(photo, owner=owner)
        kept.append({"name": name, "url": reverse("entry:kept_photo", args=[name]), "page": len(kept) + 1})
    return kept


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


def show_refusal(form: TallyForm, error: DomainError) -> None:
    """Puts a service's refusal on the form: each broken rule at the top and beside its fields, an error
    about one field beside it, anything else at the top."""
    if error.code == "rules_broken" and error.details:
        form.breaches = list(error.details)
    elif error.field and form.field_for(error.field):
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


def rebound_submission_id(form: TallyForm) -> None:
    """A re-shown form keeps its submission id (nothing was stored under it), unless it was unusable."""
    sid = form.data.get("submission_id", "")
    if not services.SUBMISSION_ID.fullmatch(sid):
        data = form.data.copy()
        data["submission_id"] = new_submission_id()
        form.data = data


def refused_status(form: TallyForm, error: DomainError | None) -> int:
    """The service's status for its refusal; for the form's own (missing numbers), 422 when rules break too."""
    if error is not None:
        return error.status
    return 422 if form.breaches else 400


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple
    changed: bool = False

    @property
    def change(self) -> int | None:
        if len(self.values) == 2 and all(isinstance(v, int) for v in self.values):
            return self.values[1] - self.values[0]
        return None


@dataclass(frozen=True)
class Section:
    title: str
    columns: list[str]
    rows: list[Row]


def tally_sections(candidates: list[Candidate], tally: dict, proposed: dict | None = None, *, columns=None) -> list:
    """The numbers in the order of form C.Hasil: of one stored tally (voters as men, women, total), or a
    proposed correction beside the tally in force, one row per field, each changed row marked."""
    tallies = (tally,) if proposed is None else (tally, proposed)

    def row(label, name: str) -> Row:
        values = tuple(t.get(name) for t in tallies)
        return Row(str(label), values, changed=len(set(values)) > 1)

    one = [_("Angka")] if proposed is None else columns
    votes = [row(f"{c.number}. {c.name}", f"votes.{c.number}") for c in candidates]
    totals = [row(TOTAL_LABELS[n], n) for n in TOTAL_FIELDS]
    ballots = [row(BALLOT_LABELS[n], n) for n in BALLOT_FIELDS]
    if proposed is None:
        voter_columns = [str(PART_LABELS[p]) for p in ("l", "p", "j")]
        voters = [
            Row(str(GROUP_LABELS[g]), tuple(tally.get(f"{g}.{p}") for p in ("l", "p", "j"))) for g in VOTER_GROUPS
        ]
    else:
        voter_columns = columns
        voters = [
            row(f"{GROUP_LABELS[g]}: {PART_LABELS[p]}", f"{g}.{p}") for g in VOTER_GROUPS for p in ("l", "p", "j")
        ]
    return [
        Section(_("Perolehan suara"), one, votes),
        Section(_("Suara sah dan tidak sah"), one, totals),
        Section(_("Data pemilih dan pengguna hak pilih"), voter_columns, voters),
        Section(_("Data penggunaan surat suara"), one, ballots),
    ]


def photos_of(version: ResultVersion) -> list[dict]:
    return [
        {"page": p.page, "url": photo_url(p), "width": p.width, "height": p.height}
        for p in ResultPhoto.objects.filter(version=version).order_by("page")
    ]


def pending_corrections(result_ids) -> set[int]:
    return set(
        ResultVersion.objects.filter(result_id__in=result_ids, status=ResultVersion.Status.PENDING).values_list(
            "result_id", flat=True
        )
    )


# The pages.


@dataclass(frozen=True)
class EntryItem:
    contest: Contest
    tps_code: str
    tps_number: int
    desa_name: str
    result: TpsResult | None
    correction_pending: bool


def entry_items(user) -> list[EntryItem]:
    """The (contest, TPS) pairs a KPPS may enter, from their role assignments, with each one's state."""
    tps_codes = sorted({a.scope for a in assignments_of(user) if a.role == Role.KPPS})
    if not tps_codes:
        return []
    tps_rows = list(CountTps.objects.filter(code__in=tps_codes).order_by("code", "election_id"))
    election_ids = {t.election_id for t in tps_rows}
    contests = list(
        Contest.objects.filter(election_id__in=election_ids, candidates__isnull=False)
        .distinct()
        .select_related("election")
        .order_by("election__voting_day", "ballot_type", "region_code")
    )
    desa_names = {
        (r.election_id, r.code): r.name
        for r in CountRegion.objects.filter(election_id__in=election_ids, code__in={t.desa_code for t in tps_rows})
    }
    pairs = [
        (c, t) for t in tps_rows for c in contests if c.election_id == t.election_id and covers(c.region_code, t.code)
    ]
    results = {
        (r.contest_id, r.tps_code): r
        for r in TpsResult.objects.filter(contest__in={c for c, _ in pairs}, tps_code__in=tps_codes)
    }
    pending = pending_corrections([r.pk for r in results.values()])
    items = []
    for contest, tps in pairs:
        result = results.get((contest.pk, tps.code))
        items.append(
            EntryItem(
                contest,
                tps.code,
                tps.number,
                desa_names.get((tps.election_id, tps.desa_code), ""),
                result,
                result is not None and result.pk in pending,
            )
        )
    return items


@require_safe
@login_required
def entry_list(request):
    items = entry_items(request.user)
    if not items and not any(a.role == Role.KPPS for a in assignments_of(request.user)):
        return forbidden(request, _("Halaman ini untuk KPPS. Akun Anda tidak punya peran KPPS."))
    return render(request, "results/entry/list.html", {"items": items})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def entry_form(request, contest: str, tps: str):
    if not may(request.user, Action.SUBMIT_RESULT, tps):
        return forbidden(request, _("Hanya KPPS TPS ini yang dapat mengisi hasilnya."))
    target = target_get(contest, tps)
    result = TpsResult.objects.filter(contest=target.contest, tps_code=tps).first()
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
                user=request.user,
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
    version = (
        ResultVersion.objects.select_related("result")
        .filter(pk=version_id, result__contest=target.contest, result__tps_code=tps)
        .first()
    )
    if version is None:
        raise Http404("version")
    return render(
        request,
        "results/entry/done.html",
        {
            "target": target,
            "version": version,
            "sections": tally_sections(target.candidates, version.tally),
            "photos": photos_of(version),
        },
    )
