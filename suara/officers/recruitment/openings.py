"""The seats open per body and posting in a region (``bodies.seats``): PPK per kecamatan, PPS per desa,
KPPS, Pantarlih and Linmas per TPS; Pantarlih from the register's active voters per TPS (two where a
Pilkada TPS has over 400). A posting lies in the region, or holds it (the PPK of a desa's kecamatan).

Regions down to a kecamatan list each posting with its seats and its applications; larger regions only
the totals per body (a province has tens of thousands of TPS)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from suara.core.errors import DomainError, NotFound
from suara.elections.errors import ElectionErrorCode
from suara.elections.models import Election
from suara.officers.bodies import BODY_LABELS, LEFT, PANTARLIH_LARGE_TPS, POSTING_LENGTH, Body, seats
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import Officer, RecruitmentSchedule
from suara.officers.selectors import large_tps
from suara.regions.models import Level, Region, Tps
from suara.regions.selectors import region_get

LISTED_FROM_LENGTH = 6  # a kecamatan or a desa lists its postings one by one


@dataclass(frozen=True)
class Posting:
    code: str
    name: str
    seats: int
    applications: int


@dataclass
class BodyOpenings:
    body: Body
    label: str
    postings: int = 0
    seats: int = 0
    applications: int = 0
    listed: list[Posting] = field(default_factory=list)  # each posting (regions down to a kecamatan)


def body_get(value: object) -> Body:
    try:
        return Body(str(value))
    except ValueError:
        raise DomainError(
            OfficerErrorCode.BODY_UNKNOWN,
            "Badan harus salah satu dari: ppk, pps, kpps, pantarlih, linmas.",
            field="badan",
        ) from None


def _posting_names(body: Body, codes: list[str]) -> dict[str, str]:
    if POSTING_LENGTH[body] == 13:
        return {code: f"TPS {int(code[10:]):03d}" for code in codes}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def postings_of(body: Body, region_code: str) -> list[str]:
    """The codes of the postings of ``body`` in a region, and the kecamatan or desa holding it."""
    length = POSTING_LENGTH[body]
    if length == 13:
        return list(Tps.objects.filter(code__startswith=region_code).order_by("code").values_list("code", flat=True))
    if len(region_code) >= length:
        return list(Region.objects.filter(code=region_code[:length]).values_list("code", flat=True))
    level = Level.KECAMATAN if length == 6 else Level.DESA
    return list(
        Region.objects.filter(level=level, code__startswith=region_code).order_by("code").values_list("code", flat=True)
    )


def _applications(election: Election, body: Body, region_code: str) -> dict[str, int]:
    prefix = region_code[: POSTING_LENGTH[body]]
    rows = (
        Officer.objects.filter(election=election, body=body, posting_code__startswith=prefix)
        .exclude(status__in=[s.value for s in LEFT])
        .values("posting_code")
        .annotate(n=Count("id"))
    )
    return {row["posting_code"]: row["n"] for row in rows}


def openings(election: Election, region_code: str) -> tuple[Region, list[BodyOpenings]]:
    """The openings of every body in a region (a NotFound for an unknown region)."""
    region = region_get(region_code)
    pilkada = election.kind == Election.Kind.PILKADA
    big = large_tps(region.code) if pilkada else set()
    result = []
    for body in Body:
        entry = BodyOpenings(body, BODY_LABELS[body])
        codes = postings_of(body, region.code)
        applied = _applications(election, body, region.code)
        names = _posting_names(body, codes) if len(region.code) >= LISTED_FROM_LENGTH else {}
        for code in codes:
            n = seats(body, tps_voters=PANTARLIH_LARGE_TPS + 1 if code in big else None, pilkada=pilkada)
            entry.postings += 1
            entry.seats += n
            entry.applications += applied.get(code, 0)
            if names:
                entry.listed.append(Posting(code, names.get(code, code), n, applied.get(code, 0)))
        result.append(entry)
    return region, result


def posting_check(body: Body, posting_code: object) -> str:
    """The posting's code when it is one of ``body``'s (a kecamatan, a desa or a TPS that exists)."""
    code = str(posting_code or "").strip()
    length = POSTING_LENGTH[body]
    exists = False
    if len(code) == length and code.isascii() and code.isdigit():
        if length == 13:
            exists = Tps.objects.filter(code=code).exists()
        else:
            exists = Region.objects.filter(code=code, level=Level.KECAMATAN if length == 6 else Level.DESA).exists()
    if not exists:
        raise NotFound(
            OfficerErrorCode.POSTING_NOT_FOUND,
            f"Tidak ada penempatan {BODY_LABELS[body]} dengan kode ini ({length} digit).",
            field="penempatan",
        )
    return code


__all__ = ["BodyOpenings", "Posting", "body_get", "openings", "posting_check", "postings_of"]


def recruiting_election(slug: object = "") -> Election:
    """The election asked for by slug, or by default the one whose recruitment is set latest."""
    text = str(slug or "").strip()[:40]
    if text:
        # Only a slug's characters reach the query (PostgreSQL refuses a NUL in a string with an error).
        is_slug = text.isascii() and text.replace("-", "").replace("_", "").isalnum()
        election = Election.objects.filter(slug=text).first() if is_slug else None
    else:
        schedule = RecruitmentSchedule.objects.select_related("election").order_by("-closes_on").first()
        election = schedule.election if schedule else None
    if election is None:
        raise NotFound(ElectionErrorCode.ELECTION_NOT_FOUND, "Tidak ada pemilu dengan rekrutmen badan ad hoc ini.",
                       field="pemilu")  # fmt: skip
    return election
