"""The inbound webhook's authentication: an SMS gateway (or the relay in front of it) signs each POST.

    X-Suara-Timestamp: <unix seconds>
    X-Suara-Signature: hex(HMAC-SHA256(SUARA_SMS_WEBHOOK_SECRET, "<timestamp>." + raw body))

and the body is JSON ``{"id": "<the gateway's message id>", "from": "+62812...", "text": "..."}``. A request
whose signature does not match is refused (401 ``sms_signature_invalid``); one whose timestamp is more than
``SUARA_SMS_WEBHOOK_WINDOW_SECONDS`` away from now too (401 ``sms_webhook_stale``), so a captured request
replayed later does nothing; within the window the gateway's message id is the replay's guard
(``messaging.services.inbound_seen``)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from django.conf import settings

from suara.core.errors import DomainError
from suara.messaging.errors import MessagingErrorCode

TIMESTAMP_HEADER = "X-Suara-Timestamp"
SIGNATURE_HEADER = "X-Suara-Signature"
MAX_TEXT = 480  # three SMS parts; a tally needs one


@dataclass(frozen=True)
class Inbound:
    gateway_id: str
    sender: str  # as the gateway wrote it; normalised by the handler
    text: str

    @property
    def text_digest(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def webhook_verify(*, body: bytes, timestamp: str | None, signature: str | None, now: float | None = None) -> Inbound:
    """The signed message, or a DomainError naming what is wrong. Checks the signature first (an unsigned
    request learns nothing of the window), then the timestamp, then the body's shape."""
    secret = settings.SUARA_SMS_WEBHOOK_SECRET
    if not secret:
        raise DomainError(MessagingErrorCode.SMS_INBOUND_DISABLED, "SMS masuk tidak diaktifkan.", status=503)
    expected = webhook_signature(secret, timestamp or "", body)
    if not signature or not hmac.compare_digest(expected, signature.strip().lower()):
        raise DomainError(MessagingErrorCode.SMS_SIGNATURE_INVALID, "Tanda tangan webhook tidak cocok.", status=401)
    now = time.time() if now is None else now
    try:
        stamp = int(timestamp or "")
    except ValueError:
        stamp = None
    if stamp is None or abs(now - stamp) > settings.SUARA_SMS_WEBHOOK_WINDOW_SECONDS:
        raise DomainError(
            MessagingErrorCode.SMS_WEBHOOK_STALE, "Waktu webhook di luar jendela yang diterima.", status=401
        )
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        data = None
    fields = (data.get("id"), data.get("from"), data.get("text")) if isinstance(data, dict) else (None,) * 3
    gateway_id, sender, text = fields
    if not (
        isinstance(gateway_id, str)
        and 0 < len(gateway_id) <= 100
        and gateway_id.isprintable()
        and isinstance(sender, str)
        and 0 < len(sender) <= 32
        and isinstance(text, str)
        and len(text) <= MAX_TEXT
    ):
        raise DomainError(
            MessagingErrorCode.SMS_WEBHOOK_INVALID,
            "Isi webhook harus JSON {id, from, text}: id 1-100 karakter, text paling panjang 480.",
        )
    return Inbound(gateway_id=gateway_id, sender=sender, text=text)
