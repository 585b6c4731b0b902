"""Reads of member lists: which parties an operator works for, a party's current counts, its versions,
and its list as of a version. Only the party's own operator reads its list (``party_for_operator``)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.models import User
from suara.accounts.roles import Action, Role, Scope, ScopeKind
from suara.core.errors import ErrorCode, NotFound, PermissionDenied
from suara.parties.errors import PartyErrorCode
from suara.parties.models import Member, MemberListVersion, Party
from suara.parties.selectors import parties_with_codes


def operator_parties(user: User) -> list[Party]:
    """The parties the user is a party operator of (in every election that has them)."""
    codes = {a.scope for a in assignments_of(user) if a.role == Role.PARTY_OPERATOR and a.scope_kind == ScopeKind.PARTY}
    return list(parties_with_codes(codes)) if codes else []


def may_upload(user: User, party: Party) -> str | None:
    """The role under which the user may upload and read this party's list, or None."""
    decision = authorize(user, Action.UPLOAD_PARTY_MEMBERS, Scope(ScopeKind.PARTY, party.code))
    return decision.role.value if decision else None


def party_for_operator(user: User, party_id: int) -> tuple[Party, str]:
    """The party and the role under which the user works on its list; NotFound for no such party,
    PermissionDenied for another party's."""
    party = Party.objects.select_related("election").filter(pk=party_id).first() if 0 < party_id < 2**63 else None
    if party is None:
        raise NotFound(PartyErrorCode.PARTY_NOT_FOUND, "Partai tidak ditemukan.", field="party")
    role = may_upload(user, party)
    if role is None:
        raise PermissionDenied(ErrorCode.FORBIDDEN, "Anda bukan operator partai ini.", field="party")
    return party, role


def current_members(party: Party) -> QuerySet[Member]:
    return Member.objects.filter(party=party, removed_at__isnull=True)


def status_counts(party: Party) -> dict[str, int]:
    """The current listings by check status: MS, BMS, unchecked ("") and their total."""
    counts = {status: 0 for status in Member.Status.values}
    for row in current_members(party).values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts.values())
    return counts


def versions_of(party: Party) -> QuerySet[MemberListVersion]:
    return MemberListVersion.objects.filter(party=party).order_by("-number")


def version_get(*, party: Party, number: int) -> MemberListVersion:
    found = MemberListVersion.objects.filter(party=party, number=number).first() if 0 < number < 2**31 else None
    if found is None:
        raise NotFound(PartyErrorCode.MEMBER_VERSION_NOT_FOUND, "Versi daftar anggota ini tidak ada.", field="version")
    return found


def members_as_of(*, party: Party, version: MemberListVersion) -> QuerySet[Member]:
    """The listings as they stood once ``version`` was applied: added by it or before, and not removed by
    then (by an upload up to that version, or by a decision made before the next upload)."""
    still = (
        Q(removed_at__isnull=True)
        | Q(removed_version__gt=version.number)
        | Q(removed_version__isnull=True, removed_at__gt=version.created_at)
    )
    return Member.objects.filter(party=party, added_version__lte=version.number).filter(still)
