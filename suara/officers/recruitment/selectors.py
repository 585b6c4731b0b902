"""Reads of the recruitment pages and API for signed-in officers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from suara.officers.models import Officer
from suara.parties.models import Member


def applicant_get(officer_id: int) -> Officer | None:
    return Officer.objects.select_related("election").filter(pk=officer_id).first()


@dataclass(frozen=True)
class Listing:
    party: str
    removed_at: datetime | None


def party_listings(nik: str) -> list[Listing]:
    """Every listing of a NIK on a party's member list, taken off or not (an officer's page only)."""
    rows = Member.objects.filter(nik=nik).select_related("party").order_by("added_at")
    return [
        Listing(f"{m.party.name} ({m.party.election.slug})", m.removed_at)
        for m in rows.select_related("party__election")
    ]
