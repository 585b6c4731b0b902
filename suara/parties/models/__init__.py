"""The party-membership tables. One module per part of the app; each table is written only by the
services of its part (named in each module)."""

from suara.parties.models.core import Member, MemberListVersion, Party
from suara.parties.models.verification import SampledMember, VerificationAttempt, VerificationSample

__all__ = [
    "Member",
    "MemberListVersion",
    "Party",
    "SampledMember",
    "VerificationAttempt",
    "VerificationSample",
]
