"""Reads the officers' sub-packages share: which TPS are large enough for a second Pantarlih (the
register's active voters per TPS, ``bodies.PANTARLIH_LARGE_TPS``)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from suara.elections.models import Election
from suara.officers.bodies import PANTARLIH_LARGE_TPS
from suara.voters.models import Voter


def large_tps(region_code: str) -> set[str]:
    """The TPS beneath a region (or the TPS itself) with more than 400 active voters on the register."""
    counted = (
        Voter.objects.filter(status=Voter.Status.ACTIVE, tps__code__startswith=region_code)
        .values("tps_id")
        .annotate(n=Count("id"))
        .filter(n__gt=PANTARLIH_LARGE_TPS)
    )
    return {row["tps_id"] for row in counted}


def large_tps_by(election: Election | None, region_code: str, group_length: int) -> Counter[str]:
    """How many large TPS lie beneath each group of ``region_code`` (the codes' first ``group_length``
    digits); none outside a Pilkada, where a TPS has one Pantarlih whatever its size (or with no election)."""
    if election is None or election.kind != Election.Kind.PILKADA:
        return Counter()
    return Counter(code[:group_length] for code in large_tps(region_code))


def tps_voters(tps_code: str) -> int:
    """The active voters of one TPS on the register."""
    return Voter.objects.filter(status=Voter.Status.ACTIVE, tps_id=tps_code).count()
