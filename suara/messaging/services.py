"""Writes of SMS: a TPS's check-code key and card issued to its KPPS chair (one transaction, one audit
event), and what an inbound command's handler writes inside its own transaction (a card code used, the
message recorded as acted on). Reads: the check code verified, a message already acted on."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.models import User
from suara.accounts.roles import Action, may_manage
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.errors import Conflict, DomainError, ErrorCode, PermissionDenied
from suara.messaging import checkcode
from suara.messaging.audit_actions import MessagingAuditAction
from suara.messaging.errors import MessagingErrorCode
from suara.messaging.models import InboundSms, SmsCardCode, SmsKey


@dataclass(frozen=True)
class IssuedKey:
    """What the chair is shown once: the PIN for the app and the card's codes in order."""

    tps: str
    pin: str
    card: list[str]
    key: SmsKey


def sms_key_issue(
    *,
    actor: Actor,
    user: User,
    tps: str,
    card_size: int = checkcode.CARD_SIZE,
    demo_pin: str | None = None,
    demo_card: list[str] | None = None,
) -> IssuedKey:
    """Issues the TPS's PIN and a card of one-time codes to ``user``, the KPPS (chair) of ``tps``, revoking
    any earlier key of the TPS and its card. The chair themselves, an officer who manages their account, or
    a command. The PIN and the codes are returned once and never stored. ``demo_pin``/``demo_card``: the
    demo's published values (``results/demo.py``), for a named actor only; otherwise they are drawn."""
    if (demo_pin is not None or demo_card is not None) and actor.user is not None:
        raise TypeError("a chosen PIN or card is for the demo's command only")
    if not authorize(user, Action.SUBMIT_RESULT, tps):
        raise PermissionDenied(ErrorCode.FORBIDDEN, f"Akun ini bukan KPPS TPS {tps}.", field="user")
    actor_role = ""
    if actor.user is not None and actor.user.pk != user.pk:
        decision = may_manage(assignments_of(actor.user), assignments_of(user))
        if not decision:
            raise PermissionDenied(ErrorCode.FORBIDDEN, f"Anda tidak berwenang: {decision.reason}.", field="user")
        actor_role = decision.role.value
    elif actor.user is not None:
        actor_role = authorize(user, Action.SUBMIT_RESULT, tps).role.value
    pin = demo_pin or checkcode.pin_new()
    card = demo_card or checkcode.card_codes(card_size)
    card_size = len(card)
    now = timezone.now()
    with transaction.atomic():
        revoked = SmsKey.objects.filter(scope=tps, revoked_at__isnull=True).update(revoked_at=now)
        key = SmsKey.objects.create(
            scope=tps,
            user=user,
            wrapped_key=checkcode.wrap(settings.SECRET_KEY, tps, checkcode.pin_key(tps, pin)),
            issued_at=now,
        )
        SmsCardCode.objects.bulk_create(
            SmsCardCode(key=key, number=n, digest=checkcode.card_digest(settings.SECRET_KEY, tps, code))
            for n, code in enumerate(card, start=1)
        )
        audit_record(
            actor=actor,
            role=actor_role,
            action=MessagingAuditAction.SMS_KEY_ISSUE,
            object_code=tps,
            summary=f"PIN SMS dan kartu {card_size} kode untuk {user.username}"
            + (f"; {revoked} kunci lama dicabut" if revoked else ""),
        )
    return IssuedKey(tps=tps, pin=pin, card=card, key=key)


def sms_key_live(tps: str) -> SmsKey | None:
    return SmsKey.objects.filter(scope=tps, revoked_at__isnull=True).first()


@dataclass(frozen=True)
class Checked:
    """How a message's check code was good: by the app's PIN (``card`` None) or by a card's code."""

    card: SmsCardCode | None


def _invalid() -> DomainError:
    return PermissionDenied(
        MessagingErrorCode.SMS_CHECK_CODE_INVALID,
        "Kode cek salah: hitung dengan aplikasi, atau pakai kode kartu yang belum dipakai.",
        field="check",
    )


def sms_check_verify(*, tps: str, canonical: str, code: str, message_digest: str) -> Checked:
    """Whether ``code`` is the check code of ``canonical`` for the TPS: the HMAC of its PIN, or a code of its
    card not yet used (or used by this very message: a resend). Reads only; ``sms_card_use`` spends it."""
    key = sms_key_live(tps)
    if key is None:
        raise PermissionDenied(
            MessagingErrorCode.SMS_KEY_MISSING, f"TPS {tps} belum punya PIN SMS dari ketua KPPS.", field="check"
        )
    if checkcode.check_code_matches(checkcode.unwrap(settings.SECRET_KEY, tps, key.wrapped_key), canonical, code):
        return Checked(card=None)
    card = (
        SmsCardCode.objects.filter(key=key, digest=checkcode.card_digest(settings.SECRET_KEY, tps, code))
        .filter(Q(used_at__isnull=True) | Q(used_for=message_digest))
        .first()
    )
    if card is None:
        raise _invalid()
    return Checked(card=card)


def sms_card_use(*, checked: Checked, message_digest: str) -> None:
    """Spends the card's code on this message, inside the caller's transaction; a code another message
    spent meanwhile refuses it (and the caller's transaction rolls back)."""
    if checked.card is None:
        return
    spent = (
        SmsCardCode.objects.filter(pk=checked.card.pk)
        .filter(Q(used_at__isnull=True) | Q(used_for=message_digest))
        .update(used_at=timezone.now(), used_for=message_digest)
    )
    if not spent:
        raise _invalid()


def inbound_seen(*, gateway_id: str, sender: str, text_digest: str) -> InboundSms | None:
    """The message already acted on under this gateway id (a gateway's retry), or None; another message
    under the same id is refused."""
    seen = InboundSms.objects.filter(gateway_id=gateway_id).first()
    if seen is not None and (seen.sender != sender or seen.body_digest != text_digest):
        raise Conflict(
            MessagingErrorCode.SMS_MESSAGE_ID_REUSED, "ID pesan gateway ini sudah dipakai pesan lain.", field="id"
        )
    return seen


def inbound_record(*, gateway_id: str, sender: str, text_digest: str, outcome: str, reference: str, reply: str) -> None:
    """Records the message as acted on, inside the caller's transaction."""
    InboundSms.objects.create(
        gateway_id=gateway_id,
        sender=sender,
        body_digest=text_digest,
        received_at=timezone.now(),
        outcome=outcome,
        reference=reference,
        reply=reply,
    )
