"""The citizen is told of every change of their complaint: by email when they gave an address, by SMS when
they gave a phone number (both when both).

``notifications_queue`` writes one ``Notification`` per channel inside the service's transaction (the
outbox) and, once it has committed, delivers them: an email through Django's email backend
(``EMAIL_BACKEND``, SMTP in production), an SMS through Suara's one SMS sender
(``messaging.outbound.sms_send``, whose backend ``SUARA_SMS_BACKEND`` names). A backend that leaves the SMS
for a gateway to poll (``messaging.backends.OutboxSms``, production's default) leaves the notification
pending here (``Notification.objects.filter(channel="sms", status="pending")``).

A message names the case code, the new state and the status page, nothing else: not the party, the NIK or
the name (an SMS or an email may be read by others). Nothing here logs a recipient or a body. Delivery's
bookkeeping (sent, failed) is not audited: the change it tells of was.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from suara.messaging.outbound import sms_send
from suara.parties.models import Complaint, Notification

log = logging.getLogger(__name__)

SUBJECT = "Aduan {code}: {state}"
BODY = (
    "Aduan Anda dengan kode {code} kini berstatus: {state}.{extra} Ikuti perkembangannya di {url} "
    "(kode aduan: {code}). Pesan ini dikirim otomatis oleh Suara."
)


def status_url(code: str) -> str:
    """The case's public status page, absolute when ``SUARA_PUBLIC_URL`` says where the site is."""
    return f"{settings.SUARA_PUBLIC_URL.rstrip('/')}/partai/aduan/{code}/"


def notifications_queue(complaint: Complaint, *, extra: str = "") -> list[Notification]:
    """One notification per contact the citizen gave, written now (inside the caller's transaction) and
    delivered once it commits."""
    state = Complaint.State(complaint.state).label
    words = {
        "code": complaint.code,
        "state": state,
        "extra": f" {extra}" if extra else "",
        "url": status_url(complaint.code),
    }
    now = timezone.now()
    made = []
    for channel, recipient in (
        (Notification.Channel.EMAIL, complaint.contact_email),
        (Notification.Channel.SMS, complaint.contact_phone),
    ):
        if recipient:
            made.append(
                Notification.objects.create(
                    complaint=complaint,
                    channel=channel,
                    recipient=recipient,
                    subject=SUBJECT.format(**words)[:200],
                    body=BODY.format(**words),
                    created_at=now,
                )
            )
    ids = [n.pk for n in made]
    transaction.on_commit(lambda: notifications_deliver(ids))
    return made


def notifications_deliver(ids: list[int]) -> None:
    """Sends each pending notification of ``ids``; one that fails stays failed (and is counted, not logged
    with its recipient)."""
    for notification in Notification.objects.filter(pk__in=ids, status=Notification.Status.PENDING):
        try:
            if notification.channel == Notification.Channel.EMAIL:
                send_mail(notification.subject, notification.body, None, [notification.recipient])
                sent = True
            else:
                sent = sms_send(to=notification.recipient, body=notification.body)
        except Exception:  # noqa: BLE001 - a mail server down must not fail the citizen's request
            log.warning("notification %s could not be delivered", notification.pk)
            Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.FAILED)
            continue
        if sent:
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.SENT, sent_at=timezone.now()
            )
