"""Who works the channels of a region: a KPU office or the city's viewer over it, or an operator of a
Diskominfo whose region covers it (as for hoax clarifications and announcements)."""

from __future__ import annotations

from suara.accounts.authz import authorize
from suara.accounts.models import User
from suara.accounts.public_voice import diskominfo_serving, voice_regions
from suara.accounts.roles import Action, Role
from suara.core.errors import ErrorCode, PermissionDenied


def channel_authority(user: User, region_code: str) -> Role:
    """The role under which ``user`` works the channels of ``region_code``; PermissionDenied otherwise."""
    decision = authorize(user, Action.MANAGE_CHANNELS, region_code)
    if decision:
        return decision.role
    if diskominfo_serving(user, region_code) is not None:
        return Role.ORGANISATION_OPERATOR
    raise PermissionDenied(
        ErrorCode.FORBIDDEN,
        "Hanya KPU atau Diskominfo wilayah itu yang mengelola kanal pengumuman.",
        field="region_code",
    )


def channel_regions(user: User) -> list[str]:
    """The regions whose channels ``user`` works ([] for anyone else)."""
    return voice_regions(user, Action.MANAGE_CHANNELS)
