"""Reads of the city's closed view: the area a viewer may open, its officers and their seats, health
aggregates (never a person's health), KPU's progress and real count from the published snapshots
(``results.public.selectors``: no raw result table is read here) and the city's own count beside KPU's.

Every read starts from ``area_open``: the code must be a region or TPS the user's role covers for the
action, or the read is refused with ``city_area_forbidden``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Substr

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.roles import ALLOWED, Action
from suara.core.errors import DomainError, NotFound, PermissionDenied
from suara.core.region_codes import TPS_LENGTH
from suara.elections.models import Contest, Election
from suara.officers.bodies import BODY_LABELS, POSTING_LENGTH, Body, Position, Status, seats_of
from suara.officers.city import suppression
from suara.officers.city.rules import differences
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import CityCount, HealthAlert, Officer, Screening
from suara.officers.selectors import large_tps_by
from suara.regions.models import Region, Tps
from suara.results.public.selectors import in_contest_area, region_recap

CODE_LENGTHS = (2, 4, 6, 10, TPS_LENGTH)
LEVEL_OF_LENGTH = {2: 1, 4: 2, 6: 3, 10: 4}
# The body a posting of each length holds, in the order the pages list them.
BODIES_AT = {6: (Body.PPK,), 10: (Body.PPS,), TPS_LENGTH: (Body.KPPS, Body.LINMAS, Body.PANTARLIH)}
BODY_ORDER = (Body.PPK, Body.PPS, Body.KPPS, Body.LINMAS, Body.PANTARLIH)
RISKS = (Screening.Risk.LOW, Screening.Risk.MEDIUM, Screening.Risk.HIGH)


def areas_of(user, action: Action = Action.VIEW_CITY) -> list[str]:
    """The region codes under which ``user`` takes ``action`` (its role's scopes), shortest first."""
    return sorted({a.scope for a in assignments_of(user) if a.role in ALLOWED[action]}, key=lambda c: (len(c), c))


def area_open(user, code: str, action: Action = Action.VIEW_CITY) -> str:
    """``code`` when it is a well-formed region or TPS code ``user`` may open for ``action``; otherwise a
    DomainError: 400 for a malformed code, 403 ``city_area_forbidden`` for one outside the user's city."""
    if not (code.isascii() and code.isdigit() and len(code) in CODE_LENGTHS):
        raise NotFound(
            OfficerErrorCode.CITY_REGION_NOT_FOUND, "Kode wilayah harus 2, 4, 6, 10 atau 13 digit angka.", field="code"
        )
    if not authorize(user, action, code):
        raise PermissionDenied(OfficerErrorCode.CITY_AREA_FORBIDDEN, f"Wilayah {code} di luar kota Anda.", field="code")
    return code


# --- geography ---------------------------------------------------------------------------------------


@dataclass
class Node:
    code: str
    name: str
    level: int  # 1 province .. 4 desa, 5 TPS
    ancestors: list[tuple[str, str]] = field(default_factory=list)  # (code, name), from the top down
    children: list[tuple[str, str]] = field(default_factory=list)  # (code, name), by code


def node_get(code: str, top: str) -> Node:
    """A region or TPS of the geography with its ancestors down from ``top`` (the viewer's own area) and
    its children; NotFound ``city_region_not_found`` for a code the geography does not hold."""
    if len(code) == TPS_LENGTH:
        tps = Tps.objects.filter(code=code).values_list("number", flat=True).first()
        if tps is None:
            raise _region_not_found(code)
        node = Node(code, f"TPS {tps:03d}", 5)
    else:
        name = Region.objects.filter(code=code).values_list("name", flat=True).first()
        if name is None:
            raise _region_not_found(code)
        node = Node(code, name, LEVEL_OF_LENGTH[len(code)])
        if len(code) == 10:
            node.children = [
                (c, f"TPS {n:03d}")
                for c, n in Tps.objects.filter(desa_id=code).order_by("code").values_list("code", "number")
            ]
        else:
            node.children = list(Region.objects.filter(parent_id=code).order_by("code").values_list("code", "name"))
    wanted = [code[:n] for n in CODE_LENGTHS if len(top) <= n < len(code)]
    names = dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))
    node.ancestors = [(c, names.get(c, c)) for c in wanted]
    return node


def _region_not_found(code: str) -> NotFound:
    return NotFound(OfficerErrorCode.CITY_REGION_NOT_FOUND, f"Wilayah atau TPS {code} tidak ditemukan.", field="code")


# --- the election ------------------------------------------------------------------------------------


def election_for(area: str, slug: str = "") -> Election | None:
    """The election named by ``slug`` (NotFound ``city_election_not_found`` when none is); without it, the
    latest election with officers in ``area``, or the latest election, or None before any is loaded."""
    if slug:
        election = Election.objects.filter(slug=slug[:40]).first()
    else:
        with_officers = (
            Officer.objects.filter(posting_code__startswith=area)
            .order_by("-election__voting_day")
            .values_list("election_id", flat=True)
            .first()
        )
        elections = Election.objects.order_by("-voting_day")
        election = (elections.filter(pk=with_officers) if with_officers else elections).first()
    if election is None and slug:
        raise NotFound(OfficerErrorCode.CITY_ELECTION_NOT_FOUND, "Pemilihan tidak ditemukan.", field="pemilu")
    return election


def contests_for(election: Election, area: str) -> list[Contest]:
    """The election's contests counted over ``area`` (the nation's, the province's, the city's own)."""
    contests = Contest.objects.filter(election=election).order_by("ballot_type", "region_code", "slug")
    return [c for c in contests if in_contest_area(c, area)]


def contest_for(election: Election, area: str, slug: str = "") -> Contest | None:
    """The contest named by ``slug`` among ``contests_for`` (NotFound when it is not one of them), or the
    first of them; None when the election counts nothing over the area."""
    contests = contests_for(election, area)
    if slug:
        found = next((c for c in contests if c.slug == slug), None)
        if found is None:
            raise NotFound(OfficerErrorCode.CITY_ELECTION_NOT_FOUND, "Kontestasi tidak ditemukan.", field="kontestasi")
        return found
    return contests[0] if contests else None


# --- officers and their seats ------------------------------------------------------------------------


@dataclass
class SeatCell:
    filled: int
    seats: int

    @property
    def complete(self) -> bool:
        return self.seats > 0 and self.filled >= self.seats


def _postings(code: str, group_length: int, body: Body) -> dict[str, int]:
    """How many postings of ``body`` lie beneath each group (the code's first ``group_length`` digits)."""
    length = POSTING_LENGTH[body]
    if length < group_length:
        return {}
    if length == TPS_LENGTH:
        rows = Tps.objects.filter(code__startswith=code).annotate(group=Substr("code", 1, group_length))
    else:
        rows = Region.objects.filter(code__startswith=code, level=LEVEL_OF_LENGTH[length])
        rows = rows.annotate(group=Substr("code", 1, group_length))
    return dict(rows.values("group").annotate(n=Count("pk")).values_list("group", "n"))


def seat_table(election: Election | None, code: str, group_length: int) -> dict[str, dict[Body, SeatCell]]:
    """For each group beneath ``code`` (its first ``group_length`` digits), each body posted at or beneath
    it: appointed officers against seats (``bodies.seats_of``: Pantarlih's second seat at a Pilkada TPS with
    more than 400 voters on the register counted, as the openings and the rosters count it)."""
    filled: dict[tuple[str, str], int] = {
        (g, b): n
        for g, b, n in Officer.objects.filter(election=election, status=Status.APPOINTED, posting_code__startswith=code)
        .annotate(group=Substr("posting_code", 1, group_length))
        .values("group", "body")
        .annotate(n=Count("pk"))
        .values_list("group", "body", "n")
    }
    table: dict[str, dict[Body, SeatCell]] = defaultdict(dict)
    pilkada = election is not None and election.kind == Election.Kind.PILKADA
    large = large_tps_by(election, code, group_length)
    for body in BODY_ORDER:
        for group, postings in _postings(code, group_length, body).items():
            seats = seats_of(body, postings, large_tps=large[group], pilkada=pilkada)
            table[group][body] = SeatCell(filled.get((group, body.value), 0), seats)
    return dict(table)


def bodies_beneath(code: str) -> list[Body]:
    return [b for b in BODY_ORDER if POSTING_LENGTH[b] >= len(code)]


@dataclass(frozen=True)
class Contact:
    """What the city needs to coordinate with an officer: name, body and position, phone. Nothing else of
    the record (no NIK, birth date, address, and never health)."""

    name: str
    body: str
    position: str
    phone: str


def contacts_at(election: Election, code: str) -> list[Contact]:
    """The appointed officers posted at ``code`` itself (the PPK of a kecamatan, the PPS of a desa, the
    KPPS, Linmas and Pantarlih of a TPS), chairs first."""
    rows = Officer.objects.filter(election=election, posting_code=code, status=Status.APPOINTED).values_list(
        "name", "body", "position", "phone"
    )
    order = {b.value: i for i, b in enumerate(BODY_ORDER)}
    rows = sorted(rows, key=lambda r: (order.get(r[1], 9), r[2] != Position.CHAIR, r[0]))
    return [Contact(name, BODY_LABELS[Body(body)], position, phone) for name, body, position, phone in rows]


# --- health aggregates -------------------------------------------------------------------------------


def _latest(column: str) -> Subquery:
    return Subquery(Screening.objects.filter(officer=OuterRef("pk")).order_by("-screened_on", "-id").values(column)[:1])


@dataclass
class HealthRow:
    label: str
    cells: list[str]  # rendah, sedang, tinggi, belum diskrining: suppressed
    total: int  # appointed officers of the body: not health data


def health_by_body(election: Election, code: str) -> list[HealthRow]:
    """Appointed officers beneath ``code`` by body and the risk category of their latest screening (or
    none yet), small cells suppressed (``suppression.row``). Counts only: no person appears."""
    counts: dict[tuple[str, str | None], int] = {
        (b, r): n
        for b, r, n in Officer.objects.filter(election=election, status=Status.APPOINTED, posting_code__startswith=code)
        .annotate(risk=_latest("risk"))
        .values("body", "risk")
        .annotate(n=Count("pk"))
        .values_list("body", "risk", "n")
    }
    rows = []
    for body in bodies_beneath(code):
        numbers = [counts.get((body.value, r.value), 0) for r in RISKS] + [counts.get((body.value, None), 0)]
        if sum(numbers):
            rows.append(HealthRow(BODY_LABELS[body], suppression.row(numbers), sum(numbers)))
    return rows


def health_alerts(election: Election, node: Node) -> list[tuple[str, str, str]]:
    """(code, name, count shown) per child of ``node``: appointed officers whose latest screening is high
    risk and not cleared by a doctor. Each count on its own, suppressed under 5; no total beside them."""
    if not node.children:
        return []
    group_length = len(node.children[0][0])
    high = dict(
        Officer.objects.filter(election=election, status=Status.APPOINTED, posting_code__startswith=node.code)
        .annotate(risk=_latest("risk"), cleared=_latest("cleared_at"))
        .filter(risk=Screening.Risk.HIGH, cleared__isnull=True)
        .annotate(group=Substr("posting_code", 1, group_length))
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    return [(c, name, suppression.cell(high.get(c, 0))) for c, name in node.children]


def missed_checkins(election: Election, node: Node) -> list[tuple[str, str, str]]:
    """(code, name, count shown) per child of ``node`` (the kecamatan of a city, the desa of a kecamatan, the
    TPS of a desa): the election-day check-ins its KPPS chairs missed and have not answered since (open
    ``missed`` alerts, one per TPS and slot, ``officers.health``). Each count on its own, suppressed under 5
    as the other alerts are; no total beside them."""
    if not node.children:
        return []
    group_length = len(node.children[0][0])
    missed = dict(
        HealthAlert.objects.filter(
            election=election, kind=HealthAlert.Kind.MISSED, resolved_at__isnull=True, tps_code__startswith=node.code
        )
        .annotate(group=Substr("tps_code", 1, group_length))
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    return [(c, name, suppression.cell(missed.get(c, 0))) for c, name in node.children]


# --- KPU's count, from the published snapshots -------------------------------------------------------


def kpu_recap(contest: Contest, code: str) -> dict | None:
    """The published recap body of a region (not a TPS) in KPU's count, or None when the region is outside
    the contest's count or the counting geography does not hold it yet."""
    try:
        return region_recap(contest.slug, code).body
    except DomainError:
        return None


@dataclass
class Compared:
    tps: str
    number: int
    city: dict[str, int] | None  # flat: votes.<n>, valid, invalid, total
    kpu: dict[str, int] | None
    city_version: int = 0

    @property
    def differing(self) -> list[str]:
        return differences(self.city, self.kpu) if self.city is not None and self.kpu is not None else []


def city_flat(count: CityCount) -> dict[str, int]:
    return {**count.votes, "valid": count.valid, "invalid": count.invalid, "total": count.total}


def comparison(contest: Contest, code: str) -> list[Compared]:
    """Every TPS beneath ``code`` (a kecamatan, desa or TPS) that the city counted or KPU reported: the
    city's numbers beside KPU's published ones (the desa snapshots' TPS rows), by TPS code."""
    counts = {c.tps_code: c for c in CityCount.objects.filter(contest=contest, tps_code__startswith=code)}
    desa_codes = (
        [code[:10]]
        if len(code) >= 10
        else list(Region.objects.filter(code__startswith=code, level=4).order_by("code").values_list("code", flat=True))
    )
    rows: list[Compared] = []
    for desa in desa_codes:
        body = kpu_recap(contest, desa) or {"children": []}
        for child in body["children"]:
            tps = child.get("code", "")
            if not tps.startswith(code):
                continue
            kpu = None
            if child.get("tps_reported"):
                kpu = {f"votes.{n}": v for n, v in child["votes"].items()}
                kpu |= {"valid": child["valid"], "invalid": child["invalid"], "total": child["total"]}
            count = counts.pop(tps, None)
            if kpu is None and count is None:
                continue
            rows.append(
                Compared(
                    tps, child.get("number", 0), city_flat(count) if count else None, kpu, count.version if count else 0
                )
            )
    for tps, count in counts.items():  # counted by the city, unknown to KPU's published geography
        rows.append(Compared(tps, int(tps[10:]), city_flat(count), None, count.version))
    return sorted(rows, key=lambda r: r.tps)


def city_count_read(contest_slug: str, tps: str) -> CityCount | None:
    return CityCount.objects.select_related("contest").filter(contest__slug=contest_slug, tps_code=tps).first()


def city_count_of(contest: Contest, tps: str) -> CityCount | None:
    return CityCount.objects.filter(contest=contest, tps_code=tps).first()


def city_count_history(count: CityCount) -> list:
    return list(count.versions.order_by("-number"))
