"""Reads of factual verification for the pages, the API and the berita acara: who sees a sample and how,
and its members as each viewer may see them (the party operator sees names masked)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.models import User
from suara.accounts.roles import ALLOWED, Action, Role, Scope, ScopeKind
from suara.core.errors import NotFound
from suara.parties.errors import PartyErrorCode
from suara.parties.models import SampledMember, VerificationAttempt, VerificationSample
from suara.parties.verification import rules
from suara.parties.verification.places import places_of
from suara.people.names import mask_name
from suara.regions.models import Region

VERIFIER = "verifier"
PARTY = "party"


def viewer_of(user: User, sample: VerificationSample) -> str | None:
    """VERIFIER (may record, sees names), PARTY (the party's operator: reads, names masked) or None."""
    if authorize(user, Action.VERIFY_PARTY_MEMBERS, sample.kabkota_code):
        return VERIFIER
    if authorize(user, Action.UPLOAD_PARTY_MEMBERS, Scope(ScopeKind.PARTY, sample.party.code)):
        return PARTY
    return None


def is_verifier(user: User) -> bool:
    return any(a.role in ALLOWED[Action.VERIFY_PARTY_MEMBERS] for a in assignments_of(user))


def samples_for(user: User) -> list[VerificationSample]:
    """The samples a user sees: in the kab/kota they verify, and of the parties they operate."""
    assignments = assignments_of(user)
    regions = {a.scope for a in assignments if a.role in ALLOWED[Action.VERIFY_PARTY_MEMBERS]}
    parties = {a.scope for a in assignments if a.role == Role.PARTY_OPERATOR}
    samples = VerificationSample.objects.select_related("party", "party__election").order_by(
        "kabkota_code", "party__number"
    )
    if "" in regions:
        return list(samples)
    return [s for s in samples if s.kabkota_code in regions or s.party.code in parties]


def sample_seen(user: User, sample_id: int) -> tuple[VerificationSample, str]:
    """The sample and how the user sees it; NotFound when they may not (a sample's existence is not told)."""
    sample = None
    if rules.id_ok(sample_id):
        sample = VerificationSample.objects.select_related("party", "party__election").filter(pk=sample_id).first()
    viewer = viewer_of(user, sample) if sample else None
    if viewer is None:
        raise NotFound(PartyErrorCode.SAMPLE_NOT_FOUND, "Sampel verifikasi tidak ditemukan.", field="sample")
    return sample, viewer


@dataclass
class Row:
    sampled: SampledMember
    name: str
    desa_code: str
    address: str
    attempts: list[VerificationAttempt] = field(default_factory=list)
    replacement_id: int | None = None

    @property
    def next_methods(self) -> list[str]:
        done = [(a.method, a.finding) for a in self.attempts]
        return [m for m in rules.METHODS if rules.attempt_problem(done, m, decided=bool(self.sampled.decision)) is None]


def sample_rows(sample: VerificationSample, viewer: str) -> list[Row]:
    """The sample's members, drawn ones by number, then the replacements; names masked for the party."""
    sampled = list(sample.members.select_related("member").order_by("kind", "number"))
    attempts: dict[int, list[VerificationAttempt]] = {}
    for attempt in VerificationAttempt.objects.filter(sampled__sample=sample).order_by("attempted_at", "pk"):
        attempts.setdefault(attempt.sampled_id, []).append(attempt)
    replaced = {s.replaces_id: s.pk for s in sampled if s.replaces_id}
    rows = []
    for s in sampled:
        full = viewer == VERIFIER
        rows.append(
            Row(
                sampled=s,
                name=s.member.name if full else mask_name(s.member.name),
                desa_code=s.member.desa_code,
                address=s.member.address if full else "",
                attempts=attempts.get(s.pk, []),
                replacement_id=replaced.get(s.pk),
            )
        )
    return rows


def sample_summary(sample: VerificationSample) -> dict:
    places = places_of(sample)
    return {
        "ms": rules.ms_places(places),
        "undecided": rules.undecided(places),
        "replacements": sample.members.filter(kind=SampledMember.Kind.REPLACEMENT).count(),
        "kabkota_name": Region.objects.filter(code=sample.kabkota_code).values_list("name", flat=True).first() or "",
    }


@dataclass(frozen=True)
class PublicDraw:
    """What is published of a sample's draw, for anyone to redraw it: never a member or a name."""

    sample: VerificationSample
    kabkota_name: str
    replacements: int


def samples_published(election_slug: str = "") -> list[PublicDraw]:
    """Every sample's draw (of one election, when named), by kab/kota then party number."""
    samples = VerificationSample.objects.select_related("party", "party__election").order_by(
        "kabkota_code", "party__number"
    )
    if election_slug:
        samples = samples.filter(party__election__slug=election_slug)
    samples = list(samples.defer("frame"))
    names = dict(Region.objects.filter(code__in={s.kabkota_code for s in samples}).values_list("code", "name"))
    replacements = dict(
        SampledMember.objects.filter(sample__in=samples, kind=SampledMember.Kind.REPLACEMENT)
        .values("sample_id")
        .annotate(n=models.Count("id"))
        .values_list("sample_id", "n")
    )
    return [PublicDraw(s, names.get(s.kabkota_code, ""), replacements.get(s.pk, 0)) for s in samples]
