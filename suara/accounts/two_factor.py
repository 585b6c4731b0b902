"""Two-factor sign-in: a TOTP authenticator app (django-otp) plus ten single-use backup codes.

Required for every role that may approve corrections, lock recaps, manage accounts or watch party
membership (the roles ``roles.ALLOWED`` gives those actions); optional for everyone else, KPPS included: whoever has a
confirmed device is asked for a code at every sign-in. The sign-in view (``portal.views_accounts``)
and the second step (``portal.views_otp``) use these functions; a session is made only after both.

Backup codes are stored as a keyed hash (django-otp's static tokens hold whatever they are given), so a
copy of the database does not hand out second factors.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from suara.accounts.audit_actions import AccountAuditAction
from suara.accounts.errors import AccountErrorCode
from suara.accounts.models import User
from suara.accounts.roles import ALLOWED, Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.errors import Conflict, DomainError

# Watching party membership reads watchlists of people's NIKs and names and which party lists them, and a
# health record is specific personal data (UU PDP 27/2022): guarded like the decisions.
TWO_FACTOR_ACTIONS = (
    Action.APPROVE_CORRECTION,
    Action.LOCK_RECAP,
    Action.MANAGE_USERS,
    Action.WATCH_MEMBERSHIP,
    Action.VIEW_HEALTH,
)
TWO_FACTOR_ROLES = frozenset().union(*(ALLOWED[action] for action in TWO_FACTOR_ACTIONS))
BACKUP_CODES = 10
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread from paper
BACKUP_CODE_LENGTH = 10
DEVICE_NAME = "aplikasi autentikator"
BACKUP_DEVICE_NAME = "kode cadangan"


def two_factor_required(user: User) -> bool:
    """Whether the user's roles require a second factor."""
    return user.assignments.filter(role__in=[role.value for role in TWO_FACTOR_ROLES]).exists()


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_step_needed(user: User) -> bool:
    """Whether signing in takes a code: the role requires one, or the user chose to have one."""
    return confirmed_device(user) is not None or two_factor_required(user)


def totp_secret(device: TOTPDevice) -> str:
    """The device's key as the authenticator apps take it typed in: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_enrol_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device, made on first call (kept until confirmed, so reloading the page
    shows the same secret). Refused while the user has a confirmed one: a second device would let the
    holder of a password alone replace the factor; a supervisor resets it (``two_factor_reset``)."""
    if confirmed_device(user) is not None:
        raise Conflict(AccountErrorCode.TWO_FACTOR_ENROLLED, "Verifikasi dua langkah sudah aktif untuk akun ini.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def backup_code_digest(code: str) -> str:
    """The stored form of a backup code: a keyed hash of it, as typed without spaces or dashes."""
    normalized = "".join(code.lower().split()).replace("-", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"otp-backup:{normalized}".encode(), hashlib.sha256).hexdigest()[:16]


def _new_backup_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH)) for _ in range(BACKUP_CODES)
    ]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=backup_code_digest(c)) for c in codes])
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def totp_enrol_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirms the user's pending device with a code from the app; returns it with ten new backup codes
    (shown once). A wrong code is refused and changes nothing but the device's throttle."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise Conflict(
            AccountErrorCode.TWO_FACTOR_NOT_STARTED, "Mulai lagi dari halaman pengaktifan verifikasi dua langkah."
        )
    if not _code_shape_ok(code, digits=True) or not device.verify_token(code.strip()):
        raise DomainError(
            AccountErrorCode.INVALID_OTP,
            "Kode tidak cocok. Masukkan 6 angka yang sedang tampil di aplikasi.",
            field="code",
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        audit_record(
            actor=Actor.of(user),
            action=AccountAuditAction.TWO_FACTOR_ENROL,
            summary=f"verifikasi dua langkah diaktifkan untuk akun #{user.pk}",
        )
    return device, codes


def two_factor_verify(*, user: User, code: str):
    """The device that accepts ``code`` (six digits from the app, or a backup code, used up), or None.
    Each device throttles its own failures (django-otp), on top of the sign-in lockout."""
    code = code.strip()
    if _code_shape_ok(code, digits=True):
        device = confirmed_device(user)
        with transaction.atomic():
            if device is not None and device.verify_token(code):
                return device
        return None
    if _code_shape_ok(code, digits=False):
        with transaction.atomic():
            for device in StaticDevice.objects.filter(user=user, confirmed=True).select_for_update():
                if device.verify_token(backup_code_digest(code)):
                    return device
    return None


def _code_shape_ok(code: object, *, digits: bool) -> bool:
    if not isinstance(code, str):
        return False
    code = code.strip()
    if digits:
        return len(code) == 6 and code.isascii() and code.isdigit()
    compact = "".join(code.lower().split()).replace("-", "")
    return len(compact) == BACKUP_CODE_LENGTH and all(ch in BACKUP_CODE_ALPHABET for ch in compact)


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_provision(*, user: User, actor: Actor) -> tuple[str, list[str]]:
    """Gives the account a new confirmed authenticator whose key is handed over out of band, and new
    backup codes; returns (the key as typed into an app, the codes). Replaces any earlier devices. For
    ``suara demo``, which prints them, so a demo's officers can sign in without an enrolment."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        codes = _new_backup_codes(user)
        audit_record(
            actor=actor,
            action=AccountAuditAction.TWO_FACTOR_PROVISION,
            summary=f"verifikasi dua langkah akun #{user.pk} disiapkan",
        )
    return totp_secret(device), codes


def two_factor_reset(*, user: User, actor: Actor) -> None:
    """Removes the user's devices and backup codes (a lost phone); the next sign-in enrols anew."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
        if not removed:
            raise Conflict(
                AccountErrorCode.TWO_FACTOR_NOT_ENROLLED, "Akun ini belum mengaktifkan verifikasi dua langkah."
            )
        audit_record(
            actor=actor,
            action=AccountAuditAction.TWO_FACTOR_RESET,
            summary=f"verifikasi dua langkah akun #{user.pk} diatur ulang",
        )
