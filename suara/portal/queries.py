"""Reads the public pages need beyond the shared selectors: each page section in a fixed, small number of
queries, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from suara.accounts.models import RoleAssignment
from suara.accounts.roles import GEOGRAPHIC_KINDS
from suara.core import clock
from suara.core.region_codes import ancestor_codes, is_tps_code, region_level
from suara.elections.models import Candidate, Contest, Election
from suara.elections.selectors import election_featured
from suara.regions.models import Region, Tps


def national_contests(election: Election) -> list[Contest]:
    """The election's nationwide ballots, each with its candidates in ballot order (two queries)."""
    return list(
        election.contests.filter(region_code="")
        .order_by("ballot_type", "slug")
        .prefetch_related(Prefetch("candidates", queryset=Candidate.objects.order_by("number")))
    )


def counted_contests() -> list[Contest]:
    """The nationwide ballots of the featured election once its voting day has come: the ones whose real
    count a TPS page links to (one query, after the featured election's)."""
    featured = election_featured(clock.today())
    if featured is None or featured.election.voting_day > clock.today():
        return []
    return list(featured.election.contests.filter(region_code="").order_by("ballot_type", "slug"))


def region_children(region: Region) -> QuerySet[Region]:
    """The regions directly under one already fetched (the shared selector would fetch it again)."""
    return Region.objects.filter(parent_id=region.code).order_by("code")


def desa_tps(region: Region) -> QuerySet[Tps]:
    return Tps.objects.filter(desa_id=region.code).order_by("number")


@dataclass(frozen=True)
class ScopedAssignment:
    role: str
    scope: str  # "" national, a region code, a TPS code, a party's or an organisation's code
    region: Region | None  # the region named by the scope (the desa, for a TPS scope)
    tps_code: str  # the scope when it is a TPS code, else ""
    kind: str = "region"  # accounts.roles.ScopeKind


def assignments_for(user) -> list[ScopedAssignment]:
    """A user's role assignments with the region each scope names (two queries)."""
    rows = list(RoleAssignment.objects.filter(user=user).order_by("role", "scope"))
    wanted = set()
    geographic = [row for row in rows if row.scope_kind in GEOGRAPHIC_KINDS]
    for row in geographic:
        if is_tps_code(row.scope):
            wanted.add(row.scope[:10])
        elif region_level(row.scope):
            wanted.add(row.scope)
    regions = Region.objects.in_bulk(wanted) if wanted else {}
    result = []
    for row in rows:
        if row.scope_kind not in GEOGRAPHIC_KINDS:  # a party or an organisation: its code names no region
            result.append(ScopedAssignment(row.role, row.scope, None, "", row.scope_kind))
            continue
        tps = row.scope if is_tps_code(row.scope) else ""
        region = regions.get(row.scope[:10] if tps else row.scope)
        result.append(ScopedAssignment(row.role, row.scope, region, tps, row.scope_kind))
    return result


def region_with_ancestors(code: str) -> tuple[Region, list[Region]] | None:
    """A region and the regions above it, province first, in one query; None when the code is unknown.

    A missing ancestor (a partial import) is skipped rather than failing the page."""
    if region_level(code) is None:
        return None
    codes = [*ancestor_codes(code), code]
    found = Region.objects.in_bulk(codes)
    region = found.get(code)
    if region is None:
        return None
    return region, [found[c] for c in codes[:-1] if c in found]
