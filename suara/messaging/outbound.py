"""The one SMS sender of Suara. ``sms_send`` hands a message to ``settings.SUARA_SMS_BACKEND``
(``messaging.backends``); ``sms_queue`` writes it to the outbox inside the caller's transaction and sends
it once that has committed, so that an SMS never tells of a change that rolled back. The party
complaints' notices (``parties/complaints/notify.py``, which keep their own outbox with their emails) and
the replies to SMS commands (``results/sms``) both send through here.

Delivery's bookkeeping (sent, failed, attempts) is not audited: the change a message tells of was.
Nothing here logs a recipient's number or a text."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from suara.messaging.models import OutboundSms

log = logging.getLogger(__name__)

SMS_MAX_CHARS = 160


def sms_send(*, to: str, body: str) -> bool:
    """Sends now: True when the backend sent it, False when it leaves it for a gateway polling the outbox.
    Raises when the backend failed (``backends.SmsNotSent``)."""
    return import_string(settings.SUARA_SMS_BACKEND)().send(to=to, body=body)


def sms_queue(*, to: str, body: str, purpose: str) -> OutboundSms:
    """One SMS in the outbox, sent once the caller's transaction commits."""
    message = OutboundSms.objects.create(to=to, body=body, purpose=purpose, created_at=timezone.now())
    transaction.on_commit(lambda: outbox_deliver([message.pk]))
    return message


def outbox_deliver(ids: list[int]) -> None:
    """Sends each pending message of ``ids``; one that fails is marked failed and counted by id."""
    for message in OutboundSms.objects.filter(pk__in=ids, status=OutboundSms.Status.PENDING):
        attempts = message.attempts + 1
        try:
            sent = sms_send(to=message.to, body=message.body)
        except Exception:  # noqa: BLE001 - a gateway down must not fail the request that queued it
            log.warning("sms %s could not be sent", message.pk)
            OutboundSms.objects.filter(pk=message.pk).update(status=OutboundSms.Status.FAILED, attempts=attempts)
            continue
        if sent:
            OutboundSms.objects.filter(pk=message.pk).update(
                status=OutboundSms.Status.SENT, sent_at=timezone.now(), attempts=attempts
            )
        else:
            OutboundSms.objects.filter(pk=message.pk).update(attempts=attempts)


def sms_forget(ids: list[int] | None = None, *, purpose: str = "", before=None) -> int:
    """Blanks the recipient's number of messages that served, for senders that keep no contact once it did
    (a rumour's reporter, ``information.notify``): each message of ``ids`` that was sent; with ``purpose``
    and ``before``, every message of that purpose written before then, whatever became of it (a message
    still pending for a polling gateway keeps its number until then). Returns how many."""
    messages = OutboundSms.objects.exclude(to="")
    if ids is not None:
        messages = messages.filter(pk__in=ids, status=OutboundSms.Status.SENT)
    elif purpose and before is not None:
        messages = messages.filter(purpose=purpose, created_at__lt=before)
    else:
        return 0
    return messages.update(to="")
