"""Roles, their scopes and the actions each may take. Pure: no Django.

A role assignment is a role plus a scope, which is typed (``Scope``: a kind and a code): a region (its
whole subtree; "" is the whole country), one TPS (KPPS), one political party (a party operator) or one
organisation. ``decide`` is the one authorization rule; ``accounts.authz.authorize`` feeds it a user's
assignments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from suara.core.region_codes import TPS_LENGTH, covers
from suara.core.translatable import gettext_noop


class ScopeKind(StrEnum):
    REGION = "region"  # a region code and everything beneath it; "" is the whole country
    TPS = "tps"  # one TPS, by its 13-digit code
    PARTY = "party"  # one political party, by its code
    ORGANISATION = "organisation"  # one organisation (an office, a survey institution), by its code


# Regions and TPS share one code space: a region covers the TPS beneath it. The other kinds lie in no
# region: each covers only itself.
GEOGRAPHIC_KINDS = frozenset({ScopeKind.REGION, ScopeKind.TPS})
SCOPE_CODE_MAX_LENGTH = 32
_NAMED_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    code: str

    @classmethod
    def geographic(cls, code: str) -> Scope:
        """The region or TPS a code names (a TPS when it has a TPS code's length)."""
        return cls(ScopeKind.TPS if len(code) == TPS_LENGTH else ScopeKind.REGION, code)

    def well_formed(self) -> bool:
        """Regions and TPS: digits only ("" the country). Parties and organisations: a non-empty code of
        lower-case letters, digits and hyphens."""
        if self.kind in GEOGRAPHIC_KINDS:
            return not self.code or (self.code.isascii() and self.code.isdigit())
        return _NAMED_CODE.fullmatch(self.code) is not None

    def covers(self, target: Scope) -> bool:
        """A region or TPS covers the regions and TPS in its subtree (itself included); a party or an
        organisation covers only itself."""
        return _covers(self.kind, self.code, target)


NATIONAL = Scope(ScopeKind.REGION, "")


def _covers(kind: ScopeKind, code: str, target: Scope) -> bool:
    if kind in GEOGRAPHIC_KINDS:
        return target.kind in GEOGRAPHIC_KINDS and covers(code, target.code)
    return target.kind == kind and target.code == code


class Role(StrEnum):
    KPU_RI = "kpu_ri"
    KPU_PROVINSI = "kpu_provinsi"
    KPU_KABKOTA = "kpu_kabkota"
    PPK = "ppk"
    PPS = "pps"
    KPPS = "kpps"
    PARTY_OPERATOR = "party_operator"
    PEMKOT_VIEWER = "pemkot_viewer"
    HEALTH_OFFICER = "health_officer"
    INTEGRATOR = "integrator"
    CITY_FIELD_OFFICER = "city_field_officer"  # the city's own (internal) count, not KPU's
    ORGANISATION_OPERATOR = "organisation_operator"
    ENUMERATOR = "enumerator"  # a survey institution's quick-count enumerator at one sampled TPS


# The roles' names in Indonesian (the API, the PDF, the rules' messages); pages translate them as they show
# them (``accounts.labels``).
ROLE_LABELS = {
    Role.KPU_RI: gettext_noop("KPU RI"),
    Role.KPU_PROVINSI: gettext_noop("KPU Provinsi"),
    Role.KPU_KABKOTA: gettext_noop("KPU Kabupaten/Kota"),
    Role.PPK: gettext_noop("PPK (kecamatan)"),
    Role.PPS: gettext_noop("PPS (desa/kelurahan)"),
    Role.KPPS: gettext_noop("KPPS (TPS)"),
    Role.PARTY_OPERATOR: gettext_noop("Operator partai politik"),
    Role.PEMKOT_VIEWER: gettext_noop("Pemerintah daerah (hanya lihat)"),
    Role.HEALTH_OFFICER: gettext_noop("Petugas kesehatan"),
    Role.INTEGRATOR: gettext_noop("Integrator (aplikasi kota)"),
    Role.CITY_FIELD_OFFICER: gettext_noop("Petugas lapangan pemda"),
    Role.ORGANISATION_OPERATOR: gettext_noop("Operator organisasi"),
    Role.ENUMERATOR: gettext_noop("Enumerator hitung cepat"),
}

SCOPE_KIND_LABELS = {
    ScopeKind.REGION: "wilayah",
    ScopeKind.TPS: "TPS",
    ScopeKind.PARTY: "partai",
    ScopeKind.ORGANISATION: "organisasi",
}

# The kind of scope each role holds: a party operator its party, an organisation's operator its
# organisation (accounts.models.Organisation), a KPPS its TPS, the others a region.
SCOPE_KIND: dict[Role, ScopeKind] = {role: ScopeKind.REGION for role in Role} | {
    Role.KPPS: ScopeKind.TPS,
    Role.ENUMERATOR: ScopeKind.TPS,
    Role.PARTY_OPERATOR: ScopeKind.PARTY,
    Role.ORGANISATION_OPERATOR: ScopeKind.ORGANISATION,
}

# The length of the code a region or TPS scope must have. None: any region (2, 4, 6 or 10 digits).
SCOPE_LENGTH: dict[Role, int | None] = {
    Role.KPU_RI: 0,
    Role.KPU_PROVINSI: 2,
    Role.KPU_KABKOTA: 4,
    Role.PPK: 6,
    Role.PPS: 10,
    Role.KPPS: TPS_LENGTH,
    Role.ENUMERATOR: TPS_LENGTH,
    Role.PEMKOT_VIEWER: None,
    Role.HEALTH_OFFICER: None,
    Role.INTEGRATOR: None,
    Role.CITY_FIELD_OFFICER: None,
}


class Action(StrEnum):
    """Operator actions. Reads of public information need no action: they are public."""

    VIEW_INTERNAL = "view_internal"  # internal dashboards, rosters, progress beneath a region
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"  # hold a role that creates accounts (which ones, where: may_provision)
    MANAGE_ELECTION = "manage_election"  # elections, contests, candidates, stages
    IMPORT_GEOGRAPHY = "import_geography"
    SUBMIT_RESULT = "submit_result"  # a TPS tally (C.Hasil)
    APPROVE_CORRECTION = "approve_correction"
    LOCK_RECAP = "lock_recap"
    UPDATE_VOTERS = "update_voters"  # DPB: add, mark TMS, move, correct
    DECIDE_DUPLICATE = "decide_duplicate"
    UPLOAD_PARTY_MEMBERS = "upload_party_members"
    WATCH_MEMBERSHIP = "watch_membership"  # an organisation's watchlists and its daily party-membership report
    MANAGE_ORGANISATIONS = "manage_organisations"  # create and edit the organisations (national)
    VERIFY_PARTY_MEMBERS = "verify_party_members"  # draw a factual-verification sample, record its visits
    DECIDE_PARTY_COMPLAINT = "decide_party_complaint"  # a citizen's "not a member": clarify, decide, remove
    ANSWER_PARTY_COMPLAINT = "answer_party_complaint"  # the party's answer to a complaint about its list
    RESOLVE_DOUBLE_MEMBERSHIP = "resolve_double_membership"  # a person's statement choosing a party, or denying
    # ad-hoc officers: import applicants, assess eligibility, scores, comment windows, Linmas, honorarium
    MANAGE_OFFICERS = "manage_officers"
    APPOINT_OFFICERS = "appoint_officers"  # ad-hoc officers: appoint, promote a reserve (which body: officers)
    RECORD_HEALTH = "record_health"  # an officer's screening, a doctor's clearance, an incident
    VIEW_HEALTH = "view_health"  # a person's health record and the health dashboard (UU PDP: specific data)
    EXPORT_HEALTH = "export_health"  # the health ministry's export, with names
    CHECK_IN = "check_in"  # the KPPS chair's election-day check-in for its TPS
    USE_PARTNER_API = "use_partner_api"  # keyed, rate-limited integrator access
    VIEW_CITY = "view_city"  # the city's closed view: its officers' contacts, health aggregates, its own count
    ENTER_CITY_COUNT = "enter_city_count"  # a TPS's numbers for the city's internal count (never KPU's)
    RUN_QUICK_COUNT = "run_quick_count"  # an organisation's quick count: design, draw, enumerators, its dashboard
    REPORT_QUICK_COUNT = "report_quick_count"  # an enumerator's numbers of its sampled TPS (never KPU's count)
    SET_TPS_LOCATION = "set_tps_location"  # a TPS's address, coordinates and accessibility (voters.places)
    # The network readiness of the TPS (suara/network): its dashboard, a survey of a TPS's signal, and the
    # city's writes (blank-spot lists imported, remediation actions) by its Diskominfo.
    VIEW_READINESS = "view_readiness"
    SURVEY_NETWORK = "survey_network"
    MANAGE_READINESS = "manage_readiness"
    # a hoax clarification: draft and publish (a second person); an organisation operator only of a
    # Diskominfo serving the region (information.services.clarification_authority)
    PUBLISH_CLARIFICATION = "publish_clarification"
    # Voter data shared under an agreement (suara/sharing): a KPU office drafts agreements and requests
    # extracts over its region; KPU RI approves and revokes them, binds partner keys, traces a leaked copy
    # and records breaches.
    SHARE_VOTER_DATA = "share_voter_data"
    APPROVE_DATA_SHARING = "approve_data_sharing"
    # an announcement: write, review (a second person), schedule, correct, withdraw; an organisation
    # operator only of a Diskominfo serving the region (announcements.services.announcement_authority)
    PUBLISH_ANNOUNCEMENT = "publish_announcement"
    # the channels of announcements (suara/channels): an item's texts and card, videotron sites and their
    # playlists; an organisation operator only of a Diskominfo serving the region (channels.authority)
    MANAGE_CHANNELS = "manage_channels"


_KPU = {Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA}

ALLOWED: dict[Action, frozenset[Role]] = {
    Action.VIEW_INTERNAL: frozenset(_KPU | {Role.PPK, Role.PPS, Role.KPPS, Role.PEMKOT_VIEWER, Role.HEALTH_OFFICER}),
    Action.VIEW_AUDIT: frozenset(_KPU | {Role.PEMKOT_VIEWER}),
    # The creators in PROVISIONS, below (a city's viewer creates its field officers, an organisation's
    # operator its quick count's enumerators, nothing else).
    Action.MANAGE_USERS: frozenset(_KPU | {Role.PPK, Role.PPS, Role.PEMKOT_VIEWER, Role.ORGANISATION_OPERATOR}),
    Action.MANAGE_ELECTION: frozenset({Role.KPU_RI}),
    Action.IMPORT_GEOGRAPHY: frozenset({Role.KPU_RI}),
    Action.SUBMIT_RESULT: frozenset({Role.KPPS}),
    Action.APPROVE_CORRECTION: frozenset({Role.PPK}),
    Action.LOCK_RECAP: frozenset(_KPU | {Role.PPK}),
    Action.UPDATE_VOTERS: frozenset(_KPU | {Role.PPK, Role.PPS}),
    Action.DECIDE_DUPLICATE: frozenset({Role.KPU_KABKOTA}),
    Action.UPLOAD_PARTY_MEMBERS: frozenset({Role.PARTY_OPERATOR}),
    Action.WATCH_MEMBERSHIP: frozenset({Role.ORGANISATION_OPERATOR}),
    Action.MANAGE_ORGANISATIONS: frozenset({Role.KPU_RI}),
    Action.VERIFY_PARTY_MEMBERS: frozenset({Role.KPU_RI, Role.KPU_KABKOTA}),
    Action.DECIDE_PARTY_COMPLAINT: frozenset({Role.KPU_KABKOTA}),
    Action.ANSWER_PARTY_COMPLAINT: frozenset({Role.PARTY_OPERATOR}),
    Action.RESOLVE_DOUBLE_MEMBERSHIP: frozenset({Role.KPU_KABKOTA}),
    Action.MANAGE_OFFICERS: frozenset(_KPU | {Role.PPK, Role.PPS}),
    # Which role appoints which body is the officers' rule (``officers.selection.rules.APPOINTERS``).
    Action.APPOINT_OFFICERS: frozenset({Role.KPU_KABKOTA, Role.PPS}),
    Action.RECORD_HEALTH: frozenset({Role.HEALTH_OFFICER, Role.KPU_KABKOTA}),
    # Only the region's health officers and the officer's own KPU office (the KPU kab/kota over the
    # posting) see a person's health record: specific personal data (UU PDP 27/2022 art. 4).
    Action.VIEW_HEALTH: frozenset({Role.HEALTH_OFFICER, Role.KPU_KABKOTA}),
    Action.EXPORT_HEALTH: frozenset({Role.HEALTH_OFFICER}),
    Action.CHECK_IN: frozenset({Role.KPPS}),
    Action.USE_PARTNER_API: frozenset({Role.INTEGRATOR}),
    Action.VIEW_CITY: frozenset({Role.PEMKOT_VIEWER}),
    Action.ENTER_CITY_COUNT: frozenset({Role.CITY_FIELD_OFFICER}),
    Action.RUN_QUICK_COUNT: frozenset({Role.ORGANISATION_OPERATOR}),
    Action.REPORT_QUICK_COUNT: frozenset({Role.ENUMERATOR}),
    Action.SET_TPS_LOCATION: frozenset(_KPU | {Role.PPK, Role.PPS}),
    # Readiness is read by KPU's offices, the PPK (election night: its missing TPS) and the city; a TPS's
    # signal is surveyed by its KPPS and PPS and by the city's own staff; the city's Diskominfo (the pemkot
    # role) and the KPU kab/kota import blank-spot lists and run the remediation in their own kab/kota.
    Action.VIEW_READINESS: frozenset(_KPU | {Role.PPK, Role.PPS, Role.PEMKOT_VIEWER}),
    Action.SURVEY_NETWORK: frozenset({Role.KPPS, Role.PPS, Role.PEMKOT_VIEWER, Role.CITY_FIELD_OFFICER}),
    Action.MANAGE_READINESS: frozenset({Role.PEMKOT_VIEWER, Role.KPU_KABKOTA}),
    Action.PUBLISH_CLARIFICATION: frozenset(_KPU | {Role.PEMKOT_VIEWER, Role.ORGANISATION_OPERATOR}),
    Action.SHARE_VOTER_DATA: frozenset(_KPU),
    Action.APPROVE_DATA_SHARING: frozenset({Role.KPU_RI}),
    Action.PUBLISH_ANNOUNCEMENT: frozenset(_KPU | {Role.PEMKOT_VIEWER, Role.ORGANISATION_OPERATOR}),
    Action.MANAGE_CHANNELS: frozenset(_KPU | {Role.PEMKOT_VIEWER, Role.ORGANISATION_OPERATOR}),
}


@dataclass(frozen=True)
class Assignment:
    """A role over a scope. ``scope`` is the scope's code (what most readers want: the region beneath
    which a role acts) and ``scope_kind`` its kind, the role's own (``SCOPE_KIND``) unless given."""

    role: Role
    scope: str  # "" national; a region code; a TPS code; a party's or an organisation's code
    scope_kind: ScopeKind | None = None  # None: the role's kind, filled in

    def __post_init__(self) -> None:
        if self.scope_kind is None:
            object.__setattr__(self, "scope_kind", SCOPE_KIND[self.role])

    @property
    def where(self) -> Scope:
        return Scope(self.scope_kind, self.scope)

    def covers(self, target: Scope) -> bool:
        return _covers(self.scope_kind, self.scope, target)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    role: Role | None = None  # the role under which the action is allowed (recorded in the audit log)
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def scope_problem(role: Role, scope: str) -> str | None:
    """Why a scope's code cannot go with a role (in the role's kind of scope), or None when it can."""
    kind = SCOPE_KIND[role]
    if kind not in GEOGRAPHIC_KINDS:
        if not Scope(kind, scope).well_formed():
            return (
                f"peran {ROLE_LABELS[role]} memerlukan kode {SCOPE_KIND_LABELS[kind]}: huruf kecil, angka atau "
                f"tanda hubung, paling banyak {SCOPE_CODE_MAX_LENGTH} karakter"
            )
        return None
    if scope and not (scope.isascii() and scope.isdigit()):
        return "kode wilayah hanya berisi angka"
    length = SCOPE_LENGTH[role]
    if length is None:
        if len(scope) not in (0, 2, 4, 6, 10):
            return "kode wilayah harus 2, 4, 6 atau 10 digit"
        return None
    if len(scope) != length:
        return (
            f"peran {ROLE_LABELS[role]} memerlukan kode {length} digit"
            if length
            else (f"peran {ROLE_LABELS[role]} berlaku nasional, tanpa kode wilayah")
        )
    return None


def decide(assignments: Iterable[Assignment], action: Action, target: Scope | str) -> Decision:
    """The one authorization rule: some assignment has a role allowed the action and covers the target.

    ``target`` is what is acted on: a ``Scope``, or the code of a region or TPS ("" for national actions,
    which only a national scope covers). Levels above a scope are never covered: a Kota Depok operator
    cannot act on Jawa Barat as a whole. A party or an organisation is covered only by its own scope.
    """
    if not isinstance(target, Scope):
        target = Scope.geographic(target)
    if not target.well_formed():
        return Decision(False, reason="kode tujuan tidak sah")
    allowed_roles = ALLOWED[action]
    for assignment in assignments:
        if assignment.role in allowed_roles and assignment.covers(target):
            return Decision(True, role=assignment.role)
    return Decision(False, reason="tidak berwenang atas wilayah atau tindakan ini")


# The chain of command: which roles an officer of each role creates, within its own scope. A KPU kab/kota
# also creates its city's viewers, health officers and integrators; party and organisation operators are
# KPU RI's. A city's viewer (its Diskominfo or Kesbangpol) creates the city's own field officers, who enter
# its internal count.
PROVISIONS: dict[Role, frozenset[Role]] = {
    Role.KPU_RI: frozenset({Role.KPU_PROVINSI, Role.PARTY_OPERATOR, Role.ORGANISATION_OPERATOR}),
    Role.KPU_PROVINSI: frozenset({Role.KPU_KABKOTA}),
    Role.KPU_KABKOTA: frozenset({Role.PPK, Role.PEMKOT_VIEWER, Role.HEALTH_OFFICER, Role.INTEGRATOR}),
    Role.PPK: frozenset({Role.PPS}),
    Role.PPS: frozenset({Role.KPPS}),
    Role.PEMKOT_VIEWER: frozenset({Role.CITY_FIELD_OFFICER}),
    # A survey institution's operator gives its enumerators their sampled TPS (quickcount.services).
    Role.ORGANISATION_OPERATOR: frozenset({Role.ENUMERATOR}),
}


def provisions_within(creator: Scope, created: Scope) -> bool:
    """Whether an officer scoped to ``creator`` may create a role scoped to ``created``: a region creates
    within its subtree; parties and organisations lie in no region, so the national scope creates them,
    and each creates within itself; an organisation creates its quick count's enumerators at any TPS."""
    if creator.kind == ScopeKind.ORGANISATION and created.kind == ScopeKind.TPS:
        return True  # an organisation's enumerators work at the TPS its sample drew, anywhere
    return creator.covers(created) or (creator == NATIONAL and created.kind not in GEOGRAPHIC_KINDS)


def may_provision(assignments: Iterable[Assignment], role: Role, scope: str) -> Decision:
    """Whether an officer holding ``assignments`` may give ``role`` over ``scope`` (a code of the role's
    kind of scope) to an account (create it, add or remove that role, and so manage an account holding
    it): some assignment's role creates ``role`` in the chain of command and its scope provisions within
    ``scope``, which must be a valid scope for the role. No role creates itself, so nobody manages their
    own peers."""
    if scope_problem(role, scope) is not None:
        return Decision(False, reason="cakupan tidak sah untuk peran ini")
    created = Scope(SCOPE_KIND[role], scope)
    for assignment in assignments:
        if role in PROVISIONS.get(assignment.role, ()) and provisions_within(assignment.where, created):
            return Decision(True, role=assignment.role)
    return Decision(False, reason="peran ini di wilayah ini tidak dibuat oleh peran Anda")


def may_manage(assignments: Iterable[Assignment], held: Iterable[Assignment]) -> Decision:
    """Whether an officer holding ``assignments`` may manage (suspend, reactivate, reset, revoke the tokens
    of, give or take roles from) an account holding ``held``: they may provision every one of its roles.
    An account with no role is managed by nobody in the chain (only from the command line)."""
    assignments = list(assignments)
    decision = Decision(False, reason="akun ini tidak berperan di bawah wilayah Anda")
    for assignment in held:
        decision = may_provision(assignments, assignment.role, assignment.scope)
        if not decision:
            return Decision(False, reason="akun ini memegang peran di luar kewenangan Anda")
    return decision


def provisionable_roles(assignments: Iterable[Assignment]) -> list[tuple[Role, str]]:
    """(role, the scope under which it may be created) for every role the officer creates."""
    return [(role, a.scope) for a in assignments for role in sorted(PROVISIONS.get(a.role, ()))]
