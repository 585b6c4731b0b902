"""Reads of the rosters: who serves at a posting, and how complete the rosters are beneath a region
(filled seats against seats, per body, for each child region or TPS)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr

from suara.elections.models import Election
from suara.officers.bodies import BASE_SEATS, HAS_CHAIR, POSTING_LENGTH, Body, Position, Status, seats_of
from suara.officers.models import Decree, Officer
from suara.officers.selection.selectors import posting_seats
from suara.officers.selectors import large_tps_by
from suara.regions.models import Level, Region, Tps

# The bodies of each kind of posting, in the order a roster lists them.
BODIES_AT = {
    6: (Body.PPK,),
    10: (Body.PPS,),
    13: (Body.KPPS, Body.PANTARLIH, Body.LINMAS),
}
ROSTER_STATUSES = (Status.APPOINTED, Status.RESERVE)


@dataclass
class BodyRoster:
    body: Body
    seats: int
    appointed: list[Officer]
    reserves: list[Officer]
    decrees: list[Decree]

    @property
    def filled(self) -> int:
        return len(self.appointed)

    @property
    def open_seats(self) -> int:
        return max(self.seats - self.filled, 0)

    @property
    def has_chair(self) -> bool:
        return self.body in HAS_CHAIR


def posting_roster(election: Election, code: str) -> list[BodyRoster]:
    """Each body's officers at a kecamatan (PPK), desa (PPS) or TPS (KPPS, Pantarlih, Linmas): the
    appointed, chair first, and the reserves; with the seats and the decrees."""
    bodies = BODIES_AT.get(len(code), ())
    officers = Officer.objects.filter(
        election=election, posting_code=code, body__in=bodies, status__in=ROSTER_STATUSES
    ).order_by("name", "pk")
    decrees = Decree.objects.filter(election=election, posting_code=code).order_by("decreed_on", "pk")
    rosters = []
    for body in bodies:
        mine = [o for o in officers if o.body == body]
        appointed = sorted(
            (o for o in mine if o.status == Status.APPOINTED), key=lambda o: (o.position != Position.CHAIR, o.name)
        )
        rosters.append(
            BodyRoster(
                body=body,
                seats=posting_seats(election, body, code),
                appointed=appointed,
                reserves=[o for o in mine if o.status == Status.RESERVE],
                decrees=[d for d in decrees if d.body == body],
            )
        )
    return rosters


@dataclass
class Completeness:
    code: str
    name: str
    seats: dict[Body, int] = field(default_factory=dict)
    filled: dict[Body, int] = field(default_factory=dict)

    @property
    def total_seats(self) -> int:
        return sum(self.seats.values())

    @property
    def total_filled(self) -> int:
        return sum(self.filled.get(body, 0) for body in self.seats)

    def percent(self) -> float:
        return round(100 * self.total_filled / self.total_seats, 1) if self.total_seats else 0.0

    def cells(self) -> list[tuple[Body, int, int]]:
        return [(body, self.filled.get(body, 0), self.seats[body]) for body in Body if body in self.seats]


CHILD_LENGTH = {"": 2, 2: 4, 4: 6, 6: 10, 10: 13}


def completeness(election: Election, region: Region) -> tuple[Completeness, list[Completeness]]:
    """The region's completeness and each child's (kecamatan of a kab/kota, desa of a kecamatan, TPS of a
    desa): seats from the bodies' base seats over the kecamatan, desa and TPS beneath (``Region.tps_count``
    kept by the geography import), filled seats from the appointed officers, in three grouped counts; at a
    Pilkada, Pantarlih's second seat at each TPS with more than 400 voters on the register
    (``bodies.seats_of``, as the openings count them)."""
    code = region.code
    child_length = CHILD_LENGTH[len(code)]
    pilkada = election.kind == Election.Kind.PILKADA
    large = large_tps_by(election, code, child_length)
    if child_length == POSTING_LENGTH[Body.KPPS]:
        children = [
            Completeness(t.code, f"TPS {t.code[10:]}")
            for t in Tps.objects.filter(desa_id=code).order_by("code").only("code")
        ]
        for child in children:
            child.seats = {
                body: seats_of(body, 1, large_tps=large[child.code], pilkada=pilkada) for body in BODIES_AT[13]
            }
    else:
        children = [
            Completeness(r.code, r.name)
            for r in Region.objects.filter(parent_id=code).order_by("code").only("code", "name")
        ]
        units = (
            Region.objects.filter(code__startswith=code, level__in=(Level.KECAMATAN, Level.DESA))
            .exclude(code=code)
            .annotate(child=Substr("code", 1, child_length))
            .values("child", "level")
            .annotate(n=Count("code"))
        )
        counted: dict[str, dict[int, int]] = defaultdict(dict)
        for row in units:
            counted[row["child"]][row["level"]] = row["n"]
        tps = dict(Region.objects.filter(parent_id=code).values_list("code", "tps_count"))
        for child in children:
            here = counted.get(child.code, {})
            # A child is itself a kecamatan (or a desa) when its code has that length.
            kecamatan = 1 if len(child.code) == 6 else here.get(Level.KECAMATAN, 0)
            desa = 1 if len(child.code) == 10 else here.get(Level.DESA, 0)
            tps_beneath = tps.get(child.code, 0)
            child.seats = {
                Body.PPK: BASE_SEATS[Body.PPK] * kecamatan,
                Body.PPS: BASE_SEATS[Body.PPS] * desa,
                **{
                    body: seats_of(body, tps_beneath, large_tps=large[child.code], pilkada=pilkada)
                    for body in BODIES_AT[13]
                },
            }
    filled = (
        Officer.objects.filter(election=election, status=Status.APPOINTED, posting_code__startswith=code)
        .annotate(child=Substr("posting_code", 1, child_length))
        .values("child", "body")
        .annotate(n=Count("pk"))
    )
    by_code = {c.code: c for c in children}
    for row in filled:
        child = by_code.get(row["child"])
        if child is not None:
            child.filled[Body(row["body"])] = row["n"]
    # The region's own postings (its PPK where it is a kecamatan, its PPS where a desa) count in its total.
    total = Completeness(code, region.name)
    for child in children:
        for body, seats in child.seats.items():
            total.seats[body] = total.seats.get(body, 0) + seats
            total.filled[body] = total.filled.get(body, 0) + child.filled.get(body, 0)
    own = BODIES_AT.get(len(code), ())
    for body in own:
        total.seats[body] = total.seats.get(body, 0) + BASE_SEATS[body]
        total.filled[body] = total.filled.get(body, 0) + (
            Officer.objects.filter(election=election, status=Status.APPOINTED, body=body, posting_code=code).count()
        )
    return total, children
