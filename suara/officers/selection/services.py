"""Writes of the selection: written-test scores in, the interview shortlist, the public comment window and
its comments, the appointment by decree (SK), a reserve's promotion, and the accounts of those who sign in.

Each is one transaction with one audit event (the accounts' own events besides, for ``roster_accounts``);
a refusal changes nothing. Who may act on which body is ``rules.APPOINTERS``, over ``roles.decide`` with
``Action.APPOINT_OFFICERS`` (appointments, promotions) or ``Action.MANAGE_OFFICERS`` (the rest). Audit
summaries name record ids and postings, never a person.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError
from django.utils import timezone

from suara.accounts.authz import assignments_of
from suara.accounts.provisioning import IssuedCode, account_create
from suara.accounts.roles import Action, decide
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.core.ratelimit import rate_check
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import HAS_CHAIR, LEFT, POSTING_LENGTH, Body, Position, Status
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import CommentWindow, Decree, DecreeEntry, Officer, PublicComment, WrittenTestScore
from suara.officers.selection import selectors
from suara.officers.selection.rules import APPOINTERS, SIGNS_IN, WRITTEN_TEST, shortlist, signs_in
from suara.officers.services import status_change_add

SCORE_MAX = Decimal(100)
SCORES_MAX_ROWS = 100_000
DECREE_FIELD_MAX = 100
SIGNER_MAX = 150
COMMENT_MAX = 2000
CONTACT_MAX = 150
COMMENTS_PER_HOUR = 20  # per client, over the page and the API alike

# Who the audit log names for a comment from the public.
PUBLIC = Actor.named("publik")


def body_of(value: object) -> Body:
    try:
        return Body(value)
    except ValueError:
        raise DomainError(ErrorCode.INVALID_INPUT, "Badan ad hoc tidak dikenal.", field="body") from None


def may_act(user, action: Action, body: Body, code: str) -> bool:
    """Whether a signed-in user is one of the body's appointers over ``code`` (for showing a form)."""
    return bool(decide([a for a in assignments_of(user) if a.role in APPOINTERS[body]], action, code))


def acting_role(actor: Actor, action: Action, body: Body, code: str) -> str:
    """The role under which ``actor`` takes ``action`` on ``body`` at ``code`` ('' for the command line):
    only the body's appointers (``rules.APPOINTERS``) whose scope covers the code."""
    if actor.user is None:
        return ""
    mine = [a for a in assignments_of(actor.user) if a.role in APPOINTERS[body]]
    decision = decide(mine, action, code)
    if not decision:
        raise PermissionDenied(
            ErrorCode.FORBIDDEN,
            f"Anda tidak berwenang atas {body.value.upper()} di wilayah ini: {decision.reason}.",
            field="posting",
        )
    return decision.role.value


def posting_check(body: Body, code: object) -> str:
    if not isinstance(code, str) or not selectors.posting_exists(body, code):
        raise NotFound(
            ErrorCode.REGION_NOT_FOUND,
            f"Tidak ada tempat tugas {body.value.upper()} dengan kode ini (kode {POSTING_LENGTH[body]} digit).",
            field="posting",
        )
    return code


# --- written-test scores -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineProblem:
    line: int
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "code": self.code, "message": self.message}


def _score(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > SCORE_MAX or value != value.quantize(Decimal("0.01")):
        return None
    return value


def scores_import(*, actor: Actor, election: Election, body: str, region: str, content: bytes | str) -> int:
    """Written-test scores from a CSV (a header naming ``nik`` or ``id``, and ``nilai``; one applicant a
    line) for the applicants of ``body`` posted beneath ``region``. Any line in error refuses the whole
    file, with every problem by line and code in the error's ``details``; returns how many were stored."""
    body_value = body_of(body)
    if body_value not in WRITTEN_TEST:
        raise DomainError(
            OfficerErrorCode.NO_WRITTEN_TEST, "Hanya PPK dan PPS yang mengikuti tes tertulis.", field="body"
        )
    if not isinstance(region, str) or not region.isdigit() or len(region) > POSTING_LENGTH[body_value]:
        raise DomainError(ErrorCode.INVALID_REGION_CODE, "Kode wilayah tidak sah.", field="region")
    role = acting_role(actor, Action.MANAGE_OFFICERS, body_value, region)
    text = content.decode("utf-8-sig", errors="replace") if isinstance(content, bytes) else content
    rows = list(csv.reader(io.StringIO(text)))
    problems: list[LineProblem] = []
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    key = "nik" if "nik" in header else "id" if "id" in header else None
    if key is None or "nilai" not in header:
        problems.append(LineProblem(1, "header_invalid", "Baris judul harus memuat kolom nik atau id, dan nilai."))
        _refuse_file(OfficerErrorCode.SCORES_FILE_INVALID, problems)
    if len(rows) - 1 > SCORES_MAX_ROWS:
        problems.append(LineProblem(1, "too_many_rows", f"Paling banyak {SCORES_MAX_ROWS} baris."))
        _refuse_file(OfficerErrorCode.SCORES_FILE_INVALID, problems)
    key_at, score_at = header.index(key), header.index("nilai")
    applicants = Officer.objects.filter(election=election, body=body_value, posting_code__startswith=region)
    idents = [r[key_at].strip() for r in rows[1:] if len(r) > key_at]
    found = (
        applicants.filter(nik__in=set(idents))
        if key == "nik"
        else applicants.filter(pk__in=[int(i) for i in idents if i.isdigit() and len(i) < 19])
    )
    by_key = {(o.nik if key == "nik" else str(o.pk)): o for o in found.only("pk", "nik", "status")}
    seen: set[str] = set()
    scores: dict[int, Decimal] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        ident = row[key_at].strip() if len(row) > key_at else ""
        officer = by_key.get(ident)
        value = _score(row[score_at]) if len(row) > score_at else None
        if not ident:
            problems.append(LineProblem(line, "key_missing", f"Kolom {key} kosong."))
        elif ident in seen:
            problems.append(LineProblem(line, "duplicate", "Pendaftar ini sudah ada di baris sebelumnya."))
        elif officer is None:
            problems.append(
                LineProblem(line, "applicant_unknown", "Tidak ada pendaftar badan ini dengan data ini di wilayah Anda.")
            )
        elif officer.status not in (Status.ELIGIBLE, Status.SHORTLISTED):
            problems.append(LineProblem(line, "not_eligible", "Pendaftar ini tidak berstatus memenuhi syarat."))
        elif value is None:
            problems.append(LineProblem(line, "score_invalid", "Nilai harus angka 0–100, paling banyak dua desimal."))
        else:
            scores[officer.pk] = value
        seen.add(ident)
    if problems:
        _refuse_file(OfficerErrorCode.SCORES_FILE_INVALID, problems)
    now, name = timezone.now(), actor.name
    with service_transaction():
        WrittenTestScore.objects.filter(officer_id__in=scores).delete()
        WrittenTestScore.objects.bulk_create(
            [WrittenTestScore(officer_id=pk, score=s, imported_at=now, imported_by=name) for pk, s in scores.items()]
        )
        audit_record(
            actor=actor,
            role=role,
            action=OfficerAuditAction.SCORES_IMPORT,
            object_code=region,
            summary=f"{body_value.value}: {len(scores)} nilai tes tertulis",
        )
    return len(scores)


def _refuse_file(code: OfficerErrorCode, problems: list[LineProblem]):
    shown = problems[:1000]
    raise DomainError(
        code,
        f"Berkas memiliki {len(problems)} kesalahan; tidak ada yang disimpan. Perbaiki lalu unggah lagi.",
        field="file",
        details=[p.as_dict() for p in shown],
    )


def shortlist_draw(*, actor: Actor, election: Election, body: str, posting: str) -> list[int]:
    """Moves the posting's best-scored eligible applicants (three times the seats, ties at the cut kept)
    to the interview; returns their ids."""
    body_value = body_of(body)
    if body_value not in WRITTEN_TEST:
        raise DomainError(
            OfficerErrorCode.NO_WRITTEN_TEST, "Hanya PPK dan PPS yang mengikuti tes tertulis.", field="body"
        )
    posting = posting_check(body_value, posting)
    role = acting_role(actor, Action.MANAGE_OFFICERS, body_value, posting)
    with service_transaction():
        candidates = list(
            selectors.posting_officers(election, body_value, posting)
            .select_for_update()
            .filter(status=Status.ELIGIBLE, test_score__isnull=False)
            .select_related("test_score")
        )
        if not candidates:
            raise Conflict(
                OfficerErrorCode.NOT_SHORTLISTABLE,
                "Belum ada pendaftar memenuhi syarat yang bernilai tes di tempat tugas ini.",
                field="posting",
            )
        seats = selectors.posting_seats(election, body_value, posting)
        chosen = shortlist({o.pk: o.test_score.score for o in candidates}, seats)
        for officer in candidates:
            if officer.pk in chosen:
                status_change_add(officer, Status.SHORTLISTED, reasons=0, note="nilai tes tertulis", actor=actor)
        audit_record(
            actor=actor,
            role=role,
            action=OfficerAuditAction.SHORTLIST,
            object_code=posting,
            summary=f"{body_value.value}: {len(chosen)} dari {len(candidates)} masuk wawancara ({seats} kursi)",
        )
    return sorted(chosen)


# --- the public comment window ---------------------------------------------------------------------------


def comment_window_open(
    *, actor: Actor, election: Election, body: str, posting: str, opens_on: object, closes_on: object
) -> CommentWindow:
    body_value = body_of(body)
    posting = posting_check(body_value, posting)
    role = acting_role(actor, Action.MANAGE_OFFICERS, body_value, posting)
    if not isinstance(opens_on, date) or not isinstance(closes_on, date) or closes_on < opens_on:
        raise DomainError(
            OfficerErrorCode.COMMENT_WINDOW_INVALID,
            "Isi tanggal buka dan tutup; tanggal tutup tidak boleh sebelum tanggal buka.",
            field="closes_on",
        )
    name = actor.name
    try:
        with service_transaction():
            window = CommentWindow.objects.create(
                election=election,
                body=body_value,
                posting_code=posting,
                opens_on=opens_on,
                closes_on=closes_on,
                opened_by=name,
                opened_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                role=role,
                action=OfficerAuditAction.COMMENT_WINDOW,
                object_code=posting,
                summary=f"{body_value.value}: tanggapan masyarakat {opens_on.isoformat()}–{closes_on.isoformat()}"
                f" (jendela {window.pk})",
            )
    except IntegrityError:
        raise Conflict(
            OfficerErrorCode.COMMENT_WINDOW_EXISTS, "Daftar ini sudah memiliki masa tanggapan.", field="posting"
        ) from None
    return window


def comment_rate_check(client: str) -> None:
    """Counts one comment of a client (its keyed address); RateLimited past ``COMMENTS_PER_HOUR``."""
    rate_check(f"officers-comment:{client}", COMMENTS_PER_HOUR, period=3600)


def comment_add(*, window_id: int, officer_id: int | None, text: object, contact: object) -> PublicComment:
    """A comment from the public on a listed candidate (or the list), while the window is open today. The
    contact is kept for the office; the audit event names the window, never the commenter."""
    window = CommentWindow.objects.filter(pk=window_id).first()
    if window is None:
        raise NotFound(OfficerErrorCode.COMMENT_WINDOW_NOT_FOUND, "Masa tanggapan tidak ditemukan.", field="window")
    today = clock.today()
    if not window.opens_on <= today <= window.closes_on:
        raise Conflict(OfficerErrorCode.COMMENT_WINDOW_CLOSED, "Masa tanggapan tidak sedang dibuka.", field="window")
    text = " ".join(text.split()) if isinstance(text, str) else ""
    contact = contact.strip() if isinstance(contact, str) else ""
    if not text or len(text) > COMMENT_MAX:
        raise DomainError(
            OfficerErrorCode.COMMENT_INVALID, f"Tulis tanggapan, paling banyak {COMMENT_MAX} karakter.", field="text"
        )
    if not contact or len(contact) > CONTACT_MAX:
        raise DomainError(
            OfficerErrorCode.COMMENT_INVALID, "Isi nomor telepon atau surel untuk dihubungi.", field="contact"
        )
    officer = None
    if officer_id is not None:
        officer = next((o for o in selectors.window_listed(window) if o.pk == officer_id), None)
        if officer is None:
            raise DomainError(
                OfficerErrorCode.COMMENT_INVALID, "Calon yang dipilih tidak ada dalam daftar ini.", field="officer"
            )
    with service_transaction():
        comment = PublicComment.objects.create(
            window=window, officer=officer, text=text, contact=contact, created_at=timezone.now()
        )
        audit_record(
            actor=PUBLIC,
            action=OfficerAuditAction.COMMENT,
            object_code=str(window.pk),
            summary=f"tanggapan {comment.pk} atas {'petugas ' + str(officer.pk) if officer else 'daftar'}",
        )
    return comment


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
