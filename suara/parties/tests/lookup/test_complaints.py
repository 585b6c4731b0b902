"""The complaint's services: filed with a contact and a signed statement from a lookup's token; stepped
through in order by the KPU kab/kota of the listing's domicile only; answered once by the listing's party
only; every step one audit event; out of order or not one's own: a code, nothing changed; the citizen told
of each change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.parties.complaints import services
from suara.parties.complaints.files import file_path
from suara.parties.complaints.rules import Step
from suara.parties.complaints.selectors import complaints_for, is_overdue
from suara.parties.complaints.tokens import complaint_token
from suara.parties.models import Complaint, Member, Notification
from suara.parties.tests.lookup.support import NIK, PDF_BYTES, jpeg_bytes, listing, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(parties, private_dir):
    return listing(1)


def file(member, **overrides) -> Complaint:
    values = {
        "token": complaint_token(member.pk),
        "email": "warga@example.org",
        "phone": "",
        "statement": jpeg_bytes(),
        "ktp": None,
    } | overrides
    return services.complaint_file(**values)


def code_of(exc_info) -> str:
    return str(exc_info.value.code)


def test_a_complaint_is_filed_with_a_random_case_code_and_its_files_kept_privately(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file(member, phone="0812-3456-7890", ktp=png_bytes())
    assert len(complaint.code) == 10 and NIK not in complaint.code
    assert complaint.state == "received" and complaint.kabkota_code == "3276" and complaint.party.number == 1
    assert complaint.contact_phone == "+6281234567890"
    assert complaint.due_at == complaint.state_since + timedelta(hours=72)
    assert file_path(complaint.statement_sha256, "jpg").is_file() and file_path(complaint.ktp_sha256, "png").is_file()
    event = AuditEvent.objects.get(action="parties.complaint_file")
    assert event.object_code == complaint.code and NIK not in event.summary and "Budi" not in event.summary
    # Told by email and by SMS (the locmem backend in tests), naming only the code and the state.
    assert [m.to for m in mail.outbox] == [["warga@example.org"]] and complaint.code in mail.outbox[0].body
    assert "Partai" not in mail.outbox[0].body and NIK not in mail.outbox[0].body
    assert sorted(Notification.objects.values_list("channel", "status")) == [("email", "sent"), ("sms", "sent")]


def test_a_pdf_statement_is_accepted(member):
    assert file(member, statement=PDF_BYTES).statement_extension == "pdf"


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"statement": None}, "complaint_statement_required", "pernyataan"),
        ({"statement": b"GIF89a not a statement"}, "complaint_file_invalid", "pernyataan"),
        ({"statement": jpeg_bytes()[:200]}, "complaint_file_invalid", "pernyataan"),
        ({"statement": b"%PDF-1.4\nno end"}, "complaint_file_invalid", "pernyataan"),
        ({"statement": b"\xff\xd8\xff" + b"0" * (9 * 1024 * 1024)}, "complaint_file_too_large", "pernyataan"),
        ({"ktp": PDF_BYTES}, "complaint_file_invalid", "ktp"),
        ({"email": "", "phone": ""}, "complaint_contact_required", "kontak"),
        ({"email": "bukan-email"}, "complaint_email_invalid", "email"),
        ({"email": "", "phone": "12345"}, "complaint_phone_invalid", "telepon"),
        ({"token": "forged"}, "complaint_link_invalid", "token"),
        ({"token": None}, "complaint_link_invalid", "token"),
    ],
)
def test_a_bad_complaint_is_refused_with_its_code_and_nothing_written(member, overrides, code, field, private_dir):
    with pytest.raises(DomainError) as refused:
        file(member, **overrides)
    assert code_of(refused) == code and refused.value.field == field
    assert (
        not Complaint.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="parties.complaint").exists()
    )
    assert not list(private_dir.rglob("*.*")) or field != "pernyataan"


def test_an_expired_token_is_refused(member, settings, monkeypatch):
    token = complaint_token(member.pk)
    settings.SUARA_PARTY_COMPLAINT_FORM_MINUTES = 30
    monkeypatch.setattr(signing.time, "time", lambda: timezone.now().timestamp() + 31 * 60)
    with pytest.raises(DomainError) as refused:
        file(member, token=token)
    assert code_of(refused) == "complaint_link_invalid"


def test_one_open_case_per_listing_and_none_for_a_removed_listing(member, private_dir):
    file(member)
    with pytest.raises(DomainError) as refused:
        file(member)
    assert code_of(refused) == "complaint_already_open" and refused.value.status == 409
    gone = listing(2, removed_at=timezone.now(), removed_reason="upload")
    with pytest.raises(DomainError) as refused:
        file(gone)
    assert code_of(refused) == "complaint_listing_gone"
    assert Complaint.objects.count() == 1


def test_the_kpu_resolves_it_in_order_and_the_listing_is_removed(member, kpu_depok, django_capture_on_commit_callbacks):
    complaint = file(member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_step(actor=Actor.of(kpu_depok), code=complaint.code, step=Step.CLARIFY, note="ditelepon")
        services.complaint_step(actor=Actor.of(kpu_depok), code=complaint.code, step=Step.DECIDE, report=PDF_BYTES)
        services.complaint_step(actor=Actor.of(kpu_depok), code=complaint.code, step=Step.NOTIFY_PARTY)
        services.complaint_step(actor=Actor.of(kpu_depok), code=complaint.code, step=Step.REMOVE)
    complaint.refresh_from_db()
    member.refresh_from_db()
    assert complaint.state == "removed" and complaint.due_at is None and complaint.report_sha256
    assert member.removed_at is not None and member.removed_reason == Member.Removal.COMPLAINT
    assert list(complaint.steps.values_list("state", flat=True)) == [
        "received",
        "clarification",
        "decided",
        "party_notified",
        "removed",
    ]
    assert list(AuditEvent.objects.filter(object_code=complaint.code).order_by("id").values_list("action", "role")) == [
        ("parties.complaint_file", ""),
        ("parties.complaint_clarify", "kpu_kabkota"),
        ("parties.complaint_decide", "kpu_kabkota"),
        ("parties.complaint_notify_party", "kpu_kabkota"),
        ("parties.complaint_remove_listing", "kpu_kabkota"),
    ]
    assert len(mail.outbox) == 4 and "Selesai: pencatatan dihapus" in mail.outbox[-1].subject


@pytest.mark.parametrize(
    ("done", "step"),
    [
        ([], Step.REMOVE),  # removing a listing before clarification
        ([], Step.DECIDE),
        ([], Step.NOTIFY_PARTY),
        ([Step.CLARIFY], Step.REMOVE),
        ([Step.CLARIFY], Step.CLARIFY),
        ([Step.CLARIFY, Step.REJECT], Step.DECIDE),
    ],
)
def test_a_step_out_of_order_is_refused_and_nothing_changes(member, kpu_depok, done, step):
    complaint = file(member)
    for earlier in done:
        services.complaint_step(
            actor=Actor.of(kpu_depok), code=complaint.code, step=earlier, reason="tidak terbukti", report=PDF_BYTES
        )
    before = Complaint.objects.get(pk=complaint.pk).state
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        services.complaint_step(actor=Actor.of(kpu_depok), code=complaint.code, step=step, reason="x", report=PDF_BYTES)
    assert code_of(refused) == "complaint_out_of_order" and refused.value.status == 409
    assert Complaint.objects.get(pk=complaint.pk).state == before and AuditEvent.objects.count() == events
    assert Member.objects.get(pk=member.pk).removed_at is None


def test_a_decision_needs_its_berita_acara_and_a_rejection_its_reason(member, kpu_depok):
    complaint = file(member)
    services.complaint_step(actor=Actor.of(kpu_depok), code=complaint.code, step=Step.CLARIFY)
    for step, extra, code in [
        (Step.DECIDE, {}, "complaint_report_required"),
        (Step.DECIDE, {"report": jpeg_bytes()}, "complaint_file_invalid"),
        (Step.REJECT, {"reason": "  "}, "complaint_reason_required"),
    ]:
        with pytest.raises(DomainError) as refused:
            services.complaint_step(actor=Actor.of(kpu_depok), code=complaint.code, step=step, **extra)
        assert code_of(refused) == code
    rejected = services.complaint_step(
        actor=Actor.of(kpu_depok), code=complaint.code, step=Step.REJECT, reason="Tanda tangan sah."
    )
    assert rejected.state == "rejected" and rejected.rejection_reason == "Tanda tangan sah."
    assert Member.objects.get(pk=member.pk).removed_at is None


def test_another_kabkotas_kpu_and_a_party_may_not_step(member, kpu_bekasi, operator_pkb):
    complaint = file(member)
    for user in (kpu_bekasi, operator_pkb):
        with pytest.raises(DomainError) as refused:
            services.complaint_step(actor=Actor.of(user), code=complaint.code, step=Step.CLARIFY)
        assert code_of(refused) == "forbidden" and refused.value.status == 403
    assert Complaint.objects.get(pk=complaint.pk).state == "received"


def test_the_party_answers_its_own_case_once(member, operator_pkb, operator_ppp, kpu_depok):
    complaint = file(member)
    with pytest.raises(DomainError) as refused:
        services.complaint_party_answer(actor=Actor.of(operator_ppp), code=complaint.code, answer="Bukan anggota kami.")
    assert code_of(refused) == "forbidden"
    with pytest.raises(DomainError) as refused:
        services.complaint_party_answer(actor=Actor.of(kpu_depok), code=complaint.code, answer="x")
    assert code_of(refused) == "forbidden"
    with pytest.raises(DomainError) as refused:
        services.complaint_party_answer(actor=Actor.of(operator_pkb), code=complaint.code, answer=" ")
    assert code_of(refused) == "complaint_answer_required"
    answered = services.complaint_party_answer(
        actor=Actor.of(operator_pkb), code=complaint.code, answer="KTA 123 ada formulirnya."
    )
    assert answered.party_answer == "KTA 123 ada formulirnya." and answered.state == "received"
    with pytest.raises(DomainError) as refused:
        services.complaint_party_answer(actor=Actor.of(operator_pkb), code=complaint.code, answer="lagi")
    assert code_of(refused) == "complaint_already_answered"
    assert AuditEvent.objects.filter(action="parties.complaint_party_answer").count() == 1


def test_an_unknown_case_code_is_a_404(member, kpu_depok):
    with pytest.raises(DomainError) as refused:
        services.complaint_step(actor=Actor.of(kpu_depok), code="0000000000", step=Step.CLARIFY)
    assert code_of(refused) == "complaint_not_found" and refused.value.status == 404


def test_overdue_cases_come_first_for_kpu_and_party(member, kpu_depok, operator_pkb, kpu_bekasi, settings):
    settings.SUARA_PARTY_COMPLAINT_SLA_HOURS = {"received": 1, "clarification": 168}
    late = file(member)
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(minutes=5))
    fresh = file(listing(2, kabkota="3276", nik="3276010903850009"))
    assert [c.code for c in complaints_for(kpu_depok)] == [late.code, fresh.code]
    assert [c.code for c in complaints_for(operator_pkb)] == [late.code]
    assert list(complaints_for(kpu_bekasi)) == []
    assert is_overdue(Complaint.objects.get(pk=late.pk)) and not is_overdue(fresh)
    assert fresh.due_at == fresh.state_since + timedelta(hours=1)


def test_sms_waits_in_the_outbox_with_the_production_backend(member, settings, django_capture_on_commit_callbacks):
    settings.SUARA_SMS_BACKEND = "suara.messaging.backends.OutboxSms"
    with django_capture_on_commit_callbacks(execute=True):
        file(member, email="", phone="+62 812 3456 7890")
    assert list(Notification.objects.values_list("channel", "status", "recipient")) == [
        ("sms", "pending", "+6281234567890")
    ]


def test_a_notification_that_fails_is_marked_and_the_complaint_stands(
    member, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "suara.parties.tests.lookup.support.BrokenEmail"
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file(member)
    assert Notification.objects.get().status == "failed" and Complaint.objects.filter(pk=complaint.pk).exists()
    assert "warga@example.org" not in caplog.text
