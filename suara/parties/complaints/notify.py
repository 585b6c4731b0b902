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

The KPU kab/kota's handlers are reminded of a case past its service level (``reminder_queue``): one e-mail
to each handler's address, once the reminder is committed, naming the case code, its state, when it was
due and the officers' page of the case; a send that fails is logged by the case's step id only and not
retried (the case stays marked overdue on the handlers' list).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from suara.messaging.outbound import sms_send
from suara.parties.models import Complaint, ComplaintStep, Notification

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
    with translation.override(settings.LANGUAGE_CODE):  # the messages are Indonesian, as the site's default
        state = str(Complaint.State(complaint.state).label)
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


REMINDER_SUBJECT = "Aduan {code} melewati batas waktu: {state}"
REMINDER_BODY = (
    'Aduan keanggotaan partai dengan kode {code} berstatus "{state}" sejak {since} WIB dan melewati batas '
    "waktu layanannya ({due} WIB). Tangani aduan ini di {url}. Pesan ini dikirim otomatis oleh Suara, sekali "
    "untuk setiap status yang terlambat."
)


def _wib(moment) -> str:
    from zoneinfo import ZoneInfo

    return timezone.localtime(moment, ZoneInfo("Asia/Jakarta")).strftime("%d-%m-%Y %H.%M")


def reminder_queue(step: ComplaintStep, addresses: list[str]) -> None:
    """Delivers, once the caller's transaction commits, the reminder of ``step`` (its complaint's current
    state, overdue) to each address: one message each, so no handler sees another's address."""
    complaint = step.complaint
    with translation.override(settings.LANGUAGE_CODE):
        state = str(Complaint.State(step.state).label)
    officers_url = reverse("parties_officers:complaint_detail", args=[complaint.code])
    words = {
        "code": complaint.code,
        "state": state,
        "since": _wib(step.at),
        "due": _wib(complaint.due_at) if complaint.due_at else "-",
        "url": f"{settings.SUARA_PUBLIC_URL.rstrip('/')}{officers_url}",
    }
    subject, body = REMINDER_SUBJECT.format(**words)[:200], REMINDER_BODY.format(**words)
    messages = [(subject, body, None, [address]) for address in addresses]
    if messages:
        transaction.on_commit(lambda: _reminder_deliver(step.pk, messages))


def _reminder_deliver(step_id: int, messages: list[tuple]) -> None:
    try:
        send_mass_mail(messages)
    except Exception:  # noqa: BLE001 - a mail server down must not fail the scheduler's check
        log.warning("complaint reminder of step %s could not be delivered", step_id)
