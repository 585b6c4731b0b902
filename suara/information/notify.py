"""A reporter who left a contact is told once, when the clarification of their rumour's group is published
(``clarification_publish``) or when their group is linked to one published already (``rumour_link``);
then the contact is erased.

``reporters_notify`` runs inside the service's transaction: it takes the group's reports that still hold a
contact and were not told yet (locked, so two services at once cannot both take a report) and marks them
told. A phone number goes to Suara's one SMS sender (``messaging.outbound.sms_queue``: the outbox, sent
once the transaction commits) and is erased here at once; the outbox blanks it too once the SMS is sent
(``sms_forget``; a message left pending for a polling gateway keeps it until the retention below). An
e-mail address is kept until the transaction has committed, then the message goes through Django's e-mail
backend (one message per address: no reporter sees another) and the address is erased, sent or not: a
failed delivery is not retried, since that would mean keeping the address.

The message names the verdict and the clarification's page, nothing else (an SMS or an e-mail may be read
by others). Nothing here logs, audits or shows a contact: logs name a report by its id.

Retention (``contacts_expire``): a contact never used is erased ``SUARA_RUMOUR_CONTACT_DAYS`` after its
report (90 days unless set), with the outbox's numbers of the same age; so is one whose e-mail was left
unsent by a process that stopped between the commit and the delivery (after an hour). Dismissing a group
erases its contacts at once (``contacts_erase``)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from suara.core import clock
from suara.information.models import Clarification, RumourReport
from suara.messaging.outbound import SMS_MAX_CHARS, sms_forget, sms_queue

log = logging.getLogger(__name__)

PURPOSE = "rumour_notice"
SMS_TEXT = "Suara: kabar yang Anda laporkan sudah diklarifikasi KPU/Diskominfo: {verdict}. Baca: {url}"
SUBJECT = "Klarifikasi kabar yang Anda laporkan: {verdict}"
BODY = (
    "Terima kasih telah melaporkan kabar yang beredar. KPU dan Diskominfo telah menerbitkan klarifikasinya:\n\n"
    "[{verdict}] {claim}\n\nBaca penjelasan dan buktinya di {url}\n\n"
    "Alamat e-mail Anda dihapus dari Suara setelah pesan ini dikirim. Pesan ini dikirim otomatis."
)
STUCK_SENDING = timedelta(hours=1)


def clarification_url(clarification: Clarification) -> str:
    """The clarification's public page, absolute when ``SUARA_PUBLIC_URL`` says where the site is."""
    return f"{settings.SUARA_PUBLIC_URL.rstrip('/')}{reverse('information:detail', args=[clarification.pk])}"


def reporters_notify(clarification: Clarification, group_ids: list[int]) -> int:
    """Inside the caller's transaction: every reporter of ``group_ids`` who left a contact and was not told
    yet is told of ``clarification`` (published); returns how many."""
    reports = list(
        RumourReport.objects.select_for_update()
        .filter(group_id__in=group_ids, notified_at__isnull=True)
        .exclude(contact="")
        .order_by("pk")
    )
    if not reports:
        return 0
    now = clock.now()
    url = clarification_url(clarification)
    sms_ids, email_ids = [], []
    for report in reports:
        if report.contact_kind == RumourReport.ContactKind.PHONE:
            text = SMS_TEXT.format(verdict=clarification.verdict, url=url)[:SMS_MAX_CHARS]
            sms_ids.append(sms_queue(to=report.contact, body=text, purpose=PURPOSE).pk)
            RumourReport.objects.filter(pk=report.pk).update(
                contact="", notice=RumourReport.Notice.QUEUED, notified_at=now
            )
        else:
            email_ids.append(report.pk)
    RumourReport.objects.filter(pk__in=email_ids).update(notice=RumourReport.Notice.SENDING, notified_at=now)
    words = {"verdict": clarification.verdict, "claim": clarification.claim[:300], "url": url}
    subject, body = SUBJECT.format(**words), BODY.format(**words)
    if sms_ids:  # after the outbox's own delivery, registered by sms_queue before this
        transaction.on_commit(lambda: sms_forget(sms_ids))
    if email_ids:
        transaction.on_commit(lambda: _emails_deliver(email_ids, subject, body))
    return len(reports)


def _emails_deliver(ids: list[int], subject: str, body: str) -> None:
    for report in RumourReport.objects.filter(pk__in=ids, notice=RumourReport.Notice.SENDING).exclude(contact=""):
        try:
            send_mail(subject, body, None, [report.contact])
            outcome = RumourReport.Notice.SENT
        except Exception:  # noqa: BLE001 - a mail server down must not fail the officer's request
            log.warning("rumour report %s: the notice could not be e-mailed", report.pk)
            outcome = RumourReport.Notice.FAILED
        RumourReport.objects.filter(pk=report.pk).update(contact="", notice=outcome)


def contacts_erase(group_id: int) -> int:
    """Inside the caller's transaction: the contacts of a group's reporters, erased untold (a dismissed
    group has no answer to tell)."""
    return (
        RumourReport.objects.filter(group_id=group_id)
        .exclude(contact="")
        .update(contact="", notice=RumourReport.Notice.EXPIRED)
    )


def contacts_expiring() -> tuple[object, object]:
    """(the creation time before which an unused contact is erased, the time before which an e-mail left
    sending is)."""
    now = clock.now()
    return now - timedelta(days=settings.SUARA_RUMOUR_CONTACT_DAYS), now - STUCK_SENDING


def contacts_expire(before, stuck_before) -> int:
    """Inside the caller's transaction: the contacts kept past their time, erased; returns how many."""
    old = RumourReport.objects.exclude(contact="").filter(created_at__lt=before)
    erased = old.update(contact="", notice=RumourReport.Notice.EXPIRED)
    stuck = RumourReport.objects.exclude(contact="").filter(
        notice=RumourReport.Notice.SENDING, notified_at__lt=stuck_before
    )
    erased += stuck.update(contact="", notice=RumourReport.Notice.FAILED)
    sms_forget(purpose=PURPOSE, before=before)
    return erased
