"""Who speaks for a region in public (hoax clarifications, announcements and their channels): a KPU office
or the city's viewer over the region, or an operator of a Diskominfo organisation whose region covers it.
The three apps ask the same two questions, answered here once."""

from __future__ import annotations

from suara.accounts.authz import assignments_of
from suara.accounts.models import Organisation, User
from suara.accounts.roles import ALLOWED, Action, Role, ScopeKind
from suara.core.region_codes import covers


def diskominfo_operated(user: User) -> list[Organisation]:
    """The Diskominfo organisations ``user`` operates."""
    codes = [a.scope for a in assignments_of(user) if a.role == Role.ORGANISATION_OPERATOR]
    if not codes:
        return []
    return list(Organisation.objects.filter(code__in=codes, kind=Organisation.Kind.DISKOMINFO).order_by("code"))


def diskominfo_serving(user: User, region_code: str) -> Organisation | None:
    """The Diskominfo ``user`` operates whose region covers ``region_code``, if any."""
    for organisation in diskominfo_operated(user):
        if covers(organisation.region_code, region_code):
            return organisation
    return None


def voice_regions(user: User, action: Action) -> list[str]:
    """The regions where ``user`` may do ``action`` in public: its region scopes whose role the action
    allows, and the regions of the Diskominfo organisations it operates; [] for anyone else."""
    regions = [
        a.scope
        for a in assignments_of(user)
        if a.role in ALLOWED[action] and a.role != Role.ORGANISATION_OPERATOR and a.scope_kind == ScopeKind.REGION
    ]
    return regions + [o.region_code for o in diskominfo_operated(user)]
