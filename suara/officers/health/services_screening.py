"""Writes of the officers' health before election day, each one transaction and one audit event naming the
officer's record id, never a value: screenings (entered, or imported from BPJS's screening results), a
doctor's clearance (``chair_check``: the chair gate selection asks), the audited view of a person's
record. Election day's writes (and the health facilities near the TPS) are ``services_election_day``."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from suara.accounts.authz import authorize
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict, DomainError, NotFound
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import Body
from suara.officers.errors import OfficerErrorCode
from suara.officers.health import selectors
from suara.officers.health.aggregates import age_on
from suara.officers.health.risk import (
    CONDITION_CODES,
    OUT_OF_RANGE,
    Measurements,
    Risk,
    Thresholds,
    assess,
    range_problems,
)
from suara.officers.models import Officer, Screening

BPJS_AT_RISK = "berisiko"
BPJS_RESULTS = (BPJS_AT_RISK, "tidak_berisiko")
MAX_IMPORT_PROBLEMS = 50


def thresholds() -> Thresholds:
    return Thresholds.with_overrides(settings.SUARA_HEALTH_THRESHOLDS)


def _bad(field: str, message: str) -> DomainError:
    return DomainError(OfficerErrorCode.SCREENING_BAD_VALUE, message, field=field)


def measurements_check(m: Measurements) -> None:
    """Refuses the first value outside its physiological range, with a code naming the field."""
    for problem in range_problems(m):
        code = (
            OfficerErrorCode.SCREENING_OUT_OF_RANGE
            if problem.problem == OUT_OF_RANGE
            else OfficerErrorCode.SCREENING_DIASTOLIC_NOT_BELOW
        )
        raise DomainError(code, problem.message(), field=problem.field)


def screening_record(
    *,
    actor: Actor,
    officer_id: int,
    screened_on: date,
    systolic: int | None = None,
    diastolic: int | None = None,
    fasting_glucose: int | None = None,
    total_cholesterol: int | None = None,
    conditions: int = 0,
    bpjs_result: str = "",
) -> Screening:
    """A screening entered by the region's health officer or the KPU office over the posting: values in
    their ranges, the risk from the rules (age on the screening's day), one audit event."""
    officer = selectors.officer_seen(actor.officer(), officer_id, Action.RECORD_HEALTH)
    if bpjs_result and bpjs_result not in BPJS_RESULTS:
        raise _bad("bpjs_result", "Hasil skrining BPJS: berisiko atau tidak_berisiko.")
    if not 0 <= conditions < 16:
        raise _bad("conditions", "Riwayat penyakit tidak dikenal.")
    if screened_on > timezone.localdate():
        raise _bad("screened_on", "Tanggal skrining tidak boleh di masa depan.")
    m = Measurements(systolic, diastolic, fasting_glucose, total_cholesterol, conditions, bpjs_result == BPJS_AT_RISK)
    measurements_check(m)
    risk, reasons = assess(m, age_on(officer.birth_date, screened_on), thresholds())
    with service_transaction():
        screening = Screening.objects.create(
            officer=officer,
            screened_on=screened_on,
            systolic=systolic,
            diastolic=diastolic,
            fasting_glucose=fasting_glucose,
            total_cholesterol=total_cholesterol,
            conditions=conditions,
            bpjs_result=bpjs_result,
            risk=risk,
            risk_reasons=reasons,
            recorded_by=actor.name,
            recorded_at=timezone.now(),
        )
        audit_record(actor=actor, action=OfficerAuditAction.SCREENING, object_code=str(officer.pk), summary="")
    return screening


@dataclass
class ImportOutcome:
    rows: int
    high: int


def screenings_import_bpjs(*, actor: Actor, election: Election, content: bytes) -> ImportOutcome:
    """BPJS's screening results (CSV: ``nik,tanggal,hasil[,riwayat]``; ``hasil`` berisiko/tidak_berisiko,
    ``riwayat`` the conditions ';'-joined: hipertensi, jantung, ginjal, diabetes) for officers of the
    election within the user's area. All or nothing: a malformed line refuses the file, naming each
    line's problem by code (never the NIK)."""
    user = actor.officer()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            OfficerErrorCode.HEALTH_IMPORT_INVALID, "Berkas harus teks UTF-8 (CSV).", field="file"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"nik", "tanggal", "hasil"} <= set(reader.fieldnames):
        raise DomainError(OfficerErrorCode.HEALTH_IMPORT_INVALID, "Kolom wajib: nik, tanggal, hasil.", field="file")
    parsed, problems = [], []
    codes = {code: flag for flag, code in CONDITION_CODES.items()}
    for line, row in enumerate(reader, start=2):
        try:
            day = date.fromisoformat((row.get("tanggal") or "").strip())
        except ValueError:
            problems.append(f"baris {line}: tanggal_salah")
            continue
        result = (row.get("hasil") or "").strip().lower()
        if result not in BPJS_RESULTS:
            problems.append(f"baris {line}: hasil_salah")
            continue
        bits = 0
        for word in filter(None, (w.strip().lower() for w in (row.get("riwayat") or "").split(";"))):
            if word not in codes:
                problems.append(f"baris {line}: riwayat_salah")
                break
            bits |= codes[word]
        else:
            parsed.append((line, (row.get("nik") or "").strip(), day, result, bits))
    officers = {
        o.nik: o
        for o in Officer.objects.filter(election=election, nik__in=[p[1] for p in parsed]).only(
            "pk", "nik", "birth_date", "posting_code"
        )
    }
    for line, nik, _day, _result, _bits in parsed:
        officer = officers.get(nik)
        if officer is None or not authorize(user, Action.RECORD_HEALTH, officer.posting_code):
            problems.append(f"baris {line}: nik_tidak_dikenal")
    if problems:
        shown = "; ".join(sorted(problems, key=lambda p: int(p.split()[1].rstrip(":")))[:MAX_IMPORT_PROBLEMS])
        raise DomainError(
            OfficerErrorCode.HEALTH_IMPORT_INVALID, f"{len(problems)} baris salah: {shown}.", field="file"
        )
    t, now = thresholds(), timezone.now()
    rows = []
    for _line, nik, day, result, bits in parsed:
        officer = officers[nik]
        risk, reasons = assess(
            Measurements(conditions=bits, bpjs_at_risk=result == BPJS_AT_RISK), age_on(officer.birth_date, day), t
        )
        rows.append(
            Screening(
                officer=officer, screened_on=day, conditions=bits, bpjs_result=result, risk=risk,
                risk_reasons=reasons, recorded_by=actor.name, recorded_at=now,
            )
        )  # fmt: skip
    with service_transaction():
        Screening.objects.bulk_create(rows, batch_size=2000)
        high = sum(1 for r in rows if r.risk == Risk.HIGH)
        audit_record(
            actor=actor,
            action=OfficerAuditAction.SCREENING_IMPORT,
            object_code=election.slug,
            summary=f"{len(rows)} hasil skrining BPJS, {high} risiko tinggi",
        )
    return ImportOutcome(len(rows), high)


def clearance_record(*, actor: Actor, officer_id: int, doctor: str, cleared_on: date) -> Screening:
    """A doctor's clearance of the officer's latest, high-risk screening (the doctor's name and the day):
    the chair gate opens. One audit event naming the officer's id."""
    officer = selectors.officer_seen(actor.officer(), officer_id, Action.RECORD_HEALTH)
    doctor = " ".join(doctor.split())
    if not 3 <= len(doctor) <= 150:
        raise _bad("doctor", "Nama dokter 3–150 karakter.")
    if cleared_on > timezone.localdate():
        raise _bad("cleared_on", "Tanggal tidak boleh di masa depan.")
    with service_transaction():
        latest = Screening.objects.select_for_update().filter(officer=officer).order_by("-screened_on", "-id").first()
        if latest is None:
            raise NotFound(OfficerErrorCode.SCREENING_NOT_FOUND, "Petugas belum diskrining.", field="officer")
        if latest.risk != Risk.HIGH:
            raise Conflict(
                OfficerErrorCode.CLEARANCE_NOT_NEEDED, "Skrining terakhir tidak berisiko tinggi.", field="officer"
            )
        latest.cleared_by_doctor = doctor
        latest.cleared_at = datetime.combine(cleared_on, datetime.min.time(), tzinfo=timezone.get_current_timezone())
        latest.save(update_fields=["cleared_by_doctor", "cleared_at"])
        audit_record(actor=actor, action=OfficerAuditAction.CLEARANCE, object_code=str(officer.pk), summary="")
    return latest


def chair_check(officer: Officer) -> None:
    """Refuses (409 ``chair_not_cleared``) making ``officer`` KPPS chair while ``selectors.chair_blocked``:
    for selection's appointment service to call inside its transaction."""
    if officer.body == Body.KPPS and selectors.chair_blocked(officer):
        raise Conflict(
            OfficerErrorCode.CHAIR_NOT_CLEARED,
            "Petugas berisiko tinggi belum mendapat izin dokter: tidak dapat menjadi ketua KPPS.",
            field="position",
        )


def health_record_view(*, actor: Actor, officer_id: int) -> dict:
    """A person's health record for its viewer (the region's health officer, or the KPU kab/kota over the
    posting), the view audited: who viewed whose (the viewer and the officer's record id)."""
    officer = selectors.officer_seen(actor.officer(), officer_id, Action.VIEW_HEALTH)
    with service_transaction():
        audit_record(actor=actor, action=OfficerAuditAction.HEALTH_VIEW, object_code=str(officer.pk), summary="")
    return selectors.health_record(officer)
