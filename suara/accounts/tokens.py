"""API tokens: issue, revoke, authenticate. Only a token's SHA-256 is stored; the token itself is shown
once, when issued. Integrator accounts get the integrator rate by default, other accounts a generous one."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from suara.accounts.audit_actions import AccountAuditAction
from suara.accounts.authz import assignments_known, assignments_subquery
from suara.accounts.errors import AccountErrorCode
from suara.accounts.models import ApiToken, User
from suara.accounts.roles import Role
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import caches
from suara.core.db import prepared_fetchone, unflushed_commit
from suara.core.errors import Conflict, DomainError, PermissionDenied

TOKEN_PREFIX = "suara_"  # noqa: S105 (not a secret: the mark every token starts with)
PREFIX_LENGTH = 12
# Tokens are "suara_" + 43 URL-safe characters; anything much longer is not ours and is not hashed.
MAX_TOKEN_LENGTH = 100
OPERATOR_DEFAULT_RATE = 6000
MAX_RATE = 1_000_000
# last_used_at is a hint for operators, not a log: one write a minute per token at most.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# A process keeps the tokens it has seen valid for SUARA_TOKEN_CACHE_SECONDS, so a busy integrator's
# requests do not each read the token; a revocation reaches the other processes within that time.
_recent: dict[str, tuple[float, tuple]] = {}
_RECENT_MAX = 10_000


def token_cache_clear() -> None:
    _recent.clear()


caches.register("accounts.tokens", token_cache_clear)


def token_cache_forget_user(user_id: int) -> None:
    """Drops this process's kept tokens of one account (suspended, or its tokens revoked): it stops here at
    once; other processes re-read a kept token within SUARA_TOKEN_CACHE_SECONDS, and a suspended account's
    token then fails the lookup, which requires an active user."""
    for digest, (_, row) in list(_recent.items()):
        if row[1] == user_id:
            _recent.pop(digest, None)


def token_digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def default_rate(user: User) -> int:
    if user.assignments.filter(role=Role.INTEGRATOR.value).exists():
        return settings.SUARA_INTEGRATOR_DEFAULT_RATE
    return OPERATOR_DEFAULT_RATE


def token_issue(*, user: User, name: str, rate_per_minute: int | None = None, actor: Actor) -> tuple[ApiToken, str]:
    """Issues a token for ``user``; returns it with its plaintext, which is not kept anywhere."""
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise DomainError(
            AccountErrorCode.INVALID_TOKEN_NAME, "Nama token wajib diisi, paling banyak 100 huruf.", field="name"
        )
    if rate_per_minute is None:
        rate_per_minute = default_rate(user)
    if not 1 <= rate_per_minute <= MAX_RATE:
        raise DomainError(
            AccountErrorCode.INVALID_RATE,
            f"Batas permintaan harus antara 1 dan {MAX_RATE} per menit.",
            field="rate_per_minute",
        )
    if not user.is_active:
        raise Conflict(
            AccountErrorCode.USER_INACTIVE, "Akun ini tidak aktif; token tidak dapat diterbitkan.", field="user"
        )
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with service_transaction():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=plaintext[:PREFIX_LENGTH],
            digest=token_digest(plaintext),
            rate_per_minute=rate_per_minute,
        )
        audit_record(
            actor=actor,
            action=AccountAuditAction.TOKEN_ISSUE,
            summary=f"token #{token.pk} diterbitkan untuk akun #{user.pk}, batas {rate_per_minute}/menit",
        )
    return token, plaintext


def token_revoke(*, token: ApiToken, actor: Actor) -> None:
    """Revokes a token for good. Revoking one already revoked is refused, so the log says it once."""
    with service_transaction():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if not revoked:
            raise Conflict(AccountErrorCode.TOKEN_ALREADY_REVOKED, "Token ini sudah dicabut.", field="token")
        for digest, (_, row) in list(_recent.items()):
            if row[0] == token.pk:  # this process stops at once; the others within the cache's time
                _recent.pop(digest, None)
        audit_record(
            actor=actor,
            action=AccountAuditAction.TOKEN_REVOKE,
            summary=f"token #{token.pk} milik akun #{token.user_id} dicabut",
        )
    token.refresh_from_db(fields=["revoked_at"])


def token_authenticate(plaintext: str) -> ApiToken | None:
    """The live token with this text (its user loaded), or None: unknown, revoked, or its user inactive.

    Every API request with a token passes here, so it is plain statements rather than ORM queries: the
    token with the few columns of it and its user that requests use (the rest load on first access), and
    the "last used" hint, written at most once a minute per token; on PostgreSQL both in one statement
    that also reads the user's role assignments (a KPPS's token is used for one submission or two, so
    each is read from the database). A token found valid is kept for ``SUARA_TOKEN_CACHE_SECONDS``; only
    valid ones are kept, so guesses cannot fill the memory."""
    if not plaintext.startswith(TOKEN_PREFIX) or len(plaintext) > MAX_TOKEN_LENGTH or not plaintext.isascii():
        return None
    digest = token_digest(plaintext)
    keep = settings.SUARA_TOKEN_CACHE_SECONDS
    now = time.monotonic()
    seen = _recent.get(digest)
    assignments = None
    if seen is not None and now - seen[0] < keep:
        row = seen[1]
    else:
        found = _live_token_row(digest)
        if found is None:
            return None
        row, assignments = found
        if keep:
            if len(_recent) >= _RECENT_MAX:
                _recent.clear()
            _recent[digest] = (now, row)
    token_id, user_id, rate, digest, username, is_active = row
    token = _partial(ApiToken, {"id": token_id, "user_id": user_id, "rate_per_minute": rate, "digest": digest})
    token.user = _partial(User, {"id": user_id, "username": username, "is_active": is_active})
    if assignments is not None:
        assignments_known(token.user, assignments)
    return token


def _live_token_row(digest: str) -> tuple[tuple, list | None] | None:
    """(id, user id, rate, digest, username, is_active) of the live token with this digest, its "last used"
    hint refreshed, with its user's role assignments where they came in the same statement; None when
    there is none."""
    tokens, users = ApiToken._meta.db_table, User._meta.db_table
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    # Looking up by digest leaks nothing through timing (a guess cannot steer its hash); compare_digest
    # re-checks the row found in constant time.
    live = (
        f"SELECT t.id, t.user_id, t.rate_per_minute, t.digest, u.username, u.is_active "  # noqa: S608
        f"FROM {tokens} t JOIN {users} u ON u.id = t.user_id WHERE t.digest = %s AND t.revoked_at IS NULL"
    )

    def touch(token_id: str) -> str:
        return (
            f"UPDATE {tokens} SET last_used_at = %s WHERE id = {token_id} "  # noqa: S608
            "AND (last_used_at IS NULL OR last_used_at < %s)"
        )

    if connection.vendor == "postgresql":
        unflushed = unflushed_commit()
        row = prepared_fetchone(
            f"WITH live AS ({live}), touched AS ({touch('(SELECT id FROM live WHERE is_active)')}) "  # noqa: S608
            f"SELECT live.*, {assignments_subquery('live.user_id')} "
            f"FROM live{f', {unflushed}' if unflushed else ''}",
            [digest, adapt(now), adapt(now - LAST_USED_RESOLUTION)],
        )
        if row is None or not hmac.compare_digest(row[3], digest) or not row[5]:
            return None
        return tuple(row[:6]), row[6]
    with connection.cursor() as cursor:
        cursor.execute(live, [digest])
        row = cursor.fetchone()
        if row is None or not hmac.compare_digest(row[3], digest) or not row[5]:
            return None
        cursor.execute(touch("%s"), [adapt(now), row[0], adapt(now - LAST_USED_RESOLUTION)])
    return tuple(row), None


def _partial(model, values: dict):
    """An instance loaded with some of its columns; the others load on first access (Django's deferred
    fields). ``from_db`` takes the values in the model's field order."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


# A KPPS's phone gets a token of its own for the field app (/petugas/aplikasi/): named by this prefix and
# the label the device gave itself, so an officer and their managers tell the devices apart and revoke one.
DEVICE_TOKEN_PREFIX = "Perangkat: "  # noqa: S105 (a name, not a secret)
DEVICE_LABEL_MAX = 60


def device_token_issue(*, actor: Actor, label: str) -> tuple[ApiToken, str]:
    """A token for the signed-in KPPS's device, named after its ``label``; returns it with its plaintext,
    which the app keeps on the device. Asking again with the same label (the app's storage was wiped, or
    it signed in again) revokes that label's former token in the same transaction, so a device holds one
    live token; revoked like any other token (``token_revoke``, or all of the account's)."""
    user = actor.officer()
    label = " ".join(str(label).split())
    if not label or len(label) > DEVICE_LABEL_MAX or not label.isprintable():
        raise DomainError(
            AccountErrorCode.INVALID_DEVICE_LABEL,
            f"Nama perangkat wajib diisi, paling banyak {DEVICE_LABEL_MAX} huruf.",
            field="label",
        )
    if not user.assignments.filter(role=Role.KPPS.value).exists():
        raise PermissionDenied(AccountErrorCode.DEVICE_NOT_ALLOWED, "Aplikasi lapangan hanya untuk KPPS.", field="user")
    if not user.is_active:
        raise Conflict(
            AccountErrorCode.USER_INACTIVE, "Akun ini tidak aktif; token tidak dapat diterbitkan.", field="user"
        )
    name = DEVICE_TOKEN_PREFIX + label
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with service_transaction():
        former = list(
            ApiToken.objects.select_for_update()
            .filter(user=user, name=name, revoked_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if former:
            ApiToken.objects.filter(pk__in=former).update(revoked_at=now)
            for digest, (_, row) in list(_recent.items()):
                if row[0] in former:
                    _recent.pop(digest, None)
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=plaintext[:PREFIX_LENGTH],
            digest=token_digest(plaintext),
            rate_per_minute=default_rate(user),
        )
        replaced = f", menggantikan token #{', #'.join(map(str, former))}" if former else ""
        audit_record(
            actor=actor,
            action=AccountAuditAction.DEVICE_TOKEN_ISSUE,
            summary=f"token perangkat #{token.pk} ({token.prefix}…) diterbitkan untuk akun #{user.pk}{replaced}",
        )
    return token, plaintext
