import pytest

from suara.accounts.authz import authorize, require
from suara.accounts.models import RoleAssignment, User
from suara.accounts.roles import Action, Role
from suara.accounts.services import role_assign, role_revoke, user_create
from suara.audit.actors import SYSTEM, Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, PermissionDenied

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def kpu_depok(geography):
    user = user_create(username="kpu_depok", password=PASSWORD, actor=SYSTEM)
    role_assign(user=user, role="kpu_kabkota", scope="3276", actor=SYSTEM)
    return user


def test_passwords_are_hashed_with_argon2(db):
    user = user_create(username="op", password=PASSWORD, actor=SYSTEM)
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_user_create_is_audited_without_the_password(db):
    user_create(username="op", password=PASSWORD, actor=SYSTEM)
    event = AuditEvent.objects.get(action="accounts.user_create")
    assert event.object_code == "op"
    assert PASSWORD not in event.summary


def test_weak_password_is_refused_and_nothing_is_stored(db):
    with pytest.raises(DomainError) as err:
        user_create(username="op", password="12345", actor=SYSTEM)
    assert err.value.code == "weak_password"
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_duplicate_username_is_a_conflict(db):
    user_create(username="op", password=PASSWORD, actor=SYSTEM)
    with pytest.raises(Conflict):
        user_create(username="op", password=PASSWORD, actor=SYSTEM)


def test_kabkota_operator_appoints_within_its_city_only(kpu_depok):
    ppk = user_create(username="ppk", password=PASSWORD, actor=SYSTEM)
    role_assign(user=ppk, role="ppk", scope="327601", actor=Actor.of(kpu_depok))
    event = AuditEvent.objects.filter(action="accounts.role_assign").last()
    assert (event.actor, event.role, event.object_code) == ("kpu_depok", "kpu_kabkota", "327601")
    with pytest.raises(PermissionDenied):
        role_assign(user=ppk, role="ppk", scope="327501", actor=Actor.of(kpu_depok))  # Kota Bekasi
    assert RoleAssignment.objects.filter(user=ppk).count() == 1


@pytest.mark.parametrize(
    ("role", "scope", "code"),
    [
        ("mayor", "3276", "unknown_role"),
        ("ppk", "3276", "invalid_scope"),
        ("kpps", "3276011006", "invalid_scope"),
        ("ppk", "999999", "unknown_scope"),
        ("kpps", "3276011006999", "unknown_scope"),
    ],
)
def test_bad_assignments_are_refused_with_their_code(geography, role, scope, code):
    user = user_create(username="x", password=PASSWORD, actor=SYSTEM)
    with pytest.raises(DomainError) as err:
        role_assign(user=user, role=role, scope=scope, actor=SYSTEM)
    assert err.value.code == code
    assert not RoleAssignment.objects.exists()


def test_same_assignment_twice_is_a_conflict(kpu_depok):
    with pytest.raises(Conflict):
        role_assign(user=kpu_depok, role="kpu_kabkota", scope="3276", actor=SYSTEM)


def test_authorize_reads_the_users_assignments(kpu_depok, geography):
    kpps = user_create(username="kpps", password=PASSWORD, actor=SYSTEM)
    role_assign(user=kpps, role="kpps", scope="3276011006001", actor=SYSTEM)
    kpps = User.objects.get(pk=kpps.pk)
    assert require(kpps, Action.SUBMIT_RESULT, "3276011006001") == Role.KPPS
    with pytest.raises(PermissionDenied):
        require(kpps, Action.SUBMIT_RESULT, "3276011006002")
    assert authorize(User.objects.get(pk=kpu_depok.pk), Action.VIEW_INTERNAL, "3276011006").allowed


def test_inactive_user_may_do_nothing(kpu_depok):
    kpu_depok.is_active = False
    assert not authorize(kpu_depok, Action.VIEW_INTERNAL, "3276")


def test_role_revoke_is_audited(kpu_depok):
    assignment = kpu_depok.assignments.get()
    role_revoke(assignment=assignment, actor=SYSTEM)
    assert not kpu_depok.assignments.exists()
    assert AuditEvent.objects.filter(action="accounts.role_revoke", object_code="3276").exists()
