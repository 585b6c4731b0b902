"""The demo's accounts: one per role, scoped to real places (Kota Depok, 3276, and its first TPS)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from suara.accounts.models import Organisation, User
from suara.accounts.organisations import OrganisationInput, organisation_save
from suara.accounts.roles import ROLE_LABELS, Role
from suara.accounts.services import role_assign, user_create, user_set_password
from suara.accounts.tokens import token_issue, token_revoke
from suara.accounts.two_factor import TWO_FACTOR_ROLES, two_factor_provision
from suara.audit.actors import SYSTEM, Actor

DEMO_ACCOUNTS = [
    ("kpu_ri", Role.KPU_RI, ""),
    ("kpu_jabar", Role.KPU_PROVINSI, "32"),
    ("kpu_depok", Role.KPU_KABKOTA, "3276"),
    ("ppk_pancoranmas", Role.PPK, "327601"),
    ("ppk_cinere", Role.PPK, "327609"),  # its kecamatan fully reported in the demo: it can lock and print
    ("pps_depok", Role.PPS, "3276011006"),
    ("kpps_depok_001", Role.KPPS, "3276011006001"),
    ("operator_partai", Role.PARTY_OPERATOR, "pkb"),  # PKB: the demo uploads its member list (parties.demo)
    ("pemkot_depok", Role.PEMKOT_VIEWER, "3276"),
    ("kesehatan_depok", Role.HEALTH_OFFICER, "3276"),
    ("integrator_depok", Role.INTEGRATOR, "3276"),
    ("lapangan_depok", Role.CITY_FIELD_OFFICER, "3276"),  # enters the city's own count (officers.city)
    ("operator_kominfo", Role.ORGANISATION_OPERATOR, "kominfo-depok"),  # DEMO_ORGANISATION's operator
]
# The demo's organisation, which keeps a party-membership watchlist (parties.watch.demo).
DEMO_ORGANISATION = OrganisationInput(
    code="kominfo-depok", name="Diskominfo Kota Depok (demo)", kind="diskominfo", region_code="", report_time="17:00"
)


DEMO_TOKEN_NAME = "demo"  # noqa: S105 - a label, not a secret


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    scope: str
    api_token: str = ""
    totp_secret: str = ""  # for the roles that sign in with two factors: type it into an authenticator app
    backup_codes: tuple[str, ...] = ()  # or sign in with one of these, once each

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def demo_accounts_ensure(*, actor: Actor = SYSTEM) -> list[DemoAccount]:
    """Creates the demo accounts, or gives existing ones fresh passwords; returns them with passwords.

    Passwords are random on every run: the demo prints them, and nothing guessable is left behind.
    The integrator also gets a fresh API key (the previous demo key is revoked). The roles that sign in
    with two factors get a fresh authenticator key and backup codes, printed by the demo too.
    """
    accounts = []
    if not Organisation.objects.filter(code=DEMO_ORGANISATION.code).exists():
        organisation_save(actor=actor, data=DEMO_ORGANISATION)
    for username, role, scope in DEMO_ACCOUNTS:
        password = f"demo-{secrets.token_urlsafe(9)}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(username=username, password=password, actor=actor)
        else:
            user_set_password(user=user, password=password, actor=actor)
        if not user.assignments.filter(role=role.value, scope=scope).exists():
            role_assign(user=user, role=role.value, scope=scope, actor=actor)
        api_token = ""
        if role == Role.INTEGRATOR:
            for old in user.api_tokens.filter(name=DEMO_TOKEN_NAME, revoked_at__isnull=True):
                token_revoke(token=old, actor=actor)
            api_token = token_issue(user=user, name=DEMO_TOKEN_NAME, actor=actor)[1]
        totp_secret, backup_codes = "", ()
        if role in TWO_FACTOR_ROLES:
            totp_secret, codes = two_factor_provision(user=user, actor=actor)
            backup_codes = tuple(codes)
        accounts.append(DemoAccount(username, password, role, scope, api_token, totp_secret, backup_codes))
    return accounts
