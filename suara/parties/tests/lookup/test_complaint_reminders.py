"""Reminders of overdue complaints: the scheduler's check, with the clock frozen past a state's service
level, e-mails the KPU kab/kota's handlers of the case once per overdue state (recorded on the state's
step, with one audit event), never another kab/kota's, never the person; a later overdue state is
reminded again; the handlers' list shows the case as "terlambat" with the reminder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from suara.accounts.roles import Role
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.jobs.schedule import schedule
from suara.jobs.scheduler import periodic_outcomes_clear, periodic_run
from suara.parties.complaints import services
from suara.parties.complaints.rules import Step
from suara.parties.complaints.tokens import complaint_token
from suara.parties.models import Complaint, ComplaintStep
from suara.parties.tests.lookup.support import NAME, NIK, BrokenEmail, account, jpeg_bytes, listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def handlers(parties, settings):
    """Two handlers of Depok (one without an address), one of Bekasi, one suspended Depok account."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    periodic_outcomes_clear()
    made = {
        "depok": account("kpu_depok", Role.KPU_KABKOTA, "3276"),
        "depok_2": account("kpu_depok_2", Role.KPU_KABKOTA, "3276"),
        "bekasi": account("kpu_bekasi", Role.KPU_KABKOTA, "3275"),
        "suspended": account("kpu_depok_lama", Role.KPU_KABKOTA, "3276"),
        "province": account("kpu_jabar", Role.KPU_PROVINSI, "32"),
    }
    for key, address in (("depok", "depok@kpu.example"), ("bekasi", "bekasi@kpu.example"),
                         ("suspended", "lama@kpu.example"), ("province", "jabar@kpu.example")):  # fmt: skip
        made[key].email = address
        made[key].save(update_fields=["email"])
    made["suspended"].is_active = False
    made["suspended"].save(update_fields=["is_active"])
    return made


@pytest.fixture
def complaint(handlers, private_dir, django_capture_on_commit_callbacks) -> Complaint:
    with django_capture_on_commit_callbacks(execute=True):
        filed = services.complaint_file(
            token=complaint_token(listing(1).pk), email="warga@example.org", phone="", statement=jpeg_bytes(), ktp=None
        )
    mail.outbox.clear()
    return filed


def at(monkeypatch, moment):
    """The site's clock (``suara.core.clock``) stands at ``moment``."""
    monkeypatch.setattr("suara.core.clock.now", lambda: moment)


def run(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return services.complaint_reminders_send()


def reminders():
    return list(AuditEvent.objects.filter(action="parties.complaint_remind").order_by("pk"))


def test_an_overdue_case_is_reminded_once_to_its_own_handlers(
    complaint, handlers, monkeypatch, django_capture_on_commit_callbacks
):
    due = complaint.due_at
    at(monkeypatch, due - timedelta(minutes=1))
    assert run(django_capture_on_commit_callbacks) == 0 and not mail.outbox and not reminders()

    at(monkeypatch, due + timedelta(minutes=1))
    assert run(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [["depok@kpu.example"]]  # not Bekasi's, the province's, nor a suspended one
    message = mail.outbox[0]
    assert complaint.code in message.subject and "Diterima" in message.subject
    assert f"/petugas/partai/aduan/{complaint.code}/" in message.body
    for personal in (NIK, NAME, "warga@example.org"):
        assert personal not in message.body and personal not in message.subject
    step = ComplaintStep.objects.get(complaint=complaint)
    assert (step.reminded_at, step.reminded_to) == (due + timedelta(minutes=1), 1)
    [event] = reminders()
    assert (event.actor, event.object_code) == ("system", complaint.code)
    assert "pengingat ke 1 alamat surel dari 2 petugas" in event.summary and NIK not in event.summary

    # The next checks pass it by: once per overdue state, not every run.
    at(monkeypatch, due + timedelta(hours=5))
    assert run(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1 and len(reminders()) == 1


def test_a_later_overdue_state_is_reminded_again_and_a_closed_case_never(
    complaint, handlers, monkeypatch, django_capture_on_commit_callbacks, settings
):
    at(monkeypatch, complaint.due_at + timedelta(minutes=1))
    run(django_capture_on_commit_callbacks)
    services.complaint_step(actor=Actor.of(handlers["depok"]), code=complaint.code, step=Step.CLARIFY)
    complaint.refresh_from_db()
    assert complaint.state == "clarification"
    assert complaint.due_at == complaint.state_since + timedelta(hours=settings.SUARA_PARTY_COMPLAINT_SLA_HOURS[
        "clarification"])  # fmt: skip
    at(monkeypatch, complaint.due_at - timedelta(seconds=1))
    assert run(django_capture_on_commit_callbacks) == 0
    at(monkeypatch, complaint.due_at + timedelta(seconds=1))
    assert run(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2 and "Klarifikasi" in mail.outbox[1].subject
    steps = list(ComplaintStep.objects.filter(complaint=complaint).order_by("at", "pk"))
    assert [s.reminded_at is not None for s in steps] == [True, True]

    services.complaint_step(
        actor=Actor.of(handlers["depok"]), code=complaint.code, step=Step.REJECT, reason="Tanda tangan berbeda."
    )
    at(monkeypatch, complaint.due_at + timedelta(days=30))
    assert run(django_capture_on_commit_callbacks) == 0 and len(reminders()) == 2


def test_the_scheduler_runs_it_and_a_mail_server_down_does_not_fail_it(
    complaint, handlers, monkeypatch, django_capture_on_commit_callbacks, settings
):
    entry = {p.name: p for p in schedule()}["party_complaint_reminders"]
    assert entry.run == "suara.parties.complaints.services.complaint_reminders_send" and entry.on_worker
    assert entry.every == settings.SUARA_PARTY_COMPLAINT_REMINDER_SECONDS
    settings.EMAIL_BACKEND = f"{BrokenEmail.__module__}.BrokenEmail"
    at(monkeypatch, complaint.due_at + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert periodic_run("party_complaint_reminders")
    assert ComplaintStep.objects.get(complaint=complaint).reminded_at is not None and len(reminders()) == 1


def test_a_kabkota_without_handlers_is_still_marked_and_audited(
    parties, private_dir, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        complaint = services.complaint_file(
            token=complaint_token(listing(1, kabkota="3275").pk), email="", phone="081234567890",
            statement=jpeg_bytes(), ktp=None,
        )  # fmt: skip
    at(monkeypatch, complaint.due_at + timedelta(minutes=1))
    assert run(django_capture_on_commit_callbacks) == 1
    assert not mail.outbox and ComplaintStep.objects.get().reminded_to == 0
    assert "pengingat ke 0 alamat surel dari 0 petugas" in reminders()[0].summary


def test_the_handlers_list_shows_the_case_late_and_reminded(
    client, complaint, handlers, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(handlers["depok"])
    at(monkeypatch, complaint.due_at - timedelta(minutes=1))
    html = client.get("/petugas/partai/aduan/").content.decode()
    assert f'data-code="{complaint.code}">' in html and "terlambat" not in html
    at(monkeypatch, complaint.due_at + timedelta(minutes=1))
    html = client.get("/petugas/partai/aduan/").content.decode()
    assert f'data-code="{complaint.code}" class="is-overdue" data-overdue="ya"' in html
    assert 'data-field="late">terlambat<' in html and 'data-field="reminded"' not in html
    run(django_capture_on_commit_callbacks)
    html = client.get("/petugas/partai/aduan/").content.decode()
    assert 'data-field="late">terlambat<' in html and 'data-field="reminded">pengingat dikirim' in html
