"""Who works the channels of a region: a KPU office or the city's viewer over it, or an operator of a
Diskominfo whose region covers it (as for hoax clarifications and announcements)."""

from __future__ import annotations

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.models import Organisation, User
from suara.accounts.roles import ALLOWED, Action, Role, ScopeKind
from suara.core.errors import ErrorCode, PermissionDenied
from suara.core.region_codes import covers


def channel_authority(user: User, region_code: str) -> Role:
    """The role under which ``user`` works the channels of ``region_code``; PermissionDenied otherwise."""
    decision = authorize(user, Action.MANAGE_CHANNELS, region_code)
    if decision:
        return decision.role
    for code in diskominfo_regions(user):
        if covers(code, region_code):
            return Role.ORGANISATION_OPERATOR
    raise PermissionDenied(
        ErrorCode.FORBIDDEN,
        "Hanya KPU atau Diskominfo wilayah itu yang mengelola kanal pengumuman.",
        field="region_code",
    )


def diskominfo_regions(user: User) -> list[str]:
    codes = [a.scope for a in assignments_of(user) if a.role == Role.ORGANISATION_OPERATOR]
    if not codes:
        return []
    return list(
        Organisation.objects.filter(code__in=codes, kind=Organisation.Kind.DISKOMINFO).values_list(
            "region_code", flat=True
        )
    )


def channel_regions(user: User) -> list[str]:
    """The regions whose channels ``user`` works ([] for anyone else)."""
    regions = [
        a.scope
        for a in assignments_of(user)
        if a.role in ALLOWED[Action.MANAGE_CHANNELS]
        and a.role != Role.ORGANISATION_OPERATOR
        and a.scope_kind == ScopeKind.REGION
    ]
    return regions + diskominfo_regions(user)
