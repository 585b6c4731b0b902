"""Writes of the selection: written-test scores in, the interview shortlist, the public comment window and
its comments; and who may act on which body (``acting_role``, ``may_act``), which the appointment
(``services_appointment``) and the rosters ask too.

Each is one transaction with one audit event; a refusal changes nothing. Who may act on which body is
``rules.APPOINTERS``, over ``roles.decide`` with ``Action.MANAGE_OFFICERS`` (``Action.APPOINT_OFFICERS``
for appointments and promotions). Audit summaries name record ids and postings, never a person.
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
from suara.accounts.roles import Action, decide
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.core.ratelimit import rate_check
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import POSTING_LENGTH, Body, Status
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import CommentWindow, Officer, PublicComment, WrittenTestScore
from suara.officers.selection import selectors
from suara.officers.selection.rules import APPOINTERS, WRITTEN_TEST, shortlist
from suara.officers.services import status_change_add

SCORE_MAX = Decimal(100)
SCORES_MAX_ROWS = 100_000
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
