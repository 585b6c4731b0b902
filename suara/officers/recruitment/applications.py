"""The public form's service: one application in, with its history and one audit event, and the code
its applicant checks it with; and the status read by that code.

The code is random (50 bits, ``accounts.one_time_codes``), shown once; only its keyed hash is stored.
A status is read by POST (the form, the API), never with the code or the NIK in a URL. The status answer
names the reasons in words but never the party that listed the applicant (an officer's signed-in page
does)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from suara.accounts.one_time_codes import code_new, code_normalise
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError, NotFound
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import BODY_LABELS, STATUS_LABELS, Body, Status
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import Application, Officer, OfficerStatusChange, RecruitmentSchedule
from suara.officers.recruitment import documents as docs
from suara.officers.recruitment.eligibility import FLAG_LABELS, REASON_LABELS, flags_of, reasons_of
from suara.officers.recruitment.openings import posting_check
from suara.officers.recruitment.rows import COLUMNS, RowChecker
from suara.people.errors import PeopleErrorCode
from suara.regions.models import Level, Region
from suara.voters.selectors import KnownKecamatan

APPLICANT_ACTOR = "pendaftar"
NIK_CODES = {code.value: code for code in PeopleErrorCode}


def code_hash(code: str) -> str:
    key = hashlib.sha256(b"suara.officers.application-code:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def schedule_open(election: Election, body: Body, today: date) -> RecruitmentSchedule:
    schedule = RecruitmentSchedule.objects.filter(election=election, body=body).first()
    if schedule is None or not schedule.opens_on <= today <= schedule.closes_on:
        raise Conflict(
            OfficerErrorCode.RECRUITMENT_NOT_OPEN,
            f"Pendaftaran {BODY_LABELS[body]} untuk {election.name} tidak dibuka hari ini.",
            field="badan",
        )
    return schedule


class _OneDesa:
    """``known_desa`` for one form: the typed code looked up once."""

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and Region.objects.filter(code=code, level=Level.DESA).exists()


@dataclass(frozen=True)
class Submitted:
    officer: Officer
    code: str  # shown once


def _refusal(problems) -> DomainError:
    first = problems[0]
    details = [{"field": p.column, "code": p.code, "message": p.reason} for p in problems]
    code = NIK_CODES.get(first.code, OfficerErrorCode.APPLICATION_FIELD_INVALID)
    return DomainError(code, first.reason, field=first.column, details=details)


def application_submit(
    *, election: Election, body: Body, posting_code: str, values: dict[str, str], documents: int, letter: bool
) -> Submitted:
    """One application from the public form. ``values`` holds the applicant's fields by the import's
    column names (``rows.COLUMNS``; the body and posting are given apart). Refused with a clear code: a
    malformed field or NIK, an unknown posting or domicile, a domicile in another kab/kota than the
    posting's, a document not confirmed, the NIK already applied to the body, the window closed."""
    today = clock.today()
    schedule_open(election, body, today)
    posting = posting_check(body, posting_code)
    fields = [str(values.get(column, "") or "")[:300] for column in COLUMNS]
    fields[COLUMNS.index("surat_keterangan_pendidikan")] = "ya" if letter else "tidak"
    fields[COLUMNS.index("badan")], fields[COLUMNS.index("kode_penempatan")] = body.value, posting
    checker = RowChecker(
        known_kecamatan=KnownKecamatan(), known_desa=_OneDesa(), postings=lambda _: (posting,), today=today
    )
    record = checker.check(0, fields)
    if record is None:
        raise _refusal(checker.problems)
    _, nik, kk, name, sex, born, marital, phone, email, address, domicile, education, occupation, letter, _, _ = record
    if domicile[:4] != posting[:4]:
        raise DomainError(
            OfficerErrorCode.DOMICILE_OTHER_REGION,
            "Desa domisili berada di kabupaten/kota lain dari penempatan: daftarlah di wilayah tempat tinggal Anda.",
            field="kode_desa_domisili",
        )
    lacking = docs.missing(documents, education_letter=letter)
    if lacking:
        raise DomainError(
            OfficerErrorCode.DOCUMENTS_MISSING,
            "Dokumen belum dikonfirmasi: " + "; ".join(docs.DOCUMENT_LABELS[d] for d in lacking) + ".",
            field="dokumen",
        )
    code = code_new()
    with service_transaction():
        if Officer.objects.filter(election=election, body=body, nik=nik).exists():
            raise Conflict(
                OfficerErrorCode.APPLICATION_EXISTS,
                "NIK ini sudah mendaftar pada badan yang sama dalam pemilu ini; periksa status dengan kode "
                "pendaftaran Anda.",
                field="nik",
            )
        now = timezone.now()
        officer = Officer.objects.create(
            election=election, body=body, posting_code=posting, nik=nik, kk=kk, name=name, sex=sex, birth_date=born,
            marital=marital, phone=phone, email=email, address=address, domicile_code=domicile, education=education,
            occupation=occupation, status=Status.APPLICANT, source=Officer.Source.FORM, applied_at=now, updated_at=now,
        )  # fmt: skip
        OfficerStatusChange.objects.create(
            officer=officer, status=Status.APPLICANT, note="formulir pendaftaran", actor=APPLICANT_ACTOR, at=now
        )
        Application.objects.create(
            officer=officer, documents=documents, education_letter=letter, code_hash=code_hash(code_normalise(code))
        )
        audit_record(
            actor=APPLICANT_ACTOR,
            action=OfficerAuditAction.APPLICATION,
            object_code=str(officer.pk),
            summary=f"Pendaftaran {body.value} {posting}",
        )
    return Submitted(officer, code)


@dataclass(frozen=True)
class StatusAnswer:
    election: str
    body: str
    posting_code: str
    status: str
    status_label: str
    reasons: list[str]
    notes: list[str]
    history: list[tuple[str, str]]  # (status label, ISO timestamp)


def application_status(code: object) -> StatusAnswer:
    """What an applicant sees by their code: the status, the reasons in words (no party named), the
    notes and the history. One answer for every code that is no application's."""
    compact = code_normalise(code) if isinstance(code, str) else None
    application = None
    if compact is not None:
        application = (
            Application.objects.select_related("officer", "officer__election")
            .filter(code_hash=code_hash(compact))
            .first()
        )
    if application is None:
        raise NotFound(
            OfficerErrorCode.APPLICATION_CODE_UNKNOWN,
            "Tidak ada pendaftaran dengan kode ini; periksa kembali kode yang Anda terima.",
            field="kode",
        )
    officer = application.officer
    history = [
        (STATUS_LABELS[Status(change.status)], timezone.localtime(change.at).isoformat(timespec="minutes"))
        for change in officer.history.all()
    ]
    return StatusAnswer(
        election=officer.election.name,
        body=BODY_LABELS[Body(officer.body)],
        posting_code=officer.posting_code,
        status=officer.status,
        status_label=STATUS_LABELS[Status(officer.status)],
        reasons=[REASON_LABELS[r] for r in reasons_of(officer.reasons)],
        notes=[FLAG_LABELS[f] for f in flags_of(officer.flags)],
        history=history,
    )
