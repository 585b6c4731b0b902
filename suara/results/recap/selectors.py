"""Reads for the recapitulation officers: the regions a user recapitulates with their progress and locks,
the sign-off history of a region, the changes not yet folded, and the corrections waiting beneath. The
public reads of the recap are in ``results.public.selectors``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from suara.accounts.authz import assignments_of
from suara.accounts.roles import Role
from suara.core.region_codes import codes_above, covers
from suara.elections.models import Contest
from suara.results.models import CountRegion, RecapDelta, RecapLock, RegionTotal, ResultVersion

# The roles that recapitulate a level, each at its own scope.
RECAP_ROLES = (Role.PPK, Role.KPU_KABKOTA, Role.KPU_PROVINSI, Role.KPU_RI)


@dataclass(frozen=True)
class RecapRegion:
    contest: Contest
    code: str
    name: str  # the region's name as kept ('' for the nation)
    level: int  # 0 for the nation, else the region's level
    tps_reported: int
    tps_expected: int
    lock: RecapLock | None  # the standing lock, if any


def recap_regions(user) -> list[RecapRegion]:
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
    out = []
    for contest, code in pairs:
        name, level, expected = regions[(contest.election_id, code)]
        out.append(
            RecapRegion(
                contest,
                code,
                name,
                level,
                reported.get((contest.pk, code), 0),
                expected,
                standing.get((contest.pk, code)),
            )
        )
    return out


def lock_history(contest: Contest, code: str) -> list[RecapLock]:
    """Every lock of the region, the newest first (the standing one has no reopened_at)."""
    return list(RecapLock.objects.filter(contest=contest, region_code=code).order_by("-locked_at", "-pk"))


def standing_lock_above(contest: Contest, code: str) -> RecapLock | None:
    """The highest standing lock of a level above the region: while it stands nothing beneath changes."""
    above = codes_above(code)
    return (
        RecapLock.objects.filter(contest=contest, region_code__in=above, reopened_at__isnull=True)
        .order_by("region_code")
        .first()
    )


def locked_among(contest: Contest, codes: list[str]) -> set[str]:
    """Which of these regions have a standing lock."""
    return set(
        RecapLock.objects.filter(contest=contest, region_code__in=codes, reopened_at__isnull=True).values_list(
            "region_code", flat=True
        )
    )


def unfolded(contest: Contest, code: str) -> tuple[int, int]:
    """Accepted changes beneath not yet in the snapshot (the folder adds them within seconds): how many,
    and how many of them are a TPS's first result."""
    deltas = list(RecapDelta.objects.filter(contest=contest, tps_code__startswith=code).values_list("delta", flat=True))
    return len(deltas), sum(int(d.get("tps_reported", 0) or 0) for d in deltas)


def pending_corrections(contest: Contest, region_code: str) -> int:
    """Corrections beneath the region waiting for a PPK's decision."""
    return ResultVersion.objects.filter(
        result__contest=contest, result__tps_code__startswith=region_code, status=ResultVersion.Status.PENDING
    ).count()
