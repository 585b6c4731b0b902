"""The party-membership tables. One module per part of the app; each table is written only by the
services of its part (named in each module)."""

from suara.parties.models.checks import KabkotaPopulation, MembershipDecision, OfficerNik, PartyCheck
from suara.parties.models.core import Member, MemberListVersion, Party

__all__ = [
    "KabkotaPopulation",
    "Member",
    "MemberListVersion",
    "MembershipDecision",
    "OfficerNik",
    "Party",
    "PartyCheck",
]
