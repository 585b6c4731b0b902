"""What the KPPS's entry pages and the correction pages share: the TPS a page is about, the photos of a
sent form (kept after a refusal), a refusal shown on the form, the tally laid out as form C.Hasil, and the
(contest, TPS) pairs a KPPS may enter."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from suara.accounts.authz import authorize
from suara.accounts.roles import Action
from suara.core.errors import DomainError
from suara.elections.models import Candidate
from suara.results.entry import selectors, services
from suara.results.entry.forms import (
    BALLOT_LABELS,
    GROUP_LABELS,
    PART_LABELS,
    TOTAL_LABELS,
    TallyForm,
    new_submission_id,
)
from suara.results.entry.photos import MAX_BYTES, MAX_PHOTOS, inspect_photo, photo_keep, photo_kept
from suara.results.errors import ResultErrorCode
from suara.results.rules import BALLOT_FIELDS, TOTAL_FIELDS, VOTER_GROUPS


def may(user, action: Action, tps_code: str) -> bool:
    return authorize(user, action, tps_code).allowed


def target_get(contest_slug: str, tps_code: str) -> selectors.Target:
    """The contest and TPS a page is about, with what the form needs; 404 when either is unknown."""
    try:
        return selectors.target_get(contest_slug, tps_code)
    except DomainError as exc:
        raise Http404(exc.code) from exc


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


def show_refusal(form: TallyForm, error: DomainError) -> None:
    """Puts a service's refusal on the form: each broken rule at the top and beside its fields, an error
    about one field beside it, anything else at the top."""
    if error.code == ResultErrorCode.RULES_BROKEN and error.details:
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
