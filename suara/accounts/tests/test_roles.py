"""The authorization rule, as a table: who may do what, where."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.accounts.roles import (
    ALLOWED,
    NATIONAL,
    PROVISIONS,
    SCOPE_KIND,
    Action,
    Assignment,
    Role,
    Scope,
    ScopeKind,
    covers,
    decide,
    may_manage,
    may_provision,
    scope_problem,
)

DEPOK = Assignment(Role.KPU_KABKOTA, "3276")
JABAR = Assignment(Role.KPU_PROVINSI, "32")
RI = Assignment(Role.KPU_RI, "")
PPK_PANCORAN_MAS = Assignment(Role.PPK, "327601")
PPS_DEPOK = Assignment(Role.PPS, "3276011006")
KPPS_001 = Assignment(Role.KPPS, "3276011006001")
PEMKOT_DEPOK = Assignment(Role.PEMKOT_VIEWER, "3276")
CITY_FIELD_DEPOK = Assignment(Role.CITY_FIELD_OFFICER, "3276")
PARTY = Assignment(Role.PARTY_OPERATOR, "partai-1")
HEALTH_DEPOK = Assignment(Role.HEALTH_OFFICER, "3276")
INTEGRATOR = Assignment(Role.INTEGRATOR, "3276")
ORGANISATION = Assignment(Role.ORGANISATION_OPERATOR, "kominfo-depok")
KOMINFO_DEPOK = Scope(ScopeKind.ORGANISATION, "kominfo-depok")

PARTY_1 = Scope(ScopeKind.PARTY, "partai-1")
PARTY_2 = Scope(ScopeKind.PARTY, "partai-2")
TPS_001 = Scope(ScopeKind.TPS, "3276011006001")

TABLE = [
    # (assignment, action, target, allowed)
    (PPS_DEPOK, Action.SET_TPS_LOCATION, "3276011006001", True),  # a TPS of its own desa
    (PPS_DEPOK, Action.SET_TPS_LOCATION, "3276011007001", False),  # the next desa's
    (PPK_PANCORAN_MAS, Action.SET_TPS_LOCATION, "3276011006001", True),
    (DEPOK, Action.SET_TPS_LOCATION, "3276011006001", True),
    (KPPS_001, Action.SET_TPS_LOCATION, "3276011006001", False),  # the KPPS does not record its place
    (PEMKOT_DEPOK, Action.SET_TPS_LOCATION, "3276011006001", False),
    (DEPOK, Action.VIEW_INTERNAL, "3276", True),
    (DEPOK, Action.VIEW_INTERNAL, "327601", True),
    (DEPOK, Action.UPDATE_VOTERS, "3276011006", True),
    (DEPOK, Action.LOCK_RECAP, "3276", True),
    (DEPOK, Action.VIEW_INTERNAL, "3275", False),  # Kota Bekasi: the neighbour
    (DEPOK, Action.UPDATE_VOTERS, "3275011001", False),
    (DEPOK, Action.VIEW_INTERNAL, "32", False),  # never the level above
    (DEPOK, Action.VIEW_INTERNAL, "", False),  # nor national
    (DEPOK, Action.MANAGE_ELECTION, "3276", False),  # only KPU RI
    (DEPOK, Action.SUBMIT_RESULT, "3276011006001", False),  # only the KPPS of that TPS
    (DEPOK, Action.DECIDE_DUPLICATE, "3276", True),
    (DEPOK, Action.RESOLVE_DOUBLE_MEMBERSHIP, "3276", True),  # a person's statement on a double membership
    (DEPOK, Action.RESOLVE_DOUBLE_MEMBERSHIP, "3275", False),
    (JABAR, Action.VIEW_INTERNAL, "3276", True),
    (JABAR, Action.VIEW_INTERNAL, "3175", False),  # DKI Jakarta
    (JABAR, Action.DECIDE_DUPLICATE, "3276", False),
    (JABAR, Action.RESOLVE_DOUBLE_MEMBERSHIP, "3276", False),  # only the kab/kota
    (RI, Action.VIEW_INTERNAL, "", True),
    (RI, Action.MANAGE_ELECTION, "", True),
    (RI, Action.IMPORT_GEOGRAPHY, "", True),
    (RI, Action.LOCK_RECAP, "9901", True),
    (RI, Action.SUBMIT_RESULT, "3276011006001", False),
    (PPK_PANCORAN_MAS, Action.APPROVE_CORRECTION, "3276011006001", True),
    (PPK_PANCORAN_MAS, Action.APPROVE_CORRECTION, "3276021001001", False),
    (PPS_DEPOK, Action.UPDATE_VOTERS, "3276011006", True),
    (PPS_DEPOK, Action.UPDATE_VOTERS, "3276011007", False),
    (PPS_DEPOK, Action.APPROVE_CORRECTION, "3276011006001", False),
    (KPPS_001, Action.SUBMIT_RESULT, "3276011006001", True),
    (KPPS_001, Action.SUBMIT_RESULT, "3276011006002", False),  # the next TPS in the same desa
    (KPPS_001, Action.SUBMIT_RESULT, "3276011006", False),  # not the desa as a whole
    (KPPS_001, Action.UPDATE_VOTERS, "3276011006001", False),
    (PEMKOT_DEPOK, Action.VIEW_INTERNAL, "327601", True),
    (PEMKOT_DEPOK, Action.VIEW_AUDIT, "3276", True),
    (PEMKOT_DEPOK, Action.UPDATE_VOTERS, "3276011006", False),  # read-only
    (PEMKOT_DEPOK, Action.LOCK_RECAP, "3276", False),
    (PEMKOT_DEPOK, Action.VIEW_CITY, "3276011006001", True),  # the city's closed view, down to its TPS
    (PEMKOT_DEPOK, Action.VIEW_CITY, "3275", False),  # Kota Bekasi
    (PEMKOT_DEPOK, Action.ENTER_CITY_COUNT, "3276011006001", False),  # reads; its field officers count
    (PEMKOT_DEPOK, Action.RECORD_HEALTH, "3276011006001", False),  # never a person's health record
    (CITY_FIELD_DEPOK, Action.ENTER_CITY_COUNT, "3276011006001", True),
    (CITY_FIELD_DEPOK, Action.ENTER_CITY_COUNT, "3275011001001", False),  # Kota Bekasi
    (CITY_FIELD_DEPOK, Action.VIEW_CITY, "3276", False),  # enters numbers, sees no officers' contacts
    (CITY_FIELD_DEPOK, Action.VIEW_INTERNAL, "3276", False),
    (CITY_FIELD_DEPOK, Action.SUBMIT_RESULT, "3276011006001", False),  # never KPU's count
    (DEPOK, Action.VIEW_CITY, "3276", False),  # the city's view is the city's
    (HEALTH_DEPOK, Action.VIEW_CITY, "3276", False),
    (DEPOK, Action.APPROVE_CORRECTION, TPS_001, False),  # a TPS as a typed target: still only the PPK's
    (PPK_PANCORAN_MAS, Action.APPROVE_CORRECTION, TPS_001, True),
    (KPPS_001, Action.SUBMIT_RESULT, TPS_001, True),
    (PARTY, Action.UPLOAD_PARTY_MEMBERS, PARTY_1, True),  # its own party
    (PARTY, Action.UPLOAD_PARTY_MEMBERS, PARTY_2, False),  # another party
    (PARTY, Action.UPLOAD_PARTY_MEMBERS, "", False),  # the country is not a party
    (PARTY, Action.UPLOAD_PARTY_MEMBERS, Scope(ScopeKind.ORGANISATION, "partai-1"), False),  # same code, other kind
    (PARTY, Action.UPLOAD_PARTY_MEMBERS, Scope(ScopeKind.PARTY, ""), False),  # malformed
    (PARTY, Action.VIEW_INTERNAL, "3276", False),
    (Assignment(Role.PARTY_OPERATOR, "", ScopeKind.REGION), Action.UPLOAD_PARTY_MEMBERS, PARTY_1, False),  # national
    (RI, Action.VIEW_INTERNAL, PARTY_1, False),  # the national scope covers regions, not parties
    (HEALTH_DEPOK, Action.RECORD_HEALTH, "3276011006001", True),  # its region's TPS
    (HEALTH_DEPOK, Action.RECORD_HEALTH, "327601", True),
    (HEALTH_DEPOK, Action.RECORD_HEALTH, "3275011001001", False),  # Kota Bekasi
    (HEALTH_DEPOK, Action.VIEW_INTERNAL, "3276", True),
    (HEALTH_DEPOK, Action.UPDATE_VOTERS, "3276011006", False),
    (PPS_DEPOK, Action.MANAGE_OFFICERS, "3276011006001", True),  # a TPS of its desa: its KPPS
    (PPS_DEPOK, Action.MANAGE_OFFICERS, "3276011007001", False),
    (KPPS_001, Action.MANAGE_OFFICERS, "3276011006001", False),
    (HEALTH_DEPOK, Action.MANAGE_OFFICERS, "3276", False),
    (DEPOK, Action.APPOINT_OFFICERS, "327601", True),  # its PPK and PPS
    (DEPOK, Action.APPOINT_OFFICERS, "3275011001", False),  # Kota Bekasi's
    (PPS_DEPOK, Action.APPOINT_OFFICERS, "3276011006001", True),  # its desa's TPS: the KPPS
    (PPS_DEPOK, Action.APPOINT_OFFICERS, "3276011007001", False),  # the next desa's TPS
    (PPK_PANCORAN_MAS, Action.APPOINT_OFFICERS, "3276011006", False),  # the PPK appoints nobody
    (KPPS_001, Action.APPOINT_OFFICERS, "3276011006001", False),
    (DEPOK, Action.MANAGE_OFFICERS, "3276", True),
    (PEMKOT_DEPOK, Action.MANAGE_OFFICERS, "3276", False),
    (HEALTH_DEPOK, Action.APPOINT_OFFICERS, "3276011006001", False),
    (INTEGRATOR, Action.USE_PARTNER_API, "3276", True),
    (INTEGRATOR, Action.VIEW_INTERNAL, "3276", False),
    (ORGANISATION, Action.WATCH_MEMBERSHIP, KOMINFO_DEPOK, True),  # its own organisation
    (ORGANISATION, Action.WATCH_MEMBERSHIP, Scope(ScopeKind.ORGANISATION, "kominfo-bekasi"), False),
    (ORGANISATION, Action.WATCH_MEMBERSHIP, Scope(ScopeKind.PARTY, "kominfo-depok"), False),  # same code, a party
    (ORGANISATION, Action.WATCH_MEMBERSHIP, "3276", False),  # an organisation lies in no region
    (ORGANISATION, Action.WATCH_MEMBERSHIP, "", False),
    (ORGANISATION, Action.UPLOAD_PARTY_MEMBERS, KOMINFO_DEPOK, False),
    (ORGANISATION, Action.VIEW_INTERNAL, "3276", False),
    (PARTY, Action.WATCH_MEMBERSHIP, PARTY_1, False),
    (RI, Action.WATCH_MEMBERSHIP, KOMINFO_DEPOK, False),  # KPU RI makes organisations, never reads their lists
    (RI, Action.MANAGE_ORGANISATIONS, "", True),
    (JABAR, Action.MANAGE_ORGANISATIONS, "32", False),
    (ORGANISATION, Action.MANAGE_ORGANISATIONS, KOMINFO_DEPOK, False),
    # The network readiness of the TPS (suara/network): the city's Diskominfo writes in its own city.
    (PEMKOT_DEPOK, Action.MANAGE_READINESS, "3276", True),
    (PEMKOT_DEPOK, Action.MANAGE_READINESS, "3276011006001", True),
    (PEMKOT_DEPOK, Action.MANAGE_READINESS, "3275011001001", False),  # Kota Bekasi
    (PEMKOT_DEPOK, Action.MANAGE_READINESS, "32", False),  # never the province
    (PEMKOT_DEPOK, Action.VIEW_READINESS, "327601", True),
    (PEMKOT_DEPOK, Action.SURVEY_NETWORK, "3276011006001", True),
    (DEPOK, Action.MANAGE_READINESS, "3276011006", True),
    (JABAR, Action.MANAGE_READINESS, "3276", False),  # reads it, the kab/kota and its city act
    (JABAR, Action.VIEW_READINESS, "3276", True),
    (PPK_PANCORAN_MAS, Action.VIEW_READINESS, "327601", True),  # election night: its missing TPS
    (PPK_PANCORAN_MAS, Action.VIEW_READINESS, "327602", False),
    (PPK_PANCORAN_MAS, Action.MANAGE_READINESS, "327601", False),
    (KPPS_001, Action.SURVEY_NETWORK, "3276011006001", True),  # its own TPS
    (KPPS_001, Action.SURVEY_NETWORK, "3276011006002", False),
    (KPPS_001, Action.VIEW_READINESS, "3276011006001", False),
    (PPS_DEPOK, Action.SURVEY_NETWORK, "3276011006002", True),  # the TPS of its desa
    (CITY_FIELD_DEPOK, Action.SURVEY_NETWORK, "3276011006001", True),
    (CITY_FIELD_DEPOK, Action.MANAGE_READINESS, "3276", False),
    (HEALTH_DEPOK, Action.VIEW_READINESS, "3276", False),
    (INTEGRATOR, Action.SURVEY_NETWORK, "3276011006001", False),
    # hoax clarifications: KPU over its region, the city's Diskominfo (its viewer, or an organisation's
    # operator: which organisation kind and region is information.services' rule), nobody else
    (DEPOK, Action.PUBLISH_CLARIFICATION, "3276", True),
    (DEPOK, Action.PUBLISH_CLARIFICATION, "3275", False),
    (DEPOK, Action.PUBLISH_CLARIFICATION, "", False),
    (RI, Action.PUBLISH_CLARIFICATION, "", True),
    (PEMKOT_DEPOK, Action.PUBLISH_CLARIFICATION, "327601", True),
    (PEMKOT_DEPOK, Action.PUBLISH_CLARIFICATION, "3275", False),
    (ORGANISATION, Action.PUBLISH_CLARIFICATION, KOMINFO_DEPOK, True),
    (ORGANISATION, Action.PUBLISH_CLARIFICATION, "3276", False),
    (PPS_DEPOK, Action.PUBLISH_CLARIFICATION, "3276011006", False),
    (INTEGRATOR, Action.PUBLISH_CLARIFICATION, "3276", False),
    (PARTY, Action.PUBLISH_CLARIFICATION, PARTY_1, False),
    (DEPOK, Action.SHARE_VOTER_DATA, "3276", True),  # drafts agreements, requests extracts in its city
    (DEPOK, Action.SHARE_VOTER_DATA, "3276011006", True),
    (DEPOK, Action.SHARE_VOTER_DATA, "3275", False),
    (JABAR, Action.SHARE_VOTER_DATA, "3276", True),
    (RI, Action.SHARE_VOTER_DATA, "", True),
    (PPS_DEPOK, Action.SHARE_VOTER_DATA, "3276011006", False),
    (PEMKOT_DEPOK, Action.SHARE_VOTER_DATA, "3276", False),
    (RI, Action.APPROVE_DATA_SHARING, "", True),  # approves, revokes, traces, records breaches
    (DEPOK, Action.APPROVE_DATA_SHARING, "3276", False),
    (JABAR, Action.APPROVE_DATA_SHARING, "32", False),
    # announcements: the same writers (which organisation kind and region is announcements.services' rule)
    (DEPOK, Action.PUBLISH_ANNOUNCEMENT, "327601", True),
    (DEPOK, Action.PUBLISH_ANNOUNCEMENT, "3275", False),
    (DEPOK, Action.PUBLISH_ANNOUNCEMENT, "", False),
    (JABAR, Action.PUBLISH_ANNOUNCEMENT, "3276", True),
    (RI, Action.PUBLISH_ANNOUNCEMENT, "", True),
    (PEMKOT_DEPOK, Action.PUBLISH_ANNOUNCEMENT, "3276", True),
    (PEMKOT_DEPOK, Action.PUBLISH_ANNOUNCEMENT, "32", False),
    (ORGANISATION, Action.PUBLISH_ANNOUNCEMENT, KOMINFO_DEPOK, True),
    (ORGANISATION, Action.PUBLISH_ANNOUNCEMENT, "3276", False),
    (PPK_PANCORAN_MAS, Action.PUBLISH_ANNOUNCEMENT, "327601", False),
    (HEALTH_DEPOK, Action.PUBLISH_ANNOUNCEMENT, "3276", False),
    (INTEGRATOR, Action.PUBLISH_ANNOUNCEMENT, "3276", False),
    # the channels of announcements: the same offices (which organisation kind is channels.authority's rule)
    (DEPOK, Action.MANAGE_CHANNELS, "327601", True),
    (DEPOK, Action.MANAGE_CHANNELS, "3275", False),
    (PEMKOT_DEPOK, Action.MANAGE_CHANNELS, "3276", True),
    (ORGANISATION, Action.MANAGE_CHANNELS, KOMINFO_DEPOK, True),
    (ORGANISATION, Action.MANAGE_CHANNELS, "3276", False),
    (PPS_DEPOK, Action.MANAGE_CHANNELS, "3276011006", False),
    (INTEGRATOR, Action.MANAGE_CHANNELS, "3276", False),
]


@pytest.mark.parametrize(("assignment", "action", "target", "allowed"), TABLE)
def test_decide_table(assignment, action, target, allowed):
    decision = decide([assignment], action, target)
    assert decision.allowed is allowed
    if allowed:
        assert decision.role == assignment.role


def test_no_assignment_allows_nothing():
    for action in Action:
        assert not decide([], action, "3276")


def test_any_of_several_assignments_suffices():
    assert decide([PPS_DEPOK, DEPOK], Action.LOCK_RECAP, "3276").role == Role.KPU_KABKOTA


def test_malformed_target_is_refused():
    assert not decide([RI], Action.VIEW_INTERNAL, "32'; --")
    assert not decide([PARTY], Action.UPLOAD_PARTY_MEMBERS, Scope(ScopeKind.PARTY, "Partai 1"))


def test_every_role_holds_one_kind_of_scope():
    assert SCOPE_KIND[Role.KPPS] == ScopeKind.TPS and SCOPE_KIND[Role.PARTY_OPERATOR] == ScopeKind.PARTY
    assert SCOPE_KIND[Role.ORGANISATION_OPERATOR] == ScopeKind.ORGANISATION
    assert ORGANISATION.where == KOMINFO_DEPOK
    assert SCOPE_KIND[Role.HEALTH_OFFICER] == SCOPE_KIND[Role.PEMKOT_VIEWER] == ScopeKind.REGION
    assert Assignment(Role.KPPS, "3276011006001").where == TPS_001
    assert Scope.geographic("3276011006001") == TPS_001 and Scope.geographic("3276").kind == ScopeKind.REGION


@pytest.mark.parametrize(
    ("role", "scope", "ok"),
    [
        (Role.KPU_RI, "", True),
        (Role.KPU_RI, "32", False),
        (Role.KPU_PROVINSI, "32", True),
        (Role.KPU_PROVINSI, "3276", False),
        (Role.KPU_KABKOTA, "3276", True),
        (Role.PPK, "327601", True),
        (Role.PPS, "3276011006", True),
        (Role.KPPS, "3276011006001", True),
        (Role.KPPS, "3276011006", False),
        (Role.PEMKOT_VIEWER, "3276", True),
        (Role.PEMKOT_VIEWER, "327", False),
        (Role.KPU_KABKOTA, "32a6", False),
        (Role.HEALTH_OFFICER, "3276", True),
        (Role.HEALTH_OFFICER, "327", False),
        (Role.PARTY_OPERATOR, "partai-1", True),
        (Role.PARTY_OPERATOR, "1", True),
        (Role.PARTY_OPERATOR, "", False),  # a party operator is never national
        (Role.PARTY_OPERATOR, "Partai-1", False),
        (Role.PARTY_OPERATOR, "-1", False),
        (Role.PARTY_OPERATOR, "p" * 33, False),
        (Role.ORGANISATION_OPERATOR, "kominfo-depok", True),
        (Role.ORGANISATION_OPERATOR, "", False),  # an operator of no organisation
        (Role.ORGANISATION_OPERATOR, "Kominfo Depok", False),
        (Role.ORGANISATION_OPERATOR, "k" * 33, False),
    ],
)
def test_scope_shapes(role, scope, ok):
    assert (scope_problem(role, scope) is None) is ok


codes = st.text(alphabet="0123456789", min_size=0, max_size=13)
# Codes of every kind, few enough that a party's and an organisation's codes often meet, and some malformed.
any_codes = st.one_of(codes, st.sampled_from(["", "1", "32", "partai-1", "partai-2", "kominfo", "Partai 1", "-"]))
scopes = st.builds(Scope, st.sampled_from(list(ScopeKind)), any_codes)
geographic = {ScopeKind.REGION, ScopeKind.TPS}


def covered(scope: Scope, target: Scope) -> bool:
    """The coverage rule, written out: regions and TPS by their code's prefix; anything else only itself."""
    if scope.kind in geographic:
        return target.kind in geographic and target.code[: len(scope.code)] == scope.code
    return scope == target


@given(scope=codes, target=codes, role=st.sampled_from(list(Role)), action=st.sampled_from(list(Action)))
def test_decision_is_exactly_role_and_subtree(scope, target, role, action):
    """Allowed if and only if the role may take the action and the target lies in the scope's subtree,
    for regions and TPS whatever the role."""
    for kind in geographic:
        decision = decide([Assignment(role, scope, kind)], action, target)
        assert decision.allowed == (role in ALLOWED[action] and covers(scope, target))


@given(scope=scopes, target=scopes, role=st.sampled_from(list(Role)), action=st.sampled_from(list(Action)))
def test_decision_is_exactly_role_and_coverage_for_every_kind(scope, target, role, action):
    """Allowed if and only if the role may take the action, the target is well-formed, and the scope covers
    it: by subtree for regions and TPS, by identity for parties and organisations; never across."""
    decision = decide([Assignment(role, scope.code, scope.kind)], action, target)
    assert decision.allowed == (role in ALLOWED[action] and target.well_formed() and covered(scope, target))
    if target.kind in geographic:  # a region or TPS code alone names the same target
        assert decide([Assignment(role, scope.code, scope.kind)], action, target.code).allowed == decision.allowed


@given(scope=codes.filter(bool), target=codes)
def test_a_scope_never_covers_a_different_sibling(scope, target):
    if not target.startswith(scope):
        assert not decide([Assignment(Role.KPU_RI, scope)], Action.VIEW_INTERNAL, target)


# --- Who creates whom: the chain of command -------------------------------------------------------------

PPS_OTHER_DESA = Assignment(Role.PPS, "3276011007")

PROVISION_TABLE = [
    # (the creator's assignment, role created, its scope, allowed)
    (RI, Role.KPU_PROVINSI, "32", True),
    (RI, Role.PARTY_OPERATOR, "partai-1", True),  # parties lie in no region: the national scope creates them
    (RI, Role.PARTY_OPERATOR, "", False),  # an operator of no party
    (RI, Role.KPU_KABKOTA, "3276", False),  # skips a level
    (RI, Role.KPU_RI, "", False),  # nobody creates their own peers
    (RI, Role.KPPS, "3276011006001", False),
    (JABAR, Role.KPU_KABKOTA, "3276", True),
    (JABAR, Role.KPU_KABKOTA, "3175", False),  # DKI Jakarta
    (JABAR, Role.KPU_PROVINSI, "32", False),
    (JABAR, Role.PPK, "327601", False),
    (DEPOK, Role.PPK, "327601", True),
    (DEPOK, Role.PPK, "327501", False),  # Kota Bekasi
    (DEPOK, Role.PEMKOT_VIEWER, "3276", True),
    (DEPOK, Role.HEALTH_OFFICER, "3276", True),
    (DEPOK, Role.INTEGRATOR, "3276", True),
    (DEPOK, Role.INTEGRATOR, "32", False),  # not for the province
    (DEPOK, Role.INTEGRATOR, "3275", False),
    (DEPOK, Role.PPS, "3276011006", False),
    (DEPOK, Role.PARTY_OPERATOR, "partai-1", False),
    (JABAR, Role.PARTY_OPERATOR, "partai-1", False),
    (DEPOK, Role.HEALTH_OFFICER, "327601", True),
    (DEPOK, Role.HEALTH_OFFICER, "3275", False),
    (PPK_PANCORAN_MAS, Role.PPS, "3276011006", True),
    (PPK_PANCORAN_MAS, Role.PPS, "3276021001", False),
    (PPK_PANCORAN_MAS, Role.KPPS, "3276011006001", False),
    (PPS_DEPOK, Role.KPPS, "3276011006001", True),
    (PPS_DEPOK, Role.KPPS, "3276011007001", False),  # the next desa
    (PPS_DEPOK, Role.KPPS, "3276011006", False),  # a KPPS scope is a TPS
    (KPPS_001, Role.KPPS, "3276011006002", False),
    (PEMKOT_DEPOK, Role.PPK, "327601", False),
    (PEMKOT_DEPOK, Role.CITY_FIELD_OFFICER, "3276", True),  # the city's own field officers
    (PEMKOT_DEPOK, Role.CITY_FIELD_OFFICER, "327601", True),
    (PEMKOT_DEPOK, Role.CITY_FIELD_OFFICER, "3275", False),  # not another city's
    (PEMKOT_DEPOK, Role.PEMKOT_VIEWER, "3276", False),  # nor its own peers
    (PEMKOT_DEPOK, Role.HEALTH_OFFICER, "3276", False),
    (PEMKOT_DEPOK, Role.KPPS, "3276011006001", False),
    (DEPOK, Role.CITY_FIELD_OFFICER, "3276", False),  # the city's, not KPU's
    (CITY_FIELD_DEPOK, Role.CITY_FIELD_OFFICER, "3276", False),
    (PARTY, Role.PARTY_OPERATOR, "partai-1", False),
    (PARTY, Role.PARTY_OPERATOR, "partai-2", False),
    (HEALTH_DEPOK, Role.HEALTH_OFFICER, "327601", False),
    (INTEGRATOR, Role.INTEGRATOR, "3276", False),
    (RI, Role.ORGANISATION_OPERATOR, "kominfo-depok", True),  # organisations lie in no region: national creates
    (RI, Role.ORGANISATION_OPERATOR, "", False),
    (JABAR, Role.ORGANISATION_OPERATOR, "kominfo-depok", False),
    (DEPOK, Role.ORGANISATION_OPERATOR, "kominfo-depok", False),
    (ORGANISATION, Role.ORGANISATION_OPERATOR, "kominfo-depok", False),  # nobody creates their own peers
]


@pytest.mark.parametrize(("assignment", "role", "scope", "allowed"), PROVISION_TABLE)
def test_may_provision_table(assignment, role, scope, allowed):
    decision = may_provision([assignment], role, scope)
    assert decision.allowed is allowed
    if allowed:
        assert decision.role == assignment.role


@given(
    creator=st.sampled_from(list(Role)),
    creator_scope=scopes,
    role=st.sampled_from(list(Role)),
    scope=any_codes,
)
def test_provisioning_is_exactly_chain_and_subtree(creator, creator_scope, role, scope):
    """Allowed if and only if the creator's role creates the role in the chain, the creator's scope covers
    the new scope (the national scope also creates parties and organisations, which lie in no region), and
    the new scope fits the role."""
    decision = may_provision([Assignment(creator, creator_scope.code, creator_scope.kind)], role, scope)
    chain = role in PROVISIONS.get(creator, ())
    created = Scope(SCOPE_KIND[role], scope)
    within = covered(creator_scope, created) or (creator_scope == NATIONAL and created.kind not in geographic)
    expected = chain and within and scope_problem(role, scope) is None
    assert decision.allowed == expected
    # No role ever creates its own kind, so nobody manages an account that holds their own role.
    if creator == role:
        assert not decision


@given(
    creator=st.lists(st.builds(Assignment, st.sampled_from(list(Role)), any_codes), max_size=3),
    held=st.lists(st.builds(Assignment, st.sampled_from(list(Role)), any_codes), max_size=3),
)
def test_managing_an_account_needs_every_one_of_its_roles(creator, held):
    decision = may_manage(creator, held)
    assert decision.allowed == (bool(held) and all(may_provision(creator, a.role, a.scope) for a in held))


def test_managing_is_refused_for_an_account_with_a_role_elsewhere():
    kpps_and_elsewhere = [KPPS_001, Assignment(Role.KPPS, "3276011007001")]
    assert not may_manage([PPS_DEPOK], kpps_and_elsewhere)
    assert may_manage([PPS_DEPOK, PPS_OTHER_DESA], kpps_and_elsewhere).role == Role.PPS
    assert not may_manage([RI], [])  # an account without roles: only the command line


def test_the_roles_that_manage_users_are_the_creators_of_the_chain():
    assert ALLOWED[Action.MANAGE_USERS] == frozenset(PROVISIONS)
