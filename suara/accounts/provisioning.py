"""Accounts provisioned by the chain of command: create (with a one-time activation code, never a password
the creator knows), suspend, reactivate, reset the password through a new one-time code, revoke the
tokens, give and take roles; and the officer's own activation. Each write is one transaction with one
audit event. Who may act on whom is ``roles.may_provision`` and ``roles.may_manage``; ``actor`` is the
officer, or the string 'system' for the command line, which the chain does not bind.

Bulk creation for a whole region is ``accounts.bulk``.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from suara.accounts import tokens
from suara.accounts.actors import Actor, actor_name
from suara.accounts.audit_actions import AccountAuditAction
from suara.accounts.authz import assignments_of
from suara.accounts.errors import AccountErrorCode
from suara.accounts.models import ApiToken, OneTimeCode, Organisation, RoleAssignment, User
from suara.accounts.one_time_codes import code_digest, code_new, code_normalise
from suara.accounts.roles import (
    GEOGRAPHIC_KINDS,
    SCOPE_KIND,
    Assignment,
    Role,
    ScopeKind,
    may_manage,
    may_provision,
    provisionable_roles,
    scope_problem,
)
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.regions.models import Region, Tps

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,49}$")
# A digest no code has: compared against when the username is unknown, so both paths do the same work.
_NO_DIGEST = "0" * 64


@dataclass(frozen=True)
class IssuedCode:
    """A one-time code as shown once to the officer who issued it."""

    user_id: int
    username: str
    scope: str
    code: str
    expires_at: object


def _held(user: User) -> list[Assignment]:
    return [Assignment(Role(a.role), a.scope, ScopeKind(a.scope_kind)) for a in user.assignments.all()]


def actor_may_manage(actor: Actor, user: User) -> str:
    """The role under which ``actor`` manages ``user`` ('' for the command line); PermissionDenied if not."""
    if isinstance(actor, str):
        return ""
    decision = may_manage(assignments_of(actor), _held(user))
    if not decision:
        raise PermissionDenied(
            ErrorCode.FORBIDDEN, f"Anda tidak berwenang atas akun ini: {decision.reason}.", field="user"
        )
    return decision.role.value


def _provisioning_role(actor: Actor, role: Role, scope: str) -> str:
    if isinstance(actor, str):
        return ""
    decision = may_provision(assignments_of(actor), role, scope)
    if not decision:
        raise PermissionDenied(ErrorCode.FORBIDDEN, f"Anda tidak berwenang: {decision.reason}.", field="role")
    return decision.role.value


def role_and_scope(role: str, scope: str) -> Role:
    """The role, checked with its scope's shape and existence; DomainError with the field at fault."""
    try:
        role_value = Role(role)
    except ValueError:
        raise DomainError(AccountErrorCode.UNKNOWN_ROLE, "Peran tidak dikenal.", field="role") from None
    problem = scope_problem(role_value, scope)
    if problem:
        raise DomainError(AccountErrorCode.INVALID_SCOPE, f"Cakupan tidak sah: {problem}.", field="scope")
    scope_check_exists(role_value, scope)
    return role_value


def scope_check_exists(role: Role, scope: str) -> None:
    """DomainError ``unknown_scope`` unless the region or TPS a well-formed scope names is known, and
    ``unknown_organisation`` unless the organisation is (``accounts.organisations``). Parties are kept by
    the parties app, above this one, so their codes are taken on their shape alone."""
    kind = SCOPE_KIND[role]
    if kind == ScopeKind.ORGANISATION and not Organisation.objects.filter(code=scope).exists():
        raise DomainError(AccountErrorCode.UNKNOWN_ORGANISATION, f"Organisasi {scope} tidak dikenal.", field="scope")
    if not scope or kind not in GEOGRAPHIC_KINDS:
        return
    known = Tps.objects.filter(code=scope) if kind == ScopeKind.TPS else Region.objects.filter(code=scope)
    if not known.exists():
        raise DomainError(
            AccountErrorCode.UNKNOWN_SCOPE, f"Kode wilayah atau TPS {scope} tidak dikenal.", field="scope"
        )


def _issue_code(user: User, purpose: str) -> IssuedCode:
    """Replaces the account's one-time code (inside the caller's transaction)."""
    code = code_new()
    now = timezone.now()
    expires = now + timedelta(days=settings.SUARA_ONE_TIME_CODE_DAYS)
    OneTimeCode.objects.update_or_create(
        user=user,
        defaults={
            "digest": code_digest(user.username, code),
            "purpose": purpose,
            "created_at": now,
            "expires_at": expires,
        },
    )
    first = user.assignments.order_by("role", "scope").first()
    return IssuedCode(user.pk, user.username, first.scope if first else "", code, expires)


def account_create(
    *, actor: Actor, username: str, role: str, scope: str, full_name: str = ""
) -> tuple[User, IssuedCode]:
    """An account holding ``role`` over ``scope``, without a password: its officer sets one with the
    activation code returned here (shown once, never stored in clear)."""
    username = username.strip().lower() if isinstance(username, str) else ""
    if not USERNAME.match(username):
        raise DomainError(
            AccountErrorCode.INVALID_USERNAME,
            "Nama pengguna 3–50 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.",
            field="username",
        )
    full_name = " ".join(full_name.split())[:150]
    role_value = role_and_scope(role, scope)
    actor_role = _provisioning_role(actor, role_value, scope)
    if User.objects.filter(username=username).exists():
        raise Conflict(AccountErrorCode.USERNAME_TAKEN, f"Nama pengguna '{username}' sudah dipakai.", field="username")
    try:
        with transaction.atomic():
            user = User(username=username, first_name=full_name)
            user.set_unusable_password()
            user.save()
            RoleAssignment.objects.create(
                user=user, role=role_value.value, scope=scope, scope_kind=SCOPE_KIND[role_value].value
            )
            issued = _issue_code(user, OneTimeCode.Purpose.ACTIVATION)
            audit_record(
                actor=actor_name(actor),
                role=actor_role,
                action=AccountAuditAction.ACCOUNT_CREATE,
                object_code=scope,
                summary=f"akun {username} dibuat dengan peran {role_value.value}, menunggu aktivasi",
            )
    except IntegrityError:  # the same username created at the same moment by someone else
        raise Conflict(
            AccountErrorCode.USERNAME_TAKEN, f"Nama pengguna '{username}' sudah dipakai.", field="username"
        ) from None
    return user, issued


def account_suspend(*, actor: Actor, user: User) -> None:
    """Stops the account: sign-in refused, sessions end at their next request, tokens stop at once in this
    process and within SUARA_TOKEN_CACHE_SECONDS in the others. Its tokens and roles are kept."""
    actor_role = actor_may_manage(actor, user)
    if not isinstance(actor, str) and actor.pk == user.pk:
        raise Conflict(
            AccountErrorCode.CANNOT_SUSPEND_SELF, "Anda tidak dapat menangguhkan akun Anda sendiri.", field="user"
        )
    with service_transaction():
        if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
            raise Conflict(AccountErrorCode.ALREADY_SUSPENDED, "Akun ini sudah ditangguhkan.", field="user")
        audit_record(
            actor=actor_name(actor),
            role=actor_role,
            action=AccountAuditAction.ACCOUNT_SUSPEND,
            object_code=user.username,
            summary=f"akun {user.username} ditangguhkan",
        )
    tokens.token_cache_forget_user(user.pk)
    user.is_active = False


def account_reactivate(*, actor: Actor, user: User) -> None:
    actor_role = actor_may_manage(actor, user)
    with service_transaction():
        if not User.objects.filter(pk=user.pk, is_active=False).update(is_active=True):
            raise Conflict(AccountErrorCode.NOT_SUSPENDED, "Akun ini tidak sedang ditangguhkan.", field="user")
        audit_record(
            actor=actor_name(actor),
            role=actor_role,
            action=AccountAuditAction.ACCOUNT_REACTIVATE,
            object_code=user.username,
            summary=f"akun {user.username} diaktifkan kembali",
        )
    user.is_active = True


def account_reset(*, actor: Actor, user: User) -> IssuedCode:
    """Ends the account's password (and with it every signed-in session) and issues a one-time code with
    which its officer sets a new one. The code is returned once."""
    actor_role = actor_may_manage(actor, user)
    with service_transaction():
        user.set_unusable_password()
        user.save(update_fields=["password"])
        issued = _issue_code(user, OneTimeCode.Purpose.RESET)
        audit_record(
            actor=actor_name(actor),
            role=actor_role,
            action=AccountAuditAction.PASSWORD_RESET,
            object_code=user.username,
            summary=f"sandi akun {user.username} diatur ulang; kode sekali pakai diterbitkan",
        )
    return issued


def account_tokens_revoke(*, actor: Actor, user: User) -> int:
    """Revokes every live API token of the account; returns how many."""
    actor_role = actor_may_manage(actor, user)
    with service_transaction():
        count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if not count:
            raise Conflict(AccountErrorCode.NO_LIVE_TOKENS, "Akun ini tidak memiliki token yang berlaku.", field="user")
        audit_record(
            actor=actor_name(actor),
            role=actor_role,
            action=AccountAuditAction.TOKENS_REVOKE,
            object_code=user.username,
            summary=f"{count} token akun {user.username} dicabut",
        )
    tokens.token_cache_forget_user(user.pk)
    return count


def account_role_add(*, actor: Actor, user: User, role: str, scope: str) -> RoleAssignment:
    """Gives a managed account one more role; the actor must manage the account and provision the role."""
    actor_may_manage(actor, user)
    role_value = role_and_scope(role, scope)
    actor_role = _provisioning_role(actor, role_value, scope)
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                user=user, role=role_value.value, scope=scope, scope_kind=SCOPE_KIND[role_value].value
            )
            audit_record(
                actor=actor_name(actor),
                role=actor_role,
                action=AccountAuditAction.ROLE_ASSIGN,
                object_code=scope,
                summary=f"{user.username} diberi peran {role_value.value}",
            )
    except IntegrityError:
        raise Conflict(
            AccountErrorCode.ALREADY_ASSIGNED, "Peran ini sudah diberikan kepada akun tersebut.", field="role"
        ) from None
    return assignment


def account_role_remove(*, actor: Actor, user: User, assignment_id: int) -> None:
    """Takes one role from a managed account. Its last role stays (suspend the account instead): an
    account without a role would be out of everyone's reach in the chain."""
    actor_role = actor_may_manage(actor, user)
    with service_transaction():
        held = list(RoleAssignment.objects.select_for_update().filter(user=user))
        assignment = next((a for a in held if a.pk == assignment_id), None)
        if assignment is None:
            raise NotFound(
                AccountErrorCode.ASSIGNMENT_NOT_FOUND, "Peran ini tidak ada pada akun tersebut.", field="assignment"
            )
        if len(held) == 1 and not isinstance(actor, str):
            raise Conflict(
                AccountErrorCode.LAST_ROLE,
                "Ini peran terakhir akun tersebut; tangguhkan akunnya bila perlu.",
                field="assignment",
            )
        audit_record(
            actor=actor_name(actor),
            role=actor_role,
            action=AccountAuditAction.ROLE_REVOKE,
            object_code=assignment.scope,
            summary=f"peran {assignment.role} dicabut dari {user.username}",
        )
        assignment.delete()


def account_activate(*, username: object, code: object, password: object) -> User:
    """Sets the password of an account from its one-time code (activation or after a reset), and uses the
    code up. A wrong username and a wrong code are refused alike (``invalid_code``), after the same work."""
    username = username.strip().lower() if isinstance(username, str) else ""
    compact = code_normalise(code) if isinstance(code, str) else None
    row = (
        OneTimeCode.objects.select_related("user").filter(user__username=username).first()
        if USERNAME.match(username)
        else None
    )
    digest = code_digest(username, compact or "")
    stored = row.digest if row is not None else _NO_DIGEST
    if compact is None or not hmac.compare_digest(digest, stored) or row is None:
        raise DomainError(
            AccountErrorCode.INVALID_CODE, "Nama pengguna atau kode sekali pakai tidak cocok.", field="code"
        )
    user = row.user
    if row.expires_at <= timezone.now():
        raise DomainError(
            AccountErrorCode.CODE_EXPIRED,
            "Kode ini sudah kedaluwarsa. Minta kode baru kepada atasan Anda.",
            field="code",
        )
    if not user.is_active:
        raise PermissionDenied(
            AccountErrorCode.ACCOUNT_SUSPENDED, "Akun ini ditangguhkan. Hubungi atasan Anda.", field="username"
        )
    if not isinstance(password, str) or not password or len(password) > 128:
        raise DomainError(
            AccountErrorCode.WEAK_PASSWORD, "Sandi wajib diisi, paling banyak 128 karakter.", field="password"
        )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(AccountErrorCode.WEAK_PASSWORD, " ".join(exc.messages), field="password") from exc
    with service_transaction():
        # Used up under the row lock: two requests with the same code cannot both set a password.
        if not OneTimeCode.objects.filter(user=user, digest=stored).delete()[0]:
            raise DomainError(
                AccountErrorCode.INVALID_CODE, "Nama pengguna atau kode sekali pakai tidak cocok.", field="code"
            )
        user.set_password(password)
        user.save(update_fields=["password"])
        activation = row.purpose == OneTimeCode.Purpose.ACTIVATION
        audit_record(
            actor=user.username,
            action=AccountAuditAction.ACTIVATE if activation else AccountAuditAction.PASSWORD_SET,
            object_code=user.username,
            summary="akun diaktifkan dengan kode sekali pakai" if activation else "sandi baru dengan kode sekali pakai",
        )
    return user


def codes_check(*, actor: Actor, pairs: list[tuple[int, str]]) -> list[IssuedCode]:
    """The pairs (account id, code) that are the live one-time codes of accounts ``actor`` manages, for
    printing a sheet again from what the page that showed them sends back: nothing is stored in clear,
    and a forged or used code is left out."""
    ids = {pk for pk, _ in pairs}
    rows = {
        row.user_id: row
        for row in OneTimeCode.objects.select_related("user")
        .prefetch_related("user__assignments")
        .filter(user_id__in=ids, expires_at__gt=timezone.now())
    }
    valid = []
    for pk, code in pairs:
        row = rows.get(pk)
        compact = code_normalise(code)
        if row is None or compact is None:
            continue
        if not hmac.compare_digest(code_digest(row.user.username, compact), row.digest):
            continue
        try:
            actor_may_manage(actor, row.user)
        except PermissionDenied:
            continue
        held = sorted(row.user.assignments.all(), key=lambda a: (a.role, a.scope))
        scope = held[0].scope if held else ""
        valid.append(IssuedCode(pk, row.user.username, scope, f"{compact[:5]}-{compact[5:]}", row.expires_at))
    return valid


def accounts_in_region(*, actor: User, region: str) -> QuerySet[User]:
    """The accounts ``actor`` provisions that hold a role beneath ``region`` (the actor's own scope when
    empty), by username; their roles prefetched."""
    if region and not (region.isascii() and region.isdigit()):
        raise DomainError(ErrorCode.INVALID_REGION_CODE, "Kode wilayah hanya berisi angka.", field="region")
    wanted = Q(pk__in=[])
    for role, base in provisionable_roles(assignments_of(actor)):
        if SCOPE_KIND[role] not in GEOGRAPHIC_KINDS:  # a party lies in no region: listed nationally only
            if not region and not base:
                wanted |= Q(role=role.value)
        elif region.startswith(base):
            wanted |= Q(role=role.value, scope__startswith=region)
        elif base.startswith(region):
            wanted |= Q(role=role.value, scope__startswith=base)
    user_ids = RoleAssignment.objects.filter(wanted).values("user_id")
    return User.objects.filter(pk__in=user_ids).prefetch_related("assignments").order_by("username")


def account_status(user: User) -> str:
    """'suspended', 'pending' (no password set yet: waiting for its one-time code) or 'active'."""
    if not user.is_active:
        return "suspended"
    if not user.has_usable_password():
        return "pending"
    return "active"
