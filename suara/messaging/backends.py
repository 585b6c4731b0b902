"""Who sends an SMS: ``settings.SUARA_SMS_BACKEND`` names one of these classes, each with
``send(*, to, body) -> bool`` (True: sent; False: left for a gateway that polls the outbox; an exception:
the sending failed). ``messaging.outbound`` is the one caller.

- ``OutboxSms``: sends nothing (the message stays pending in the outbox, ``OutboundSms``).
- ``ConsoleSms``: development; logs the length and the masked number only, never the text.
- ``LocmemSms``: tests and the demo's simulated gateway; keeps each message in ``LocmemSms.sent``.
- ``HttpGatewaySms``: production; POSTs ``{"to": "62812...", "message": "..."}`` as JSON to
  ``SUARA_SMS_GATEWAY_URL`` with ``Authorization: Bearer SUARA_SMS_GATEWAY_TOKEN`` (the shape of many
  Indonesian SMS gateways and Android gateway apps; a small relay adapts any other). Any 2xx answer is
  "sent"; anything else, or no answer within ``SUARA_SMS_GATEWAY_TIMEOUT`` seconds, raises ``SmsNotSent``.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings

from suara.core import caches
from suara.core.phones import phone_masked

log = logging.getLogger(__name__)


class SmsNotSent(Exception):
    """The gateway refused the message or did not answer (the message names no recipient, no text)."""


class OutboxSms:
    def send(self, *, to: str, body: str) -> bool:
        return False


class ConsoleSms:
    def send(self, *, to: str, body: str) -> bool:
        log.info("sms to %s marked sent (console backend, %d characters)", phone_masked(to), len(body))
        return True


@dataclass(frozen=True)
class SentSms:
    to: str
    body: str


class LocmemSms:
    sent: ClassVar[list[SentSms]] = []

    def send(self, *, to: str, body: str) -> bool:
        LocmemSms.sent.append(SentSms(to=to, body=body))
        return True


caches.register("messaging.locmem_sms", LocmemSms.sent.clear)  # emptied before each test, like mail.outbox


class HttpGatewaySms:
    def send(self, *, to: str, body: str) -> bool:
        if not settings.SUARA_SMS_GATEWAY_URL:
            raise SmsNotSent("SUARA_SMS_GATEWAY_URL is not set")
        request = urllib.request.Request(  # noqa: S310 - the operator's configured gateway (http or https)
            settings.SUARA_SMS_GATEWAY_URL,
            data=json.dumps({"to": to, "message": body}).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SUARA_SMS_GATEWAY_TOKEN}",
                "User-Agent": "Suara-SMS/1",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SUARA_SMS_GATEWAY_TIMEOUT) as answer:  # noqa: S310
                status = answer.status
        except urllib.error.HTTPError as exc:
            raise SmsNotSent(f"gateway answered {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsNotSent(f"gateway unreachable: {type(exc).__name__}") from None
        if not 200 <= status < 300:
            raise SmsNotSent(f"gateway answered {status}")
        return True
