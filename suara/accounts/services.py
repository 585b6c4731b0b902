"""Writes to accounts: operators and their role assignments. Each in one transaction, one audit event."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from suara.accounts.audit_actions import AccountAuditAction
from suara.accounts.authz import assignments_of
from suara.accounts.errors import AccountErrorCode
from suara.accounts.models import RoleAssignment, User
from suara.accounts.provisioning import scope_check_exists
from suara.accounts.roles import SCOPE_KIND, Role, may_manage, may_provision, scope_problem
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.errors import Conflict, DomainError, ErrorCode, PermissionDenied
from suara.core.phones import phone_masked, phone_normalise


def _may_provision(user: User, role: Role, scope: str) -> str:
    """The officer's role under which the chain of command lets them give ``role`` over ``scope``."""
    decision = may_provision(assignments_of(user), role, scope)
    if not decision:
        raise PermissionDenied(ErrorCode.FORBIDDEN, f"Anda tidak berwenang: {decision.reason}.", field="scope")
    return decision.role.value


def user_create(*, username: str, password: str, actor: Actor, first_name: str = "") -> User:
    """Creates an operator account. ``actor`` is the officer doing it, or a named actor for commands."""
    if User.objects.filter(username=username).exists():
        raise Conflict(AccountErrorCode.USERNAME_TAKEN, f"Nama pengguna '{username}' sudah dipakai.", field="username")
    try:
        validate_password(password, User(username=username))
    except ValidationError as exc:
        raise DomainError(AccountErrorCode.WEAK_PASSWORD, " ".join(exc.messages), field="password") from exc
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password, first_name=first_name)
        audit_record(actor=actor, action=AccountAuditAction.USER_CREATE, object_code=username, summary="akun dibuat")
    return user


def role_assign(*, user: User, role: str, scope: str, actor: Actor) -> RoleAssignment:
    """Gives ``user`` a role over a region subtree (or, for KPPS, one TPS).

    A human actor must be the one the chain of command lets give that role there (``roles.may_provision``):
    a KPU Kota Depok operator may appoint PPK in Depok, never in Bekasi. The officers' pages and API use
    ``accounts.provisioning``, which also checks that the actor manages the account.
    """
    try:
        role_value = Role(role)
    except ValueError as exc:
        raise DomainError(AccountErrorCode.UNKNOWN_ROLE, f"Peran '{role}' tidak dikenal.", field="role") from exc
    problem = scope_problem(role_value, scope)
    if problem:
        raise DomainError(AccountErrorCode.INVALID_SCOPE, f"Cakupan tidak sah: {problem}.", field="scope")
    actor_role = ""
    if actor.user is not None:
        actor_role = _may_provision(actor.user, role_value, scope)
    scope_check_exists(role_value, scope)
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role_value.value, scope=scope, defaults={"scope_kind": SCOPE_KIND[role_value].value}
        )
        if not created:
            raise Conflict(
                AccountErrorCode.ALREADY_ASSIGNED, "Peran ini sudah diberikan kepada pengguna tersebut.", field="role"
            )
        audit_record(
            actor=actor,
            role=actor_role,
            action=AccountAuditAction.ROLE_ASSIGN,
            object_code=scope,
            summary=f"{user.username} diberi peran {role_value.value}",
        )
    return assignment


def role_revoke(*, assignment: RoleAssignment, actor: Actor) -> None:
    actor_role = ""
    if actor.user is not None:
        actor_role = _may_provision(actor.user, Role(assignment.role), assignment.scope)
    with transaction.atomic():
        audit_record(
            actor=actor,
            role=actor_role,
            action=AccountAuditAction.ROLE_REVOKE,
            object_code=assignment.scope,
            summary=f"peran {assignment.role} dicabut dari {assignment.user.username}",
        )
        assignment.delete()


def user_set_password(*, user: User, password: str, actor: Actor) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(AccountErrorCode.WEAK_PASSWORD, " ".join(exc.messages), field="password") from exc
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action=AccountAuditAction.PASSWORD_SET,
            object_code=user.username,
            summary="kata sandi diganti",
        )


def user_phone_set(*, user: User, phone: str, actor: Actor) -> User:
    """Sets (or, with "", clears) the account's registered mobile number, normalised (``core.phones``: +62
    and 0 forms alike). The officer themselves, or one who manages the account (``roles.may_manage``), or a
    command. The audit event names the number masked only."""
    normalised = ""
    if phone.strip():
        normalised = phone_normalise(phone) or ""
        if not normalised:
            raise DomainError(
                AccountErrorCode.INVALID_PHONE,
                "Nomor HP tidak sah: tulis nomor seluler Indonesia, mis. 0812 3456 7890 atau +62 812 3456 7890.",
                field="phone",
            )
    actor_role = ""
    if actor.user is not None and actor.user.pk != user.pk:
        decision = may_manage(assignments_of(actor.user), assignments_of(user))
        if not decision:
            raise PermissionDenied(ErrorCode.FORBIDDEN, f"Anda tidak berwenang: {decision.reason}.", field="phone")
        actor_role = decision.role.value
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(phone=normalised)
        user.phone = normalised
        audit_record(
            actor=actor,
            role=actor_role,
            action=AccountAuditAction.PHONE_SET,
            object_code=user.username,
            summary=f"nomor HP {phone_masked(normalised)}" if normalised else "nomor HP dihapus",
        )
    return user
