"""Reads of the checks for the pages and the API: a party's double memberships (its own listings, with
the other parties' names only), the conflicts in a KPU kab/kota's region, and the requirement per kab/kota.
NIKs are shown masked; the other party's list is never read beyond its name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from suara.accounts.authz import assignments_of
from suara.accounts.models import User
from suara.accounts.roles import ALLOWED, Action, Role, ScopeKind
from suara.parties.checks.rules import required_members
from suara.parties.models import KabkotaPopulation, Member, Party
from suara.parties.reasons import REASON_LABELS, reasons_of
from suara.people.nik import mask_number
from suara.regions.models import KemendagriRegion

LIMIT = 500  # rows a page shows at most (the count says how many there are)


def operator_parties(user: User) -> list[Party]:
    codes = {a.scope for a in assignments_of(user) if a.role == Role.PARTY_OPERATOR and a.scope_kind == ScopeKind.PARTY}
    return list(
        Party.objects.select_related("election").filter(code__in=codes).order_by("-election__voting_day", "number")
    )


def region_scopes(user: User, action: Action) -> list[str]:
    """The region codes where ``user`` holds a role allowed ``action``."""
    return sorted(
        {a.scope for a in assignments_of(user) if a.role in ALLOWED[action] and a.scope_kind == ScopeKind.REGION}
    )


@dataclass(frozen=True)
class DoubleRow:
    listing_id: int
    name: str
    nik_masked: str
    kabkota_code: str
    other_parties: list[str]


def _others_current(party: Party):
    return Member.objects.filter(removed_at__isnull=True, party__election_id=party.election_id).exclude(party=party)


def doubles_of_party(party: Party, *, limit: int = LIMIT) -> tuple[int, list[DoubleRow]]:
    """The party's current listings that another party of the election also lists, with the names of those
    parties (and nothing else of their lists): (how many, the first ``limit``)."""
    own = Member.objects.filter(
        party=party, removed_at__isnull=True, nik__in=_others_current(party).values("nik")
    ).order_by("name", "pk")
    total = own.count()
    rows = list(own.values("pk", "nik", "name", "kabkota_code")[:limit])
    others = defaultdict(set)
    for nik, name in (
        _others_current(party).filter(nik__in=[r["nik"] for r in rows]).values_list("nik", "party__name").distinct()
    ):
        others[nik].add(name)
    return total, [
        DoubleRow(r["pk"], r["name"], mask_number(r["nik"]), r["kabkota_code"], sorted(others[r["nik"]])) for r in rows
    ]


@dataclass(frozen=True)
class ConflictListing:
    listing_id: int
    party_id: int
    party_name: str
    name: str
    kabkota_code: str


@dataclass(frozen=True)
class Conflict:
    nik_masked: str
    listings: list[ConflictListing]


def conflicts_in_region(region_codes: list[str], *, limit: int = LIMIT) -> tuple[int, list[Conflict]]:
    """People listed by two or more parties of one election where a listing lies in one of ``region_codes``
    (kab/kota or wider): (how many, the first ``limit``), each with all its current listings."""
    if not region_codes:
        return 0, []
    near = Q()
    for code in region_codes:
        near |= Q(kabkota_code__startswith=code[:4]) if code else Q()
    doubled = (
        Member.objects.filter(removed_at__isnull=True)
        .values("nik", "party__election_id")
        .annotate(parties=Count("party_id", distinct=True))
        .filter(parties__gt=1)
    )
    in_region = Member.objects.filter(near, removed_at__isnull=True).values("nik")
    keys = list(doubled.filter(nik__in=in_region).order_by("nik").values_list("nik", "party__election_id"))
    total = len(keys)
    keys = keys[:limit]
    by_key = defaultdict(list)
    listings = (
        Member.objects.filter(removed_at__isnull=True, nik__in=[nik for nik, _ in keys])
        .select_related("party")
        .order_by("party__number", "pk")
    )
    for m in listings:
        by_key[(m.nik, m.party.election_id)].append(
            ConflictListing(m.pk, m.party_id, m.party.name, m.name, m.kabkota_code)
        )
    return total, [Conflict(mask_number(nik), by_key[(nik, e)]) for nik, e in keys if len(by_key[(nik, e)]) > 1]


@dataclass(frozen=True)
class RequirementRow:
    kabkota_code: str
    kabkota_name: str
    listings: int
    eligible: int
    population: int | None
    year: int | None
    source: str
    required: int

    @property
    def met(self) -> bool:
        return self.eligible >= self.required


def requirement_of(party: Party, *, region_codes: list[str] | None = None) -> list[RequirementRow]:
    """Per kab/kota where the party lists members or a population figure is imported (within the local
    party's province, and within ``region_codes`` when given): eligible (MS) members against the
    requirement (``rules.required_members``)."""
    counts = {
        row["kabkota_code"]: row
        for row in Member.objects.filter(party=party, removed_at__isnull=True)
        .values("kabkota_code")
        .annotate(n=Count("id"), ms=Count("id", filter=Q(status=Member.Status.ELIGIBLE)))
    }
    populations = {p.kabkota_code: p for p in KabkotaPopulation.objects.all()}
    codes = set(counts) | set(populations)
    if party.province_code:
        codes = {c for c in codes if c.startswith(party.province_code)}
    if region_codes is not None and "" not in region_codes:
        codes = {c for c in codes if any(c.startswith(r[:4]) for r in region_codes)}
    names = dict(KemendagriRegion.objects.filter(code__in=codes).values_list("code", "name"))
    rows = []
    for code in sorted(codes):
        figure = populations.get(code)
        row = counts.get(code, {"n": 0, "ms": 0})
        rows.append(
            RequirementRow(
                code,
                names.get(code, ""),
                row["n"],
                row["ms"],
                figure.population if figure else None,
                figure.year if figure else None,
                figure.source if figure else "",
                required_members(figure.population if figure else None),
            )
        )
    return rows


def reason_labels(bits: int) -> list[str]:
    return [REASON_LABELS[reason] for reason in reasons_of(bits)]
