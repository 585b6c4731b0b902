"""A complaint's services: filed by the citizen, stepped through by the KPU kab/kota of the listing's
domicile, answered by the party. Each is one transaction and one audit event (``service_transaction``),
refused whole with a code when out of order or not the actor's to take; each change is told to the citizen
(``notify``). Audit summaries name the case code, the party's number and the kab/kota, never the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone, translation

from suara.accounts.authz import holders, require
from suara.accounts.roles import Action, Scope, ScopeKind
from suara.audit.actors import SYSTEM, Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError, NotFound
from suara.parties.audit_actions import PartyAuditAction
from suara.parties.complaints import rules
from suara.parties.complaints.files import CleanFile, clean_file, file_discard, file_store
from suara.parties.complaints.notify import notifications_queue, reminder_queue
from suara.parties.complaints.tokens import complaint_token_read
from suara.parties.errors import PartyErrorCode
from suara.parties.models import Complaint, ComplaintStep, Member

CITIZEN = Actor.named("warga")  # the actor of a complaint's filing: the citizen has no account
ANSWER_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str


def contact_clean(email: object, phone: object) -> Contact:
    """At least one of an email address and an Indonesian mobile number, each valid when given."""
    email = email.strip() if isinstance(email, str) else ""
    phone = phone.strip() if isinstance(phone, str) else ""
    if not email and not phone:
        raise DomainError(
            PartyErrorCode.COMPLAINT_CONTACT_REQUIRED,
            "Isi nomor ponsel atau alamat email (paling sedikit satu).",
            field="kontak",
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(
                PartyErrorCode.COMPLAINT_EMAIL_INVALID, "Alamat email tidak sah.", field="email"
            ) from None
        if len(email) > 254:
            raise DomainError(PartyErrorCode.COMPLAINT_EMAIL_INVALID, "Alamat email terlalu panjang.", field="email")
    cleaned_phone = ""
    if phone:
        cleaned_phone = rules.phone_clean(phone) or ""
        if not cleaned_phone:
            raise DomainError(
                PartyErrorCode.COMPLAINT_PHONE_INVALID,
                "Nomor ponsel tidak sah: tulis seperti 0812xxxxxxxx atau +62812xxxxxxxx.",
                field="telepon",
            )
    return Contact(email=email, phone=cleaned_phone)


def _state_label(state: str) -> str:
    """A state's name in Indonesian, as audit summaries and API messages are, whatever the page's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(Complaint.State(state).label)


def _due(state: str, since) -> object:
    return rules.due(state, since, settings.SUARA_PARTY_COMPLAINT_SLA_HOURS)


def _new_code() -> str:
    while True:  # 50 random bits: a collision is rare, and then simply drawn again
        code = rules.case_code_new()
        if not Complaint.objects.filter(code=code).exists():
            return code


def complaint_file(
    *, token: object, email: object, phone: object, statement: bytes | None, ktp: bytes | None
) -> Complaint:
    """The citizen's complaint about the listing named by the form's token: the contact, the signed
    statement (photo or PDF, required) and a KTP photo (optional), checked before anything is written."""
    member_id = complaint_token_read(token)
    contact = contact_clean(email, phone)
    if not statement:
        raise DomainError(
            PartyErrorCode.COMPLAINT_STATEMENT_REQUIRED,
            "Unggah surat pernyataan bukan anggota yang sudah ditandatangani (foto atau PDF).",
            field="pernyataan",
        )
    statement_file = clean_file(statement, field="pernyataan", label="surat pernyataan")
    ktp_file = clean_file(ktp, field="ktp", label="foto KTP", pdf=False) if ktp else None
    written = [file_store(statement_file), file_store(ktp_file) if ktp_file else None]
    try:
        return _complaint_create(member_id, contact, statement_file, ktp_file)
    except BaseException:
        file_discard(written)
        raise


def _complaint_create(member_id: int, contact: Contact, statement: CleanFile, ktp: CleanFile | None) -> Complaint:
    now = timezone.now()
    with service_transaction():
        member = Member.objects.select_for_update().select_related("party").filter(pk=member_id).first()
        if member is None or member.removed_at is not None:
            raise Conflict(
                PartyErrorCode.COMPLAINT_LISTING_GONE,
                "Pencatatan ini sudah tidak ada dalam daftar anggota partai.",
                field="token",
            )
        if Complaint.objects.filter(member=member).exclude(state__in=rules.FINAL).exists():
            raise Conflict(
                PartyErrorCode.COMPLAINT_ALREADY_OPEN,
                "Aduan atas pencatatan ini sudah diajukan dan sedang ditangani; ikuti dengan kode aduannya.",
                field="token",
            )
        complaint = Complaint(
            code=_new_code(),
            member=member,
            party=member.party,
            kabkota_code=member.kabkota_code,
            state=rules.State.RECEIVED,
            state_since=now,
            due_at=_due(rules.State.RECEIVED, now),
            contact_email=contact.email,
            contact_phone=contact.phone,
            statement_sha256=statement.sha256,
            statement_extension=statement.extension,
            ktp_sha256=ktp.sha256 if ktp else "",
            ktp_extension=ktp.extension if ktp else "",
            created_at=now,
        )
        try:
            complaint.save()
        except IntegrityError:  # filed twice at once: the other one holds the open case
            raise Conflict(
                PartyErrorCode.COMPLAINT_ALREADY_OPEN, "Aduan atas pencatatan ini sudah diajukan.", field="token"
            ) from None
        ComplaintStep.objects.create(complaint=complaint, state=complaint.state, at=now, actor=CITIZEN.name)
        audit_record(
            actor=CITIZEN,
            action=PartyAuditAction.COMPLAINT_FILE,
            object_code=complaint.code,
            summary=f"Aduan {complaint.code}: pencatatan oleh partai nomor {member.party.number} di kab/kota "
            f"{complaint.kabkota_code} disangkal",
        )
        notifications_queue(complaint)
    return complaint


def complaint_get(code: object) -> Complaint:
    cleaned = rules.case_code_clean(code if isinstance(code, str) else "")
    complaint = Complaint.objects.select_related("party", "member").filter(code=cleaned).first() if cleaned else None
    if complaint is None:
        raise NotFound(PartyErrorCode.COMPLAINT_NOT_FOUND, "Aduan dengan kode ini tidak ditemukan.", field="kode")
    return complaint


def _for_update(code: str) -> Complaint:
    complaint = complaint_get(code)
    return Complaint.objects.select_for_update().select_related("party", "member").get(pk=complaint.pk)


_STEP_AUDIT = {
    rules.Step.CLARIFY: PartyAuditAction.COMPLAINT_CLARIFY,
    rules.Step.DECIDE: PartyAuditAction.COMPLAINT_DECIDE,
    rules.Step.REJECT: PartyAuditAction.COMPLAINT_REJECT,
    rules.Step.NOTIFY_PARTY: PartyAuditAction.COMPLAINT_NOTIFY_PARTY,
    rules.Step.REMOVE: PartyAuditAction.COMPLAINT_REMOVE_LISTING,
}


def complaint_step(
    *, actor: Actor, code: str, step: rules.Step, note: str = "", reason: str = "", report: bytes | None = None
) -> Complaint:
    """A KPU kab/kota's step on a complaint of its kab/kota (``rules.STEPS``): clarify (it contacts the
    citizen), decide (upheld, with the berita acara as PDF), reject (with the reason), notify the party,
    remove the listing (``Member.removed_reason`` complaint). Out of order: refused, nothing changed."""
    note = (note or "").strip()[:NOTE_MAX_LENGTH]
    reason = (reason or "").strip()
    report_file = None
    if step == rules.Step.DECIDE:
        if not report:
            raise DomainError(
                PartyErrorCode.COMPLAINT_REPORT_REQUIRED, "Unggah berita acara keputusan (PDF).", field="berita_acara"
            )
        report_file = clean_file(report, field="berita_acara", label="berita acara", photo=False)
    if step == rules.Step.REJECT and not reason:
        raise DomainError(PartyErrorCode.COMPLAINT_REASON_REQUIRED, "Tuliskan alasan penolakan.", field="alasan")
    written = [file_store(report_file) if report_file else None]
    try:
        return _step_apply(actor, code, step, note, reason[:NOTE_MAX_LENGTH], report_file)
    except BaseException:
        file_discard(written)
        raise


def _step_apply(
    actor: Actor, code: str, step: rules.Step, note: str, reason: str, report: CleanFile | None
) -> Complaint:
    user = actor.officer()
    now = timezone.now()
    with service_transaction():
        complaint = _for_update(code)
        role = require(user, Action.DECIDE_PARTY_COMPLAINT, Scope.geographic(complaint.kabkota_code))
        state = rules.next_state(complaint.state, step)
        if state is None:
            raise Conflict(
                PartyErrorCode.COMPLAINT_OUT_OF_ORDER,
                f"Langkah ini tidak dapat diambil: aduan berstatus {_state_label(complaint.state)}.",
                field="langkah",
            )
        if step == rules.Step.REMOVE:
            # The listing goes (never deleted: removed, with the reason); already gone by an upload, it stays so.
            Member.objects.filter(pk=complaint.member_id, removed_at__isnull=True).update(
                removed_at=now, removed_reason=Member.Removal.COMPLAINT
            )
        if report is not None:
            complaint.report_sha256 = report.sha256
        if step == rules.Step.REJECT:
            complaint.rejection_reason = reason
        complaint.state, complaint.state_since, complaint.due_at = state, now, _due(state, now)
        complaint.save()
        ComplaintStep.objects.create(
            complaint=complaint,
            state=state,
            at=now,
            actor=actor.name,
            note=reason if step == rules.Step.REJECT else note,
        )
        audit_record(
            actor=actor,
            role=role,
            action=_STEP_AUDIT[step],
            object_code=complaint.code,
            summary=f"Aduan {complaint.code} (partai nomor {complaint.party.number}, kab/kota "
            f"{complaint.kabkota_code}): {_state_label(state)}",
        )
        notifications_queue(complaint, extra=f"Alasan: {reason}" if step == rules.Step.REJECT else "")
    return complaint


def complaint_party_answer(*, actor: Actor, code: str, answer: object) -> Complaint:
    """The party's answer to a complaint about its list, recorded once, before the case ends."""
    user = actor.officer()
    answer = answer.strip() if isinstance(answer, str) else ""
    if not answer or len(answer) > ANSWER_MAX_LENGTH:
        raise DomainError(
            PartyErrorCode.COMPLAINT_ANSWER_REQUIRED,
            f"Tuliskan tanggapan partai (paling panjang {ANSWER_MAX_LENGTH} huruf).",
            field="tanggapan",
        )
    now = timezone.now()
    with service_transaction():
        complaint = _for_update(code)
        role = require(user, Action.ANSWER_PARTY_COMPLAINT, Scope(ScopeKind.PARTY, complaint.party.code))
        if complaint.state in rules.FINAL:
            raise Conflict(
                PartyErrorCode.COMPLAINT_OUT_OF_ORDER,
                "Aduan ini sudah selesai: tanggapan tidak dapat dicatat.",
                field="tanggapan",
            )
        if complaint.party_answered_at is not None:
            raise Conflict(
                PartyErrorCode.COMPLAINT_ALREADY_ANSWERED, "Partai sudah menanggapi aduan ini.", field="tanggapan"
            )
        complaint.party_answer, complaint.party_answered_at = answer, now
        complaint.save(update_fields=["party_answer", "party_answered_at"])
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.COMPLAINT_PARTY_ANSWER,
            object_code=complaint.code,
            summary=f"Aduan {complaint.code}: tanggapan partai nomor {complaint.party.number} dicatat",
        )
        notifications_queue(complaint, extra="Partai telah memberikan tanggapan.")
    return complaint


# --- reminders of overdue cases ----------------------------------------------------------------------------


def complaint_reminders_send() -> int:
    """The scheduler's check (``jobs.schedule``, every ``SUARA_PARTY_COMPLAINT_REMINDER_SECONDS``): every open
    complaint whose current state is past its service level, and whose handlers were not reminded of that
    state yet, is reminded now: each active account that decides its kab/kota's complaints and has an e-mail
    address gets one message (``notify.reminder_queue``). Once per overdue state: the state's step records
    the reminder, so the next checks pass it by, and a later state that is overdue again is reminded again.
    Each reminder is one transaction with one audit event. Returns how many were made."""
    now = clock.now()
    overdue = (
        ComplaintStep.objects.filter(
            reminded_at__isnull=True,
            state=F("complaint__state"),
            at=F("complaint__state_since"),
            complaint__due_at__lt=now,
        )
        .exclude(complaint__state__in=rules.FINAL)
        .order_by("complaint__due_at", "pk")
        .values_list("pk", flat=True)
    )
    return sum(1 for step_id in list(overdue) if _remind(step_id, now))


def _remind(step_id: int, now) -> bool:
    with service_transaction():
        step = (
            ComplaintStep.objects.select_for_update()
            .select_related("complaint", "complaint__party")
            .filter(pk=step_id, reminded_at__isnull=True)
            .first()
        )
        if step is None:  # another check reminded it first
            return False
        complaint = step.complaint
        handlers = holders(Action.DECIDE_PARTY_COMPLAINT, Scope.geographic(complaint.kabkota_code))
        addresses = sorted({user.email.strip() for user in handlers if user.email.strip()})
        step.reminded_at, step.reminded_to = now, len(addresses)
        step.save(update_fields=["reminded_at", "reminded_to"])
        audit_record(
            actor=SYSTEM,
            action=PartyAuditAction.COMPLAINT_REMIND,
            object_code=complaint.code,
            summary=f"Aduan {complaint.code} (partai nomor {complaint.party.number}, kab/kota "
            f"{complaint.kabkota_code}): status {_state_label(step.state)} melewati batas waktu; pengingat "
            f"ke {len(addresses)} alamat surel dari {len(handlers)} petugas KPU kab/kota",
        )
        reminder_queue(step, addresses)
    return True
