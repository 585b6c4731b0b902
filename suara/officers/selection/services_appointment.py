"""Writes of the appointment: the appointment by decree (SK), a reserve's promotion, and the accounts of
those who sign in.

Each is one transaction with one audit event (the accounts' own events besides, for ``roster_accounts``);
a refusal changes nothing. Who may appoint and promote is ``rules.APPOINTERS``, over ``roles.decide`` with
``Action.APPOINT_OFFICERS``, asked through ``services.acting_role``; who may make the accounts, the
accounts' provisioning (the chain of command). Audit summaries name record ids and postings, never a
person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from suara.accounts.provisioning import IssuedCode, account_create
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import HAS_CHAIR, LEFT, Body, Position, Status
from suara.officers.errors import OfficerErrorCode
from suara.officers.health.services_screening import chair_check
from suara.officers.models import Decree, DecreeEntry, Officer
from suara.officers.selection import selectors
from suara.officers.selection.rules import SIGNS_IN, WRITTEN_TEST, signs_in
from suara.officers.selection.services import acting_role, body_of, posting_check
from suara.officers.services import status_change_add

DECREE_FIELD_MAX = 100
SIGNER_MAX = 150


# --- appointment ---------------------------------------------------------------------------------------


def appointable(body: Body) -> tuple[Status, ...]:
    """Who may be appointed: after the interview for the bodies with a written test, any eligible
    applicant the PPS chose for the others."""
    return (Status.SHORTLISTED, Status.SELECTED) if body in WRITTEN_TEST else (Status.ELIGIBLE, Status.SELECTED)


def _to(officer: Officer, to: Status, *, note: str, actor: Actor) -> None:
    """Moves through ``terpilih`` first where the status has not reached it."""
    if to == Status.APPOINTED and officer.status not in (Status.SELECTED, Status.RESERVE):
        status_change_add(officer, Status.SELECTED, reasons=0, note=note, actor=actor)
    status_change_add(officer, to, reasons=0, note=note, actor=actor)


@dataclass(frozen=True)
class DecreeInput:
    number: str
    decreed_on: date
    signer: str


def _decree_input(number: object, decreed_on: object, signer: object) -> DecreeInput:
    number = number.strip() if isinstance(number, str) else ""
    signer = " ".join(signer.split()) if isinstance(signer, str) else ""
    if not number or len(number) > DECREE_FIELD_MAX:
        raise DomainError(OfficerErrorCode.APPOINTMENT_INVALID, "Isi nomor SK.", field="number")
    if not isinstance(decreed_on, date):
        raise DomainError(OfficerErrorCode.APPOINTMENT_INVALID, "Isi tanggal SK.", field="decreed_on")
    if not signer or len(signer) > SIGNER_MAX:
        raise DomainError(OfficerErrorCode.APPOINTMENT_INVALID, "Isi nama penanda tangan SK.", field="signer")
    return DecreeInput(number, decreed_on, signer)


def _decree_create(election, body, posting, decree: DecreeInput, name: str) -> Decree:
    if Decree.objects.filter(election=election, body=body, posting_code=posting, number=decree.number).exists():
        raise Conflict(OfficerErrorCode.DECREE_NUMBER_TAKEN, "Nomor SK ini sudah dipakai di sini.", field="number")
    return Decree.objects.create(
        election=election,
        body=body,
        posting_code=posting,
        number=decree.number,
        decreed_on=decree.decreed_on,
        signer=decree.signer,
        created_by=name,
        created_at=timezone.now(),
    )


def officers_appoint(
    *,
    actor: Actor,
    election: Election,
    body: str,
    posting: str,
    officer_ids: list[int],
    chair_id: int | None = None,
    reserve_ids: list[int] = (),
    number: object,
    decreed_on: object,
    signer: object,
    term_start: object,
    term_end: object,
) -> Decree:
    """Appoints ``officer_ids`` to the posting by one decree (status ``dilantik``, the term, the position:
    ``chair_id`` as chair where the body has one, the others members) and makes ``reserve_ids`` reserves.
    Refused whole when it would seat more than the posting's seats, when an officer is not an appointable
    candidate of the posting, or when the chair cannot be."""
    body_value = body_of(body)
    posting = posting_check(body_value, posting)
    role = acting_role(actor, Action.APPOINT_OFFICERS, body_value, posting)
    ids, reserves = list(dict.fromkeys(officer_ids)), list(dict.fromkeys(reserve_ids))
    if not ids or set(ids) & set(reserves):
        raise DomainError(
            OfficerErrorCode.APPOINTMENT_INVALID,
            "Pilih petugas yang dilantik; seorang petugas tidak dapat sekaligus cadangan.",
            field="officers",
        )
    decree = _decree_input(number, decreed_on, signer)
    if not isinstance(term_start, date) or not isinstance(term_end, date) or term_end < term_start:
        raise DomainError(
            OfficerErrorCode.APPOINTMENT_INVALID, "Isi masa tugas: akhir tidak sebelum awal.", field="term_end"
        )
    name = actor.name
    with service_transaction():
        # Every officer of the posting locked, so two appointments to one posting are taken one at a time.
        at_posting = {
            o.pk: o
            for o in selectors.posting_officers(election, body_value, posting).select_for_update().order_by("pk")
        }
        chosen = [at_posting.get(pk) for pk in ids + reserves]
        if any(o is None or o.status not in appointable(body_value) for o in chosen):
            raise Conflict(
                OfficerErrorCode.CANDIDATE_NOT_APPOINTABLE,
                "Ada petugas yang bukan calon tempat tugas ini atau statusnya belum dapat dilantik.",
                field="officers",
            )
        seated = [o for o in at_posting.values() if o.status == Status.APPOINTED]
        seats = selectors.posting_seats(election, body_value, posting)
        if len(seated) + len(ids) > seats:
            raise Conflict(
                OfficerErrorCode.SEATS_EXCEEDED,
                f"Tempat tugas ini punya {seats} kursi; {len(seated)} sudah terisi, tidak cukup untuk {len(ids)}.",
                field="officers",
            )
        if chair_id is not None and (
            body_value not in HAS_CHAIR or chair_id not in ids or any(o.position == Position.CHAIR for o in seated)
        ):
            raise Conflict(
                OfficerErrorCode.CHAIR_INVALID,
                "Ketua harus salah satu yang dilantik, pada badan yang berketua, dan belum ada ketua.",
                field="chair",
            )
        if chair_id is not None:
            chair_check(at_posting[chair_id])  # the health gate: a high-risk officer chairs only when cleared
        record = _decree_create(election, body_value, posting, decree, name)
        for pk in ids:
            officer = at_posting[pk]
            _to(officer, Status.APPOINTED, note=f"SK {decree.number}", actor=actor)
            officer.position = Position.CHAIR if pk == chair_id else Position.MEMBER
            officer.term_start, officer.term_end = term_start, term_end
            officer.save(update_fields=["position", "term_start", "term_end"])
            DecreeEntry.objects.create(decree=record, officer=officer, position=officer.position)
        for pk in reserves:
            status_change_add(at_posting[pk], Status.RESERVE, reasons=0, note=f"SK {decree.number}", actor=actor)
        audit_record(
            actor=actor,
            role=role,
            action=OfficerAuditAction.APPOINT,
            object_code=posting,
            summary=f"{body_value.value}: SK {record.pk}, {len(ids)} dilantik, {len(reserves)} cadangan",
        )
    return record


def reserve_promote(
    *,
    actor: Actor,
    reserve_id: int,
    leaving_id: int | None = None,
    leaving_status: str | None = None,
    note: str = "",
) -> Officer:
    """A reserve takes a seat in one action: the leaving officer (if any) becomes ``diganti``,
    ``mengundurkan_diri`` or ``meninggal``, the reserve ``dilantik`` in the leaving officer's position and
    for the rest of its term. Refused when no seat would be open."""
    reserve = Officer.objects.filter(pk=reserve_id).select_related("election").first()
    if reserve is None:
        raise Conflict(OfficerErrorCode.RESERVE_NOT_FOUND, "Petugas cadangan tidak ditemukan.", field="reserve")
    body_value = Body(reserve.body)
    role = acting_role(actor, Action.APPOINT_OFFICERS, body_value, reserve.posting_code)
    if leaving_id is not None:
        try:
            left_as = Status(leaving_status)
        except ValueError:
            left_as = None
        if left_as not in LEFT:
            raise DomainError(
                OfficerErrorCode.LEAVING_STATUS_INVALID,
                "Alasan berhenti: diganti, mengundurkan diri atau meninggal dunia.",
                field="leaving_status",
            )
    election, posting = reserve.election, reserve.posting_code
    with service_transaction():
        at_posting = {
            o.pk: o
            for o in selectors.posting_officers(election, body_value, posting).select_for_update().order_by("pk")
        }
        reserve = at_posting[reserve.pk]
        if reserve.status != Status.RESERVE:
            raise Conflict(
                OfficerErrorCode.RESERVE_NOT_FOUND, "Petugas ini bukan cadangan tempat tugas ini.", field="reserve"
            )
        leaving = None
        if leaving_id is not None:
            leaving = at_posting.get(leaving_id)
            if leaving is None or leaving.status != Status.APPOINTED:
                raise Conflict(
                    OfficerErrorCode.LEAVING_NOT_APPOINTED,
                    "Petugas yang berhenti tidak sedang bertugas di tempat tugas ini.",
                    field="leaving",
                )
        seated = [o for o in at_posting.values() if o.status == Status.APPOINTED and o is not leaving]
        seats = selectors.posting_seats(election, body_value, posting)
        if len(seated) >= seats:
            raise Conflict(
                OfficerErrorCode.NO_SEAT_OPEN,
                f"Semua {seats} kursi terisi dan tidak ada yang berhenti: cadangan tidak dapat dilantik.",
                field="reserve",
            )
        if leaving is not None:
            status_change_add(leaving, left_as, reasons=0, note=note, actor=actor)
            reserve.position = leaving.position
            reserve.term_end = leaving.term_end
        else:
            reserve.position = Position.MEMBER
            reserve.term_end = next((o.term_end for o in seated if o.term_end), None)
        reserve.term_start = clock.today()
        status_change_add(reserve, Status.APPOINTED, reasons=0, note=note or "cadangan dilantik", actor=actor)
        reserve.save(update_fields=["position", "term_start", "term_end"])
        audit_record(
            actor=actor,
            role=role,
            action=OfficerAuditAction.PROMOTE,
            object_code=posting,
            summary=f"{body_value.value}: cadangan {reserve.pk} dilantik"
            + (f" menggantikan {leaving.pk} ({left_as.value})" if leaving else " pada kursi kosong"),
        )
    return reserve


# --- accounts ------------------------------------------------------------------------------------------


def username_for(officer: Officer) -> str:
    """``<role>-<posting>-<record id>``: one account per person, never the TPS's shared one."""
    return f"{SIGNS_IN[Body(officer.body)].value}-{officer.posting_code}-{officer.pk}"


def needs_account(officer: Officer) -> bool:
    seated = officer.status == Status.APPOINTED and officer.user_id is None
    return seated and signs_in(Body(officer.body), officer.position)


def roster_accounts(*, actor: Actor, election: Election, body: str, posting: str) -> list[IssuedCode]:
    """An account for every appointed officer of the posting who signs in and has none (the KPPS chair,
    the PPS, the PPK), through the accounts' provisioning (the chain of command decides who may: the PPS
    for its KPPS, the PPK for its PPS, the KPU kab/kota for its PPK), linked to the record. Returns the
    one-time codes, shown once."""
    body_value = body_of(body)
    posting = posting_check(body_value, posting)
    if body_value not in SIGNS_IN:
        raise Conflict(OfficerErrorCode.NO_ACCOUNT_NEEDED, "Petugas badan ini tidak masuk ke sistem.", field="body")
    wanting = [o for o in selectors.posting_officers(election, body_value, posting).order_by("pk") if needs_account(o)]
    if not wanting:
        raise Conflict(
            OfficerErrorCode.NO_ACCOUNT_NEEDED, "Semua petugas yang perlu akun sudah memilikinya.", field="posting"
        )
    role = SIGNS_IN[body_value]
    issued: list[IssuedCode] = []
    # One event of this service and one per account made (the accounts' own).
    with service_transaction(events=len(wanting) + 1):
        for officer in wanting:
            user, code = account_create(
                actor=actor, username=username_for(officer), role=role.value, scope=posting, full_name=officer.name
            )
            if Officer.objects.filter(pk=officer.pk, user__isnull=True).update(user=user) != 1:
                raise Conflict(
                    OfficerErrorCode.NO_ACCOUNT_NEEDED, "Akun petugas ini baru saja dibuat orang lain.", field="posting"
                )
            issued.append(code)
        audit_record(
            actor=actor,
            action=OfficerAuditAction.ACCOUNTS,
            object_code=posting,
            summary=f"{body_value.value}: {len(issued)} akun untuk petugas " + ", ".join(str(o.pk) for o in wanting),
        )
    return issued
