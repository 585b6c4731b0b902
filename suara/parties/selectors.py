"""Reads of the parties (anything a page, the API or another app asks)."""

from __future__ import annotations

from django.db.models import QuerySet

from suara.core.errors import NotFound
from suara.parties.errors import PartyErrorCode
from suara.parties.models import Party


def parties_of(election_slug: str) -> QuerySet[Party]:
    """An election's parties by ballot number."""
    if "\x00" in election_slug:  # no election is named so, and PostgreSQL refuses a NUL in a text value
        return Party.objects.none()
    return Party.objects.filter(election__slug=election_slug).order_by("number")


def party_get(*, election_slug: str, code: str) -> Party:
    """The party with this scope code in the election, or DomainError(party_not_found)."""
    party = Party.objects.select_related("election").filter(election__slug=election_slug, code=code).first()
    if party is None:
        raise NotFound(PartyErrorCode.PARTY_NOT_FOUND, "Partai tidak ditemukan dalam pemilu ini.", field="party")
    return party


def party_by_number(*, election_slug: str, number: int) -> Party:
    party = Party.objects.select_related("election").filter(election__slug=election_slug, number=number).first()
    if party is None:
        raise NotFound(PartyErrorCode.PARTY_NOT_FOUND, "Partai tidak ditemukan dalam pemilu ini.", field="party")
    return party


def parties_with_codes(codes: set[str]) -> QuerySet[Party]:
    """The parties (of any election) whose scope code is one of ``codes``: a party operator's parties."""
    return Party.objects.select_related("election").filter(code__in=codes).order_by("election__voting_day", "number")


def election_with_parties() -> str:
    """The slug of the latest election that has parties, or ""."""
    party = Party.objects.select_related("election").order_by("-election__voting_day").first()
    return party.election.slug if party else ""
