"""Accounts for every unit of a region at once: a PPS creates the KPPS accounts of every TPS of its desa,
a PPK the PPS of its kecamatan; the command line the KPPS of a whole province or of the nation
(`suara accounts bulk-create`). One account per unit that has none yet, named ``<role>-<code>``
(``kpps-3276011006001``), holding that role over the unit, without a password, with a one-time
activation code returned once (for the sheet to print) and stored only as its keyed hash.

Written with bulk inserts in one transaction (COPY on PostgreSQL, with ids taken from the user table's
sequence beforehand; executemany elsewhere) and one audit event with the counts: national scale is
823,000 TPS, and a row-by-row ORM save (or 823,000 audit events) would take hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from suara.accounts.audit_actions import AccountAuditAction
from suara.accounts.authz import assignments_of
from suara.accounts.errors import AccountErrorCode
from suara.accounts.models import OneTimeCode, RoleAssignment, User
from suara.accounts.one_time_codes import code_digest, code_new, digest_key
from suara.accounts.provisioning import IssuedCode
from suara.accounts.roles import (
    PROVISIONS,
    SCOPE_KIND,
    SCOPE_LENGTH,
    Assignment,
    Role,
    ScopeKind,
    covers,
    may_manage,
    may_provision,
)
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.db import bulk_insert
from suara.core.errors import Conflict, DomainError, ErrorCode, PermissionDenied
from suara.regions.models import Region, Tps

# The roles with one account per unit of a fixed level beneath a region.
BULK_ROLES = (Role.KPPS, Role.PPS, Role.PPK, Role.KPU_KABKOTA, Role.KPU_PROVINSI)
# What a password field holds before activation: Django's mark of an unusable password ("!") and no hash.
UNUSABLE = "!"


@dataclass
class BulkOutcome:
    role: Role
    region: str
    created: list[IssuedCode] = field(default_factory=list)
    skipped: int = 0  # units that already had an account with the role (or its username)


def username_for(role: Role, scope: str) -> str:
    return f"{role.value.replace('_', '-')}-{scope}"


def _units(role: Role, region: str) -> list[str]:
    """The codes beneath ``region`` that get one account each, in order."""
    if role == Role.KPPS:
        return list(Tps.objects.filter(code__startswith=region).order_by("code").values_list("code", flat=True))
    length = SCOPE_LENGTH[role]
    codes = Region.objects.filter(code__startswith=region).order_by("code").values_list("code", flat=True)
    return [code for code in codes if len(code) == length]


def accounts_bulk_create(*, actor: Actor, role: str, region: str) -> BulkOutcome:
    """An account for every unit of ``role``'s level beneath ``region`` that has none with that role."""
    try:
        role_value = Role(role)
    except ValueError:
        raise DomainError(AccountErrorCode.UNKNOWN_ROLE, "Peran tidak dikenal.", field="role") from None
    if role_value not in BULK_ROLES:
        message = "Pembuatan massal hanya untuk KPPS, PPS, PPK, KPU kab/kota dan provinsi."
        raise DomainError(AccountErrorCode.BULK_ROLE_UNSUPPORTED, message, field="role")
    if not isinstance(region, str) or (region and (not (region.isascii() and region.isdigit()) or len(region) > 10)):
        raise DomainError(ErrorCode.INVALID_REGION_CODE, "Kode wilayah tidak sah.", field="region")
    if region and not Region.objects.filter(code=region).exists():
        raise DomainError(AccountErrorCode.UNKNOWN_SCOPE, f"Kode wilayah {region} tidak dikenal.", field="region")
    units = _units(role_value, region)
    actor_role = ""
    if actor.user is not None:
        # An officer's region is small (a PPS's desa: a few dozen TPS), so each unit is checked.
        mine = assignments_of(actor.user)
        decisions = [may_provision(mine, role_value, unit) for unit in units]
        if not decisions or not all(decisions):
            raise PermissionDenied(
                ErrorCode.FORBIDDEN, "Anda tidak berwenang membuat akun ini di wilayah ini.", field="region"
            )
        actor_role = decisions[0].role.value
    outcome = BulkOutcome(role_value, region)
    try:
        with transaction.atomic():
            _create(units, role_value, outcome)
            audit_record(
                actor=actor,
                role=actor_role,
                action=AccountAuditAction.BULK_CREATE,
                object_code=region,
                summary=(
                    f"{len(outcome.created)} akun {role_value.value} dibuat di wilayah {region or 'nasional'}, "
                    f"{outcome.skipped} unit sudah memiliki akun"
                ),
            )
    except IntegrityError:  # the same units created at the same moment by another run
        raise Conflict(
            AccountErrorCode.BULK_CONFLICT, "Akun yang sama sedang dibuat oleh proses lain; coba lagi."
        ) from None
    return outcome


def _create(units: list[str], role: Role, outcome: BulkOutcome) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT scope FROM {RoleAssignment._meta.db_table} WHERE role = %s AND scope LIKE %s",  # noqa: S608
            [role.value, f"{outcome.region}%"],
        )
        taken = {scope for (scope,) in cursor.fetchall()}
        prefix = username_for(role, outcome.region)
        cursor.execute(
            f"SELECT username FROM {User._meta.db_table} WHERE username LIKE %s",  # noqa: S608
            [f"{prefix}%"],
        )
        names = {name for (name,) in cursor.fetchall()}
    fresh = [u for u in units if u not in taken and username_for(role, u) not in names]
    outcome.skipped = len(units) - len(fresh)
    if not fresh:
        return
    ids = _reserve_ids(len(fresh))
    adapt = connection.ops.adapt_datetimefield_value
    now = timezone.now()
    expires = now + timedelta(days=settings.SUARA_ONE_TIME_CODE_DAYS)
    key = digest_key()
    stamp, until = adapt(now), adapt(expires)
    users, roles, codes = [], [], []
    for user_id, unit in zip(ids, fresh, strict=True):
        username = username_for(role, unit)
        code = code_new()
        users.append((user_id, UNUSABLE, False, username, "", "", "", False, True, stamp))
        roles.append((user_id, role.value, unit, SCOPE_KIND[role].value, stamp))
        codes.append((user_id, code_digest(username, code, key), OneTimeCode.Purpose.ACTIVATION.value, stamp, until))
        outcome.created.append(IssuedCode(user_id, username, unit, code, expires))
    bulk_insert(
        User,
        ("id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active",
         "date_joined"),
        users,
    )  # fmt: skip
    bulk_insert(RoleAssignment, ("user_id", "role", "scope", "scope_kind", "created_at"), roles)
    bulk_insert(OneTimeCode, ("user_id", "digest", "purpose", "created_at", "expires_at"), codes)


def _reserve_ids(count: int) -> list[int]:
    """Ids for new users, taken before the rows are written (COPY returns none)."""
    table = User._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
            cursor.execute(sql, [table, count])
            return [i for (i,) in cursor.fetchall()]
        # SQLite: the transaction began IMMEDIATE, so it holds the write lock and nobody else takes ids.
        # The table counts ids AUTOINCREMENT: never reuse one, not even a deleted user's.
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {table}), 0), "  # noqa: S608
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def accounts_bulk_reissue(*, actor: Actor, role: str, region: str) -> BulkOutcome:
    """New activation codes for the accounts of ``role`` beneath ``region`` that were never activated (no
    password yet): a lost sheet or a lost CSV. Their previous codes stop working. One audit event."""
    try:
        role_value = Role(role)
    except ValueError:
        raise DomainError(AccountErrorCode.UNKNOWN_ROLE, "Peran tidak dikenal.", field="role") from None
    if not isinstance(region, str) or (region and (not (region.isascii() and region.isdigit()) or len(region) > 13)):
        raise DomainError(ErrorCode.INVALID_REGION_CODE, "Kode wilayah tidak sah.", field="region")
    pending = list(
        RoleAssignment.objects.filter(
            role=role_value.value, scope__startswith=region, user__password__startswith=UNUSABLE
        )
        .order_by("scope")
        .values_list("user_id", "user__username", "scope")
    )
    actor_role = ""
    if actor.user is not None:
        mine = assignments_of(actor.user)
        if not any(role_value in PROVISIONS.get(a.role, ()) and covers(a.scope, region) for a in mine):
            raise PermissionDenied(ErrorCode.FORBIDDEN, "Anda tidak berwenang atas akun-akun ini.", field="region")
        held: dict[int, list[Assignment]] = {}
        ids = [user_id for user_id, _, _ in pending]
        rows = RoleAssignment.objects.filter(user_id__in=ids).values_list("user_id", "role", "scope", "scope_kind")
        for user_id, r, scope, kind in rows:
            held.setdefault(user_id, []).append(Assignment(Role(r), scope, ScopeKind(kind)))
        # Accounts that also hold a role elsewhere are left to whoever manages all of them.
        pending = [row for row in pending if may_manage(mine, held[row[0]])]
        actor_role = next(
            a.role.value for a in mine if role_value in PROVISIONS.get(a.role, ()) and covers(a.scope, region)
        )
    if not pending:
        raise Conflict(
            AccountErrorCode.NOTHING_TO_REISSUE, "Tidak ada akun yang menunggu aktivasi di wilayah ini.", field="region"
        )
    outcome = BulkOutcome(role_value, region)
    adapt = connection.ops.adapt_datetimefield_value
    now = timezone.now()
    expires = now + timedelta(days=settings.SUARA_ONE_TIME_CODE_DAYS)
    key = digest_key()
    stamp, until = adapt(now), adapt(expires)
    rows = []
    for user_id, username, scope in pending:
        code = code_new()
        rows.append((user_id, code_digest(username, code, key), OneTimeCode.Purpose.ACTIVATION.value, stamp, until))
        outcome.created.append(IssuedCode(user_id, username, scope, code, expires))
    with transaction.atomic():
        ids = [p[0] for p in pending]
        for start in range(0, len(ids), 10_000):
            OneTimeCode.objects.filter(user_id__in=ids[start : start + 10_000]).delete()
        bulk_insert(OneTimeCode, ("user_id", "digest", "purpose", "created_at", "expires_at"), rows)
        audit_record(
            actor=actor,
            role=actor_role,
            action=AccountAuditAction.BULK_REISSUE,
            object_code=region,
            summary=f"kode aktivasi baru untuk {len(rows)} akun {role_value.value} yang belum aktif",
        )
    return outcome
