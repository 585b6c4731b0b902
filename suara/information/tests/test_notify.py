"""Reporters who left a contact are told once, by SMS or e-mail, when their group's clarification is
published or their group is linked to a published one; the contact is erased after, and never kept past
its time."""

from datetime import timedelta

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core import clock
from suara.information.models import RumourReport
from suara.information.services import ClarificationInput, clarification_publish, clarification_update
from suara.information.services_rumours import rumour_contacts_expire, rumour_link
from suara.information.tests.conftest import GOOD, OTHER_RUMOUR, RUMOUR_RETYPED, make, report
from suara.messaging.backends import LocmemSms
from suara.messaging.models import OutboundSms

pytestmark = pytest.mark.django_db
PHONE, EMAIL = "0812 3456 7890", "warga@example.id"


@pytest.fixture
def reported():
    """One rumour reported three times: by SMS contact, by e-mail contact, without contact."""
    phone = report(contact=PHONE)
    email = report(RUMOUR_RETYPED, contact=EMAIL)
    silent = report(RUMOUR_RETYPED + " !!!")
    assert phone.group.pk == email.group.pk == silent.group.pk
    return phone.group


def _contacts():
    return list(RumourReport.objects.order_by("pk").values_list("contact", "notice"))


def test_each_reporter_is_told_once_when_the_clarification_is_published(
    writers, reported, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SUARA_PUBLIC_URL = "https://suara.example.id"
    draft = make(writers["author"])
    with django_capture_on_commit_callbacks(execute=True):
        rumour_link(actor=Actor.of(writers["second"]), group_id=reported.pk, clarification_id=draft.pk)
    assert LocmemSms.sent == [] and mailoutbox == []  # a draft: nobody is told yet
    assert _contacts() == [("6281234567890", ""), (EMAIL, ""), ("", "")]

    with django_capture_on_commit_callbacks(execute=True):
        clarification_publish(actor=Actor.of(writers["second"]), pk=draft.pk)
    url = f"https://suara.example.id/hoaks/{draft.pk}/"
    assert [(s.to, url in s.body, len(s.body) <= 160) for s in LocmemSms.sent] == [("6281234567890", True, True)]
    assert [(m.to, url in m.body, "HOAKS" in m.subject) for m in mailoutbox] == [([EMAIL], True, True)]
    assert _contacts() == [("", "queued"), ("", "sent"), ("", "")]
    assert OutboundSms.objects.get().to == ""  # the outbox forgets the number once the SMS is sent
    assert "2 pelapor diberi tahu" in AuditEvent.objects.get(action="information.clarification_publish").summary

    # A correction of the published clarification tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        clarification_update(
            actor=Actor.of(writers["author"]),
            pk=draft.pk,
            data=ClarificationInput(**{**GOOD, "claim": GOOD["claim"] + "!"}),
        )
    assert len(LocmemSms.sent) == 1 and len(mailoutbox) == 1


def test_a_group_linked_to_a_published_clarification_is_told_at_once(
    writers, reported, mailoutbox, django_capture_on_commit_callbacks
):
    published = clarification_publish(actor=Actor.of(writers["second"]), pk=make(writers["author"]).pk)
    later = report(OTHER_RUMOUR, contact="pemilih@example.id").group
    with django_capture_on_commit_callbacks(execute=True):
        rumour_link(actor=Actor.of(writers["kominfo"]), group_id=reported.pk, clarification_id=published.pk)
    assert len(LocmemSms.sent) == 1 and [m.to for m in mailoutbox] == [[EMAIL]]
    assert "2 pelapor diberi tahu" in AuditEvent.objects.get(action="information.rumour_link").summary
    with django_capture_on_commit_callbacks(execute=True):
        rumour_link(actor=Actor.of(writers["kominfo"]), group_id=later.pk, clarification_id=published.pk)
    assert [m.to for m in mailoutbox] == [[EMAIL], ["pemilih@example.id"]]  # each once, each apart
    assert len(LocmemSms.sent) == 1
    assert RumourReport.objects.exclude(contact="").count() == 0


def test_a_failed_email_is_not_retried_and_its_address_is_erased(
    writers, reported, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from suara.information import notify

    def refused(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(notify, "send_mail", refused)
    published = clarification_publish(actor=Actor.of(writers["second"]), pk=make(writers["author"]).pk)
    with django_capture_on_commit_callbacks(execute=True):
        rumour_link(actor=Actor.of(writers["second"]), group_id=reported.pk, clarification_id=published.pk)
    assert _contacts() == [("", "queued"), ("", "failed"), ("", "")]
    assert EMAIL not in caplog.text and "example.id" not in caplog.text


def test_with_a_polling_gateway_the_sms_waits_in_the_outbox(
    writers, reported, settings, django_capture_on_commit_callbacks
):
    settings.SUARA_SMS_BACKEND = "suara.messaging.backends.OutboxSms"
    published = clarification_publish(actor=Actor.of(writers["second"]), pk=make(writers["author"]).pk)
    with django_capture_on_commit_callbacks(execute=True):
        rumour_link(actor=Actor.of(writers["second"]), group_id=reported.pk, clarification_id=published.pk)
    pending = OutboundSms.objects.get()
    assert pending.status == "pending" and pending.to == "6281234567890" and pending.purpose == "rumour_notice"
    assert RumourReport.objects.filter(contact="6281234567890").count() == 0


def test_nothing_is_told_when_the_publication_rolls_back(writers, reported, mailoutbox, monkeypatch):
    from suara.information import services

    draft = make(writers["author"])
    rumour_link(actor=Actor.of(writers["second"]), group_id=reported.pk, clarification_id=draft.pk)

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        clarification_publish(actor=Actor.of(writers["second"]), pk=draft.pk)
    assert LocmemSms.sent == [] and mailoutbox == [] and not OutboundSms.objects.exists()
    assert _contacts() == [("6281234567890", ""), (EMAIL, ""), ("", "")]


def test_contacts_are_not_kept_past_their_time(reported, settings):
    assert rumour_contacts_expire() == 0
    assert not AuditEvent.objects.filter(action="information.rumour_contacts_expire").exists()
    RumourReport.objects.update(created_at=clock.now() - timedelta(days=settings.SUARA_RUMOUR_CONTACT_DAYS + 1))
    assert rumour_contacts_expire() == 2
    assert _contacts() == [("", "expired"), ("", "expired"), ("", "")]
    assert AuditEvent.objects.get(action="information.rumour_contacts_expire").object_code == "2"


def test_an_email_left_unsent_by_a_stopped_process_is_erased(reported):
    RumourReport.objects.filter(contact=EMAIL).update(notice="sending", notified_at=clock.now() - timedelta(hours=2))
    assert rumour_contacts_expire() == 1
    assert RumourReport.objects.get(notice="failed").contact == ""


def test_the_retention_runs_every_hour():
    from django.utils.module_loading import import_string

    from suara.jobs.schedule import schedule

    entry = {p.name: p for p in schedule()}["rumour_contacts_expire"]
    assert entry.every == 3600 and import_string(entry.run) is rumour_contacts_expire
