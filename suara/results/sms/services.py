"""A KPPS's tally by SMS: the inbound message from the gateway, authenticated, checked and stored through
the same service as the app's (``entry.services.result_submit``, channel SMS, no photos), answered by a
reply SMS (``messaging.outbound``) and an HTTP status for the gateway.

Who may: the sending phone is the registered phone (``accounts.User.phone``) of a KPPS account of the
TPS the SMS names, and the check code is the HMAC of the message under the TPS's PIN or an unused code of
its card (``messaging.services.sms_check_verify``). A message that fails any of it is refused whole:
nothing is stored but the reply. Where replying is safe, that is where the phone is registered, the reply
names the refusal; an unknown phone gets no SMS (the gateway would otherwise answer anyone who spoofs
a number) and neither does a phone past its hourly limit (``SUARA_SMS_PHONE_RATE``).

Replays count once: the submission id is derived from the message's content (not its check code), so a
resend, a gateway's retry or the same tally with a card code instead of the app's is the stored
submission, answered with the same receipt; the gateway's message id already acted on gets the stored
answer without a second reply.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from suara.accounts.authz import authorize
from suara.accounts.roles import Action
from suara.accounts.selectors import users_by_phone
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.phones import phone_normalise
from suara.core.ratelimit import rate_check
from suara.core.region_codes import codes_above
from suara.elections.models import Contest
from suara.messaging import services as messaging
from suara.messaging.outbound import sms_queue
from suara.messaging.webhook import Inbound
from suara.results.entry.services import contest_for_entry, result_submit
from suara.results.errors import ResultErrorCode
from suara.results.models import ResultVersion
from suara.results.schemas import receipt_out
from suara.results.sms import replies
from suara.results.sms.format import CONTESTS, Refused, SmsTally, sms_parse, tally_from

PURPOSE = "sms_reply"


@dataclass(frozen=True)
class SmsAnswer:
    """What the gateway is answered: the HTTP status, a code, and the reply SMS queued (None: none sent)."""

    status: int
    code: str  # the refusal's code; for an accepted message its outcome: "accepted", "replay", "already_handled"
    message: str
    reply: str | None = None
    receipt: str = ""

    def as_dict(self) -> dict:
        if self.status < 300:
            return {"outcome": self.code, "message": self.message, "reply": self.reply, "receipt": self.receipt}
        return {"code": self.code, "message": self.message, "reply": self.reply}


def receipt_code(version: ResultVersion) -> str:
    """The code the reply SMS confirms a stored version with (``XXXX-XXXX``): the short code of the version's
    signed receipt (``results.signing``), the same the app shows and the receipt page names."""
    return receipt_out(version, photos=[])["code"]


def contest_for_sms(contest_code: str, tps: str) -> Contest | None:
    """The latest election's contest of the short code's ballot whose area holds the TPS."""
    return (
        Contest.objects.filter(ballot_type=CONTESTS[contest_code], region_code__in=["", *codes_above(tps)])
        .select_related("election")
        .order_by("-election__voting_day", "-region_code")
        .first()
    )


def _reply(phone: str, body: str) -> str:
    with transaction.atomic():
        sms_queue(to=phone, body=body, purpose=PURPOSE)
    return body


def _refused(phone: str, status: int, code: str, message: str, *, rule: str = "", reply: bool = True) -> SmsAnswer:
    body = _reply(phone, replies.reply_refused(code=code, message=message, rule=rule)) if reply else None
    return SmsAnswer(status=status, code=code, message=message, reply=body)


def sms_tally_receive(*, inbound: Inbound) -> SmsAnswer:
    """Acts on one signed inbound message (``messaging.webhook.webhook_verify`` has checked the gateway)."""
    phone = phone_normalise(inbound.sender)
    if phone is None:
        return SmsAnswer(403, ResultErrorCode.SMS_PHONE_UNREGISTERED, "Nomor pengirim bukan nomor seluler Indonesia.")
    rate_check(f"sms:{phone}", settings.SUARA_SMS_PHONE_RATE, period=3600)
    seen = messaging.inbound_seen(gateway_id=inbound.gateway_id, sender=phone, text_digest=inbound.text_digest)
    if seen is not None:
        return SmsAnswer(200, "already_handled", "Pesan ini sudah diproses.", seen.reply, seen.reference)
    users = users_by_phone(phone)
    if not users:
        return SmsAnswer(403, ResultErrorCode.SMS_PHONE_UNREGISTERED, "Nomor pengirim tidak terdaftar di Suara.")
    parsed = sms_parse(inbound.text)
    if isinstance(parsed, Refused):
        return _refused(phone, 422, parsed.code, parsed.message)
    contest = contest_for_sms(parsed.contest_code, parsed.tps)
    if contest is None:
        return _refused(
            phone, 422, ResultErrorCode.SMS_UNKNOWN_CONTEST, f"Tidak ada {parsed.contest_code} di TPS {parsed.tps}."
        )
    user = next((u for u in users if authorize(u, Action.SUBMIT_RESULT, parsed.tps)), None)
    if user is None:
        return _refused(phone, 403, ResultErrorCode.SMS_NOT_YOUR_TPS, f"Nomor ini bukan nomor KPPS TPS {parsed.tps}.")
    _, ballots = contest_for_entry(contest.slug)
    tally = tally_from(parsed.numbers, ballots)
    if isinstance(tally, Refused):
        return _refused(phone, 422, tally.code, tally.message, rule=tally.rule)
    return _submit(phone=phone, inbound=inbound, parsed=parsed, contest=contest, user=user, tally=tally)


def _submit(*, phone: str, inbound: Inbound, parsed: SmsTally, contest: Contest, user, tally: dict) -> SmsAnswer:
    content = hashlib.sha256(f"{contest.slug}|{parsed.canonical}".encode()).hexdigest()
    try:
        checked = messaging.sms_check_verify(
            tps=parsed.tps, canonical=parsed.canonical, code=parsed.check, message_digest=content
        )
        with transaction.atomic():
            outcome = result_submit(
                actor=Actor.of(user),
                contest=contest.slug,
                tps=parsed.tps,
                tally=tally,
                photos=[],
                submission_id=f"sms-{content[:40]}",
                channel=ResultVersion.Channel.SMS,
            )
            messaging.sms_card_use(checked=checked, message_digest=content)
            receipt = receipt_code(outcome.version)
            body = replies.reply_accepted(
                contest_code=parsed.contest_code, tps=parsed.tps, receipt=receipt, replay=not outcome.created
            )
            messaging.inbound_record(
                gateway_id=inbound.gateway_id,
                sender=phone,
                text_digest=inbound.text_digest,
                outcome="accepted" if outcome.created else "replay",
                reference=receipt,
                reply=body,
            )
            sms_queue(to=phone, body=body, purpose=PURPOSE)
    except DomainError as exc:
        if exc.code == ResultErrorCode.RULES_BROKEN and exc.details:
            body = _reply(
                phone,
                replies.reply_broken_rules(contest_code=parsed.contest_code, tps=parsed.tps, breaches=exc.details),
            )
            return SmsAnswer(exc.status, exc.code, exc.message, body)
        return _refused(phone, exc.status, exc.code, exc.message)
    except IntegrityError:  # the gateway posted the same message twice at once: the other one answers
        return SmsAnswer(409, ResultErrorCode.SMS_IN_PROGRESS, "Pesan yang sama sedang diproses.")
    message = "Hasil diterima." if outcome.created else "Hasil ini sudah tersimpan; tidak dihitung dua kali."
    return SmsAnswer(
        201 if outcome.created else 200, "accepted" if outcome.created else "replay", message, body, receipt
    )
