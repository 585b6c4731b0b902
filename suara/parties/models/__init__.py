"""The party-membership tables. One module per part of the app; each table is written only by the
services of its part (named in each module)."""

from suara.parties.models.checks import KabkotaPopulation, MembershipDecision, OfficerNik, PartyCheck
from suara.parties.models.complaints import Complaint, ComplaintStep, Notification
from suara.parties.models.core import Member, MemberListVersion, Party
from suara.parties.models.verification import SampledMember, VerificationAttempt, VerificationSample
from suara.parties.models.watch import WatchEntry, Watchlist, WatchReport, WatchReportLine

__all__ = [
    "Complaint",
    "ComplaintStep",
    "KabkotaPopulation",
    "Member",
    "MemberListVersion",
    "MembershipDecision",
    "Notification",
    "OfficerNik",
    "Party",
    "PartyCheck",
    "SampledMember",
    "VerificationAttempt",
    "VerificationSample",
    "WatchEntry",
    "WatchReport",
    "WatchReportLine",
    "Watchlist",
]
