"""Eligibility for every open application (pendaftar, memenuhi syarat, tidak memenuhi syarat) of an
election within a region, in set-based SQL: one statement per requirement over all the applicants at
once, the same on SQLite and PostgreSQL, in one transaction with one audit event.

The rules are ``eligibility.py``'s (``assess``, property-tested); this module states each of them as
SQL over the records, and a test holds the two to the same verdicts on random applicants. The dates
each rule reads come from each body's appointment day (``RecruitmentSchedule``) through
``eligibility.years_before``, computed once in Python: whoever was born on or before ``adult_by`` is 17
on that day, born on or before ``over55_by`` is over 55, and a listing taken off on or after
``party_since`` was taken off less than five years before.

The party listings are ``parties.Member``, whatever the party's election: a listing not taken off is a
membership now. The NIK's agreement with the birth date and sex is checked when a record is made (the
form and the import refuse a NIK that disagrees), so it is not repeated here.

The statuses move as ``bodies.TRANSITIONS`` allows (checked below when the module loads), each move
with its history step: ``services.status_change_add`` does that one record at a time, which for a
million applicants would be two million statements; here it is one INSERT ... SELECT and one UPDATE.
A record whose status stays gets its reasons and flags brought up to date without a history step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import EDUCATION_RANK, Body, Education, Status, may_move
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import Application, Officer, OfficerStatusChange, RecruitmentSchedule, Screening
from suara.officers.recruitment.eligibility import (
    AREA_LENGTH,
    BLOCKING,
    KPPS_PREFERRED_MAX_AGE,
    MIN_AGE,
    PARTY_GAP_YEARS,
    Flag,
    Reason,
    years_before,
)
from suara.parties.models import Member

OPEN = (Status.APPLICANT, Status.ELIGIBLE, Status.INELIGIBLE)
assert all(s == t or may_move(s, t) for s in OPEN for t in (Status.ELIGIBLE, Status.INELIGIBLE))
SPOUSE_OFFICER_STATUSES = (Status.SELECTED, Status.RESERVE, Status.APPOINTED)
SPOUSE_APPLYING_STATUSES = (Status.APPLICANT, Status.ELIGIBLE, Status.SHORTLISTED)
GOOD_EDUCATION = tuple(e.value for e in Education if EDUCATION_RANK[e] >= EDUCATION_RANK[Education.SMA])
DATES = "suara_officer_assess_dates"
VERDICTS = "suara_officer_assess"
STEPS = 8

Progress = Callable[[int, int], None]


@dataclass
class AssessResult:
    assessed: int = 0
    eligible: int = 0
    ineligible: int = 0
    moved: int = 0
    unscheduled: list[str] = field(default_factory=list)  # bodies with applicants but no appointment day
    by_reason: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _new_status() -> str:
    return (
        f"CASE WHEN (v.reasons & {int(BLOCKING)}) <> 0 THEN '{Status.INELIGIBLE.value}' "
        f"ELSE '{Status.ELIGIBLE.value}' END"
    )


def eligibility_assess(
    *, election: Election, actor: str, role: str = "", region_code: str = "", progress: Progress | None = None
) -> AssessResult:
    """Assesses the open applications of ``election`` posted within ``region_code`` ("" nationwide)."""
    started = time.monotonic()
    schedules = {s.body: s.appointment_on for s in RecruitmentSchedule.objects.filter(election=election)}
    if not schedules:
        raise Conflict(
            OfficerErrorCode.SCHEDULE_MISSING,
            f"Hari pelantikan badan ad hoc {election.name} belum ditetapkan: syarat usia dan keanggotaan partai "
            "tidak dapat diperiksa.",
            field="pemilu",
        )
    result = AssessResult()
    officer, history, application, screening, member = (
        _q(m._meta.db_table) for m in (Officer, OfficerStatusChange, Application, Screening, Member)
    )
    tz = timezone.get_current_timezone()
    ops = connection.ops
    now = timezone.now()
    done = [0]
    last = [time.monotonic()]

    def step(name: str) -> None:
        done[0] += 1
        moment = time.monotonic()
        result.timings[name] = moment - last[0]
        last[0] = moment
        if progress is not None:
            progress(done[0], STEPS)

    scope = [election.pk, Status.APPLICANT.value, Status.ELIGIBLE.value, Status.INELIGIBLE.value, region_code + "%"]
    selected = "o.election_id = %s AND o.status IN (%s, %s, %s) AND o.posting_code LIKE %s"
    with service_transaction(), connection.cursor() as cursor:
        pg = connection.vendor == "postgresql"
        temporary = "CREATE TEMPORARY TABLE"
        on_commit = " ON COMMIT DROP" if pg else ""
        stamp = "timestamptz" if pg else "datetime"
        for table in (DATES, VERDICTS):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"{temporary} {DATES} (body varchar(10) PRIMARY KEY, adult_by date, over55_by date, "
            f"party_since {stamp}, area_length integer){on_commit}"
        )
        cursor.execute(
            f"{temporary} {VERDICTS} (officer_id bigint PRIMARY KEY, reasons integer, flags integer){on_commit}"
        )
        for body, appointment_on in schedules.items():
            cutoff = years_before(appointment_on, PARTY_GAP_YEARS) + timedelta(days=1)
            party_since = timezone.make_aware(datetime.combine(cutoff, datetime.min.time()), tz)
            cursor.execute(
                f"INSERT INTO {DATES} VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                [
                    body,
                    ops.adapt_datefield_value(years_before(appointment_on, MIN_AGE)),
                    ops.adapt_datefield_value(years_before(appointment_on, KPPS_PREFERRED_MAX_AGE + 1)),
                    ops.adapt_datetimefield_value(party_since),
                    AREA_LENGTH[Body(body)],
                ],
            )
        cursor.execute(
            f"SELECT DISTINCT o.body FROM {officer} o WHERE {selected} "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM {DATES} d WHERE d.body = o.body)",
            scope,
        )
        result.unscheduled = sorted(body for (body,) in cursor.fetchall())
        step("dates")

        good = _in(GOOD_EDUCATION)
        letter = "COALESCE(a.education_letter, FALSE)"
        cursor.execute(
            f"INSERT INTO {VERDICTS} (officer_id, reasons, flags) SELECT o.id, "  # noqa: S608
            f"CASE WHEN o.birth_date > d.adult_by THEN {Reason.UNDERAGE:d} ELSE 0 END"
            f" + CASE WHEN length(o.domicile_code) < d.area_length OR substr(o.domicile_code, 1, d.area_length) "
            f"<> substr(o.posting_code, 1, d.area_length) THEN {Reason.OUTSIDE_AREA:d} ELSE 0 END"
            f" + CASE WHEN o.education IN {good} OR {letter} THEN 0 ELSE {Reason.EDUCATION:d} END, "
            f"CASE WHEN o.body = '{Body.KPPS.value}' AND o.birth_date <= d.over55_by THEN {Flag.OVER_55:d} ELSE 0 END"
            f" + CASE WHEN o.education NOT IN {good} AND {letter} THEN {Flag.EDUCATION_LETTER:d} ELSE 0 END "
            f"FROM {officer} o JOIN {DATES} d ON d.body = o.body "
            f"LEFT JOIN {application} a ON a.officer_id = o.id WHERE {selected}",
            scope,
        )
        if pg:
            cursor.execute(f"ANALYZE {VERDICTS}")
        step("age, domicile, education, KPPS age")

        def mark(bits: int, flags: int, condition: str, name: str, params=()) -> None:
            cursor.execute(
                f"UPDATE {VERDICTS} SET reasons = reasons | {bits}, flags = flags | {flags} "  # noqa: S608
                f"WHERE officer_id IN (SELECT o.id FROM {officer} o JOIN {DATES} d ON d.body = o.body "
                f"JOIN {VERDICTS} v ON v.officer_id = o.id WHERE {condition})",
                list(params),
            )
            step(name)

        # Both party rules in one pass over the listings (twenty million of them nationwide): each
        # applicant's listings by NIK, whether one stands now and whether one was taken off lately.
        cursor.execute(
            f"UPDATE {VERDICTS} SET reasons = {VERDICTS}.reasons | p.bits FROM (SELECT o.id AS officer_id, "  # noqa: S608
            f"max(CASE WHEN m.removed_at IS NULL THEN {Reason.PARTY_MEMBER:d} ELSE 0 END) "
            f"+ max(CASE WHEN m.removed_at >= d.party_since THEN {Reason.PARTY_RECENT:d} ELSE 0 END) AS bits "
            f"FROM {officer} o JOIN {VERDICTS} v ON v.officer_id = o.id JOIN {DATES} d ON d.body = o.body "
            f"JOIN {member} m ON m.nik = o.nik GROUP BY o.id) p WHERE {VERDICTS}.officer_id = p.officer_id"
        )
        step("party listings")
        spouse = (
            f"o.kk <> '' AND o.marital = 'S' AND EXISTS (SELECT 1 FROM {officer} p "  # noqa: S608
            f"WHERE p.election_id = o.election_id AND p.body = o.body AND p.posting_code = o.posting_code "
            f"AND p.kk = o.kk AND p.marital = 'S' AND p.id <> o.id AND p.status IN "
        )
        mark(Reason.SPOUSE_OFFICER, 0, spouse + _in(SPOUSE_OFFICER_STATUSES) + ")", "spouse an officer")
        mark(0, Flag.SPOUSE_APPLIED, spouse + _in(SPOUSE_APPLYING_STATUSES) + ")", "spouse applying")
        # The latest screening (by day, then id) is high risk and not cleared by a doctor.
        high_risk = (
            f"EXISTS (SELECT 1 FROM {screening} s WHERE s.officer_id = o.id AND s.risk = 'tinggi' "  # noqa: S608
            f"AND s.cleared_at IS NULL AND NOT EXISTS (SELECT 1 FROM {screening} t WHERE t.officer_id = s.officer_id "
            f"AND (t.screened_on > s.screened_on OR (t.screened_on = s.screened_on AND t.id > s.id))))"
        )
        mark(Reason.HEALTH_UNCLEARED, Flag.HIGH_HEALTH_RISK, high_risk, "health")

        cursor.execute(
            f"INSERT INTO {history} (officer_id, status, reasons, note, actor, at) "  # noqa: S608
            f"SELECT o.id, {_new_status()}, v.reasons, 'pemeriksaan persyaratan', %s, %s "
            f"FROM {VERDICTS} v JOIN {officer} o ON o.id = v.officer_id WHERE o.status <> {_new_status()}",
            [actor, now],
        )
        result.moved = cursor.rowcount
        if pg:
            update = (
                f"UPDATE {officer} o SET status = {_new_status()}, reasons = v.reasons, flags = v.flags, "  # noqa: S608
                f"updated_at = %s FROM {VERDICTS} v WHERE o.id = v.officer_id "
                f"AND (o.status <> {_new_status()} OR o.reasons <> v.reasons OR o.flags <> v.flags)"
            )
        else:
            mine = f"FROM {VERDICTS} v WHERE v.officer_id = {officer}.id"
            update = (
                f"UPDATE {officer} SET status = (SELECT {_new_status()} {mine}), "  # noqa: S608
                f"reasons = (SELECT v.reasons {mine}), flags = (SELECT v.flags {mine}), updated_at = %s "
                f"WHERE id IN (SELECT v.officer_id FROM {VERDICTS} v JOIN {officer} o ON o.id = v.officer_id "
                f"WHERE o.status <> {_new_status()} OR o.reasons <> v.reasons OR o.flags <> v.flags)"
            )
        cursor.execute(update, [now])
        step("statuses and history")
        cursor.execute(
            f"SELECT v.reasons, count(*) FROM {VERDICTS} v GROUP BY v.reasons"  # noqa: S608
        )
        by_bits = cursor.fetchall()
        for table in (DATES, VERDICTS):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        for bits, n in by_bits:
            result.assessed += n
            if bits & BLOCKING:
                result.ineligible += n
            else:
                result.eligible += n
            for reason in Reason:
                if bits & reason:
                    result.by_reason[reason.name.lower()] = result.by_reason.get(reason.name.lower(), 0) + n
        audit_record(
            actor=actor,
            role=role,
            action=OfficerAuditAction.ELIGIBILITY,
            object_code=region_code or "nasional",
            summary=f"Pemeriksaan persyaratan {election.slug}: {result.assessed} pendaftar, {result.eligible} "
            f"memenuhi syarat, {result.ineligible} tidak memenuhi syarat, {result.moved} berubah status",
        )
        step("counts")
    result.seconds = time.monotonic() - started
    return result
