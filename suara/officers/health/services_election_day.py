"""Writes of the officers' health on election day, each one transaction and one audit event naming the
officer's record id (or the TPS), never a value: the KPPS chair's check-ins, incidents (a death moves the
officer to ``meninggal`` in the same transaction), the periodic check that raises missed check-in and
relief alerts, the ministry's export of the incidents, and the import of the health facilities near the
TPS. Screenings before the day are ``services_screening``."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from suara.accounts.authz import authorize, require
from suara.accounts.roles import Action, Role, Scope, ScopeKind
from suara.audit.actors import Actor
from suara.audit.services import audit_event, audit_record, service_transaction
from suara.core.db import insert_rows
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.core.timezones import ZONES, zone_of
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import Body, Position, Status
from suara.officers.errors import OfficerErrorCode
from suara.officers.health import selectors, slots
from suara.officers.health.aggregates import SYMPTOM_LABELS, Symptom, age_on
from suara.officers.models import CheckIn, HealthAlert, HealthFacility, Incident, Officer
from suara.officers.services import status_change_add
from suara.results.entry.selectors import tps_submitted

EARLY = timedelta(minutes=60)  # a check-in may come this long before its slot's time

# Who the audit log names for the periodic alert job.
SCHEDULER = Actor.named("scheduler")


def _tps_allowed(actor: Actor, tps_code: str) -> None:
    if not authorize(actor.officer(), Action.CHECK_IN, Scope(ScopeKind.TPS, tps_code)):
        raise PermissionDenied(OfficerErrorCode.CHECKIN_OTHER_TPS, "Akun Anda tidak bertugas di TPS ini.", field="tps")


@dataclass
class CheckInOutcome:
    checkin: CheckIn
    created: bool


def checkin_record(
    *,
    actor: Actor,
    election: Election,
    tps_code: str,
    slot: str,
    all_well: bool,
    unwell: list[int],
    now: datetime | None = None,
) -> CheckInOutcome:
    """The KPPS chair's check-in for its TPS at ``slot``: everyone present and well, or the roster's
    officers who are not (each gets an open ``sakit`` incident). One per TPS and slot: a resend answers the
    first and records nothing.

    The hot write of election day (823k TPS, five times each): after the checks, the check-in, its
    incidents and its audit event go in one statement on PostgreSQL (``core.db.insert_rows``), which is
    its one transaction; a resend fails on the (election, TPS, slot) key and answers what is stored. The
    alerts a late check-in or a finish answers are resolved by the periodic check
    (``checkin_alerts_compute``), set-based, within a minute."""
    _tps_allowed(actor, tps_code)
    every = settings.SUARA_CHECKIN_COUNTING_HOURS
    if slot not in slots.slot_names(every):
        raise DomainError(OfficerErrorCode.CHECKIN_UNKNOWN_SLOT, "Jadwal lapor tidak dikenal.", field="slot")
    now = now or timezone.now()
    zone = ZONES[zone_of(tps_code)]
    offsets = dict(slots.timed_slots(every))
    opens = slots.slot_due(election.voting_day, offsets.get(slot, offsets[slots.CLOSING]), zone) - EARLY
    if now < opens:
        raise Conflict(OfficerErrorCode.CHECKIN_SLOT_NOT_OPEN, "Waktu lapor ini belum tiba.", field="slot")
    unwell = sorted(set(unwell))
    if all_well and unwell:
        raise DomainError(
            OfficerErrorCode.CHECKIN_OFFICER_NOT_IN_ROSTER,
            "Semua sehat, atau sebutkan yang tidak sehat.",
            field="tidak_sehat",
        )
    if unwell and not set(unwell) <= selectors.roster_ids(election.pk, tps_code):
        raise DomainError(
            OfficerErrorCode.CHECKIN_OFFICER_NOT_IN_ROSTER,
            "Petugas yang disebut tidak ada di daftar TPS ini.",
            field="tidak_sehat",
        )
    checkin = CheckIn(
        election=election, tps_code=tps_code, slot=slot, all_well=all_well, unwell=unwell, by=actor.name, at=now
    )
    incidents = [
        Incident(
            election=election, officer_id=pk, tps_code=tps_code, kind=Incident.Kind.UNWELL, symptom=Symptom.OTHER,
            occurred_at=now, recorded_by=actor.name, recorded_at=now,
        )
        for pk in unwell
    ]  # fmt: skip
    event = audit_event(
        actor=actor,
        role=Role.KPPS.value,
        action=OfficerAuditAction.CHECKIN,
        object_code=tps_code,
        summary=f"{slot}: {'semua sehat' if all_well else f'{len(unwell)} tidak sehat'}",
    )
    try:
        insert_rows([checkin, *incidents, event])
    except IntegrityError:  # a resend (or two sends at once): the first one stands
        existing = CheckIn.objects.filter(election=election, tps_code=tps_code, slot=slot).first()
        if existing is None:
            raise
        return CheckInOutcome(existing, False)
    return CheckInOutcome(checkin, True)


INCIDENT_KINDS = {k.value for k in Incident.Kind}


def incident_record(
    *, actor: Actor, officer_id: int, kind: str, symptom: str, occurred_at: datetime, election: Election | None = None
) -> Incident:
    """An incident of an officer on duty, by the KPPS chair of its TPS or the region's health officer. A
    death also moves the officer to ``meninggal`` (its history), in the same transaction."""
    if kind not in INCIDENT_KINDS or symptom not in SYMPTOM_LABELS:
        raise DomainError(
            OfficerErrorCode.INCIDENT_BAD_KIND, "Jenis kejadian atau kode gejala tidak dikenal.", field="kind"
        )
    officer = Officer.objects.filter(pk=officer_id).first()
    if officer is None:
        raise NotFound(OfficerErrorCode.OFFICER_NOT_FOUND, "Petugas tidak ditemukan di wilayah Anda.", field="officer")
    if not (
        authorize(actor.officer(), Action.RECORD_HEALTH, officer.posting_code)
        or authorize(actor.officer(), Action.CHECK_IN, Scope.geographic(officer.posting_code))
    ):
        raise PermissionDenied(
            OfficerErrorCode.CHECKIN_OTHER_TPS, "Petugas ini tidak bertugas di wilayah Anda.", field="officer"
        )
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise DomainError(
            OfficerErrorCode.INCIDENT_BAD_KIND, "Waktu kejadian tidak boleh di masa depan.", field="occurred_at"
        )
    now = timezone.now()
    with service_transaction():
        officer = Officer.objects.select_for_update().get(pk=officer.pk)
        incident = Incident.objects.create(
            election_id=officer.election_id, officer=officer, tps_code=officer.posting_code, kind=kind,
            symptom=symptom, occurred_at=occurred_at, recorded_by=actor.name, recorded_at=now,
            closed_at=now if kind == Incident.Kind.DIED else None,
        )  # fmt: skip
        if kind == Incident.Kind.DIED:
            status_change_add(officer, Status.DECEASED, reasons=0, note="insiden kesehatan", actor=actor)
        audit_record(actor=actor, action=OfficerAuditAction.INCIDENT, object_code=str(officer.pk), summary=kind)
    return incident


def incident_close(*, actor: Actor, incident_id: int) -> Incident:
    incident = Incident.objects.filter(pk=incident_id).select_related("officer").first()
    if incident is None or not authorize(actor.officer(), Action.RECORD_HEALTH, incident.tps_code):
        raise NotFound(
            OfficerErrorCode.OFFICER_NOT_FOUND, "Kejadian tidak ditemukan di wilayah Anda.", field="incident"
        )
    with service_transaction():
        incident.closed_at = timezone.now()
        incident.save(update_fields=["closed_at"])
        audit_record(
            actor=actor,
            action=OfficerAuditAction.INCIDENT_CLOSE,
            object_code=str(incident.officer_id),
            summary="",
        )
    return incident


def _zone_provinces() -> dict[str, list[str]]:
    zones: dict[str, list[str]] = {}
    for n in range(11, 100):
        zones.setdefault(zone_of(f"{n:02d}"), []).append(f"{n:02d}")
    return zones


_MISSED_SQL = """
INSERT INTO officers_healthalert (election_id, tps_code, kind, slot, raised_at)
SELECT DISTINCT o.election_id, o.posting_code, 'missed', %s, %s
FROM officers_officer o
WHERE o.election_id = %s AND o.body = %s AND o.position = %s AND o.status = %s
  AND substr(o.posting_code, 1, 2) IN ({provinces})
  AND NOT EXISTS (
    SELECT 1 FROM officers_checkin c
    WHERE c.election_id = o.election_id AND c.tps_code = o.posting_code AND c.slot IN (%s, %s)
  )
ON CONFLICT DO NOTHING
"""


def checkin_alerts_compute(now: datetime | None = None) -> int:
    """The periodic check (``jobs.schedule``): for each election whose voting day is today or yesterday,
    every TPS with an appointed KPPS chair that has missed a slot (its time plus
    ``SUARA_CHECKIN_GRACE_MINUTES`` passed with no check-in for it, and not finished) gets a ``missed``
    alert, one INSERT … SELECT per slot and time zone; every such TPS still counting at midnight (no
    ``selesai`` check-in and results not in for each of its contests: ``results`` answers) a ``relief``
    flag, resolved when its results come in. Returns how many alerts were raised or resolved; a run that
    changes nothing records nothing, and one that does records one audit event with the counts."""
    now = now or timezone.now()
    every, grace = settings.SUARA_CHECKIN_COUNTING_HOURS, timedelta(minutes=settings.SUARA_CHECKIN_GRACE_MINUTES)
    today = timezone.localdate(now)
    raised = resolved = 0
    with transaction.atomic():
        for election in Election.objects.filter(voting_day__gte=today - timedelta(days=2), voting_day__lte=today):
            for zone_name, provinces in _zone_provinces().items():
                zone = ZONES[zone_name]
                marks = ", ".join(["%s"] * len(provinces))
                for slot in slots.due_slots(election.voting_day, zone, now, every, grace):
                    with connection.cursor() as cursor:
                        cursor.execute(
                            _MISSED_SQL.format(provinces=marks),
                            [slot, now, election.pk, Body.KPPS.value, Position.CHAIR.value, Status.APPOINTED.value,
                             *provinces, slot, slots.FINISH],
                        )  # fmt: skip
                        raised += max(cursor.rowcount, 0)
                if now >= slots.slot_due(election.voting_day, slots.RELIEF_AFTER, zone):
                    raised_now, resolved_now = _relief(election, provinces, now)
                    raised += raised_now
                    resolved += resolved_now
        resolved += _resolve_answered()
        if raised or resolved:
            audit_record(
                actor=SCHEDULER,
                action=OfficerAuditAction.HEALTH_ALERTS,
                summary=f"{raised} peringatan baru, {resolved} selesai",
            )
    return raised + resolved


def _resolve_answered() -> int:
    """Resolves the open alerts a check-in has since answered: a missed slot checked in late, and every
    alert of a TPS that has checked in as finished. Set-based: one UPDATE each."""
    now = timezone.now()
    late = CheckIn.objects.filter(
        election_id=OuterRef("election_id"), tps_code=OuterRef("tps_code"), slot=OuterRef("slot")
    )
    finished = CheckIn.objects.filter(
        election_id=OuterRef("election_id"), tps_code=OuterRef("tps_code"), slot=slots.FINISH
    )
    open_alerts = HealthAlert.objects.filter(resolved_at__isnull=True)
    count = open_alerts.filter(kind=HealthAlert.Kind.MISSED).filter(Exists(late)).update(resolved_at=now)
    return count + open_alerts.filter(Exists(finished)).update(resolved_at=now)


def _relief(election: Election, provinces: list[str], now: datetime) -> tuple[int, int]:
    finished = CheckIn.objects.filter(election=election, slot=slots.FINISH).values_list("tps_code", flat=True)
    chaired = set(selectors.chaired_tps(election.pk).exclude(posting_code__in=finished))
    chaired = {code for code in chaired if code[:2] in provinces}
    flagged = dict(
        HealthAlert.objects.filter(election=election, kind=HealthAlert.Kind.RELIEF, tps_code__in=chaired).values_list(
            "tps_code", "resolved_at"
        )
    )
    done = tps_submitted(election.pk, chaired)
    new = [
        HealthAlert(election=election, tps_code=code, kind=HealthAlert.Kind.RELIEF, slot="", raised_at=now)
        for code in sorted(chaired - done - set(flagged))
    ]
    HealthAlert.objects.bulk_create(new, batch_size=5000, ignore_conflicts=True)
    to_resolve = [code for code, at in flagged.items() if at is None and code in done]
    HealthAlert.objects.filter(election=election, kind=HealthAlert.Kind.RELIEF, tps_code__in=to_resolve).update(
        resolved_at=now
    )
    return len(new), len(to_resolve)


EXPORT_COLUMNS = (
    "tanggal", "provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan", "tps", "nama", "nik",
    "jenis_kelamin", "umur", "badan", "jabatan", "kejadian", "gejala", "waktu_kejadian", "status_petugas",
)  # fmt: skip


def health_export(*, actor: Actor, region: str, election: Election) -> str:
    """The incidents of ``region`` in the fields the health ministry's reports of sick and deceased
    election officers collect (docs/officers.md lists them), as CSV with names: only the region's
    health officer, and the download audited."""
    require(actor.officer(), Action.EXPORT_HEALTH, region)
    from suara.regions.models import Region

    incidents = list(selectors.incidents_for_export(region, election))
    codes = {i.tps_code[:n] for i in incidents for n in (2, 4, 6, 10)}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for i in incidents:
        o, local = i.officer, timezone.localtime(i.occurred_at, ZONES[zone_of(i.tps_code)])
        places = [names.get(i.tps_code[:n], i.tps_code[:n]) for n in (2, 4, 6, 10)]
        writer.writerow(
            [local.date().isoformat(), *places, i.tps_code, _cell(o.name), o.nik, o.sex,
             age_on(o.birth_date, local.date()), o.body, o.position, i.kind, i.symptom,
             local.isoformat(timespec="minutes"), o.status]
        )  # fmt: skip
    with service_transaction():
        audit_record(
            actor=actor,
            action=OfficerAuditAction.HEALTH_EXPORT,
            object_code=region,
            summary=f"{election.slug}: {len(incidents)} kejadian",
        )
    return out.getvalue()


def _cell(text: str) -> str:
    """A spreadsheet reads a leading = + - @ as a formula: quoted away."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def facilities_import(*, actor: Actor, content: bytes) -> int:
    """Health facilities (CSV: ``nama,jenis,kode_wilayah,telepon``; ``jenis`` puskesmas or rs) within the
    user's region; all or nothing, problems by line and code."""
    user = actor.officer()
    try:
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    except UnicodeDecodeError:
        raise DomainError(
            OfficerErrorCode.HEALTH_IMPORT_INVALID, "Berkas harus teks UTF-8 (CSV).", field="file"
        ) from None
    if not reader.fieldnames or not {"nama", "jenis", "kode_wilayah"} <= set(reader.fieldnames):
        raise DomainError(
            OfficerErrorCode.HEALTH_IMPORT_INVALID, "Kolom wajib: nama, jenis, kode_wilayah.", field="file"
        )
    rows, problems = [], []
    for line, row in enumerate(reader, start=2):
        name, kind = (row.get("nama") or "").strip(), (row.get("jenis") or "").strip().lower()
        code, phone = (row.get("kode_wilayah") or "").strip(), (row.get("telepon") or "").strip()
        if not 3 <= len(name) <= 150:
            problems.append(f"baris {line}: nama_salah")
        elif kind not in HealthFacility.Kind.values:
            problems.append(f"baris {line}: jenis_salah")
        elif not (code.isdigit() and len(code) in (4, 6, 10)) or not authorize(user, Action.RECORD_HEALTH, code):
            problems.append(f"baris {line}: wilayah_salah")
        elif len(phone) > 20:
            problems.append(f"baris {line}: telepon_salah")
        else:
            rows.append(HealthFacility(name=name, kind=kind, region_code=code, phone=phone))
    if problems:
        raise DomainError(
            OfficerErrorCode.HEALTH_IMPORT_INVALID,
            f"{len(problems)} baris salah: {'; '.join(problems[:50])}.",
            field="file",
        )
    with service_transaction():
        HealthFacility.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action=OfficerAuditAction.FACILITY_IMPORT,
            summary=f"{len(rows)} fasilitas kesehatan",
        )
    return len(rows)
