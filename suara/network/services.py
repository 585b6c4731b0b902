"""The writes of the network readiness: a survey of a TPS's signal, and the remediation actions of the
city's Diskominfo. Each is one transaction with one audit event; a refused input writes nothing. The
import of a list is ``importing.py``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError
from django.utils import timezone

from suara.accounts.authz import assignments_of, authorize, require
from suara.accounts.roles import Action, Role
from suara.audit.actors import Actor
from suara.audit.services import audit_event, audit_record, service_transaction
from suara.core.db import insert_rows, prepared_fetchone
from suara.core.errors import Conflict, DomainError, ErrorCode, PermissionDenied
from suara.core.region_codes import is_tps_code
from suara.network import selectors
from suara.network.audit_actions import NetworkAuditAction
from suara.network.errors import NetworkErrorCode
from suara.network.models import Observation, Remediation, RemediationEvent, RemediationTps
from suara.network.rules import EFFECTIVE_TYPES, MAX_PROBE_MS, Kind, Remedy, Source, Status, may_move
from suara.regions.models import Tps

# Who surveys as what: the KPPS and PPS in the app, the city's staff (the pemkot role, its field officers).
SOURCE_OF_ROLE = {
    Role.KPPS: Source.KPPS,
    Role.PPS: Source.PPS,
    Role.PEMKOT_VIEWER: Source.DISKOMINFO,
    Role.CITY_FIELD_OFFICER: Source.DISKOMINFO,
}
CLOCK_SKEW = timedelta(minutes=5)  # a phone's clock a little ahead is not a survey from the future
MAX_GROUP = 500
MAX_OWNER, MAX_NOTE = 120, 1000
_TPS_EXISTS = f"SELECT 1 FROM {Tps._meta.db_table} WHERE code = %s"  # noqa: S608 - a hot path's one statement


@dataclass(frozen=True)
class SurveyOutcome:
    observations: list[Observation]
    created: bool  # False: a resend of a survey recorded before (nothing written)


def _invalid(code: NetworkErrorCode, message: str, field: str) -> DomainError:
    return DomainError(code, message, field=field)


def _readings(readings: Sequence[tuple[str, str]]) -> list[tuple[str, Kind]]:
    known = selectors.operators()
    if not readings or len(readings) > len(known) or len({op for op, _ in readings}) != len(readings):
        raise _invalid(NetworkErrorCode.SURVEY_EMPTY, "Sebutkan sinyal tiap operator, sekali saja.", "operator")
    checked = []
    for operator, kind in readings:
        if operator not in known:
            raise _invalid(NetworkErrorCode.OPERATOR_UNKNOWN, "Operator seluler tidak dikenal.", "operator")
        if kind not in Kind.__members__.values():
            raise _invalid(NetworkErrorCode.SIGNAL_KIND_UNKNOWN, "Sinyal harus none, voice, 3g atau 4g.", "sinyal")
        checked.append((operator, Kind(kind)))
    return checked


def _measures(effective_type: str, probe_ms: int | None, latitude, longitude) -> None:
    bad = (
        (effective_type and effective_type not in EFFECTIVE_TYPES)
        or (probe_ms is not None and not 0 <= probe_ms <= MAX_PROBE_MS)
        or ((latitude is None) != (longitude is None))
        or (latitude is not None and not (-11.5 <= latitude <= 6.5 and 94.0 <= longitude <= 141.5))
    )
    if bad:
        raise _invalid(
            NetworkErrorCode.SURVEY_MEASURE_INVALID,
            "Jenis koneksi, waktu uji atau lokasi tidak sah (lokasi harus di Indonesia, lintang dan bujur bersama).",
            "pengukuran",
        )


def survey_record(
    *,
    actor: Actor,
    tps: str,
    readings: Sequence[tuple[str, str]],
    observed_at: datetime | None = None,
    effective_type: str = "",
    probe_ms: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    submission: uuid.UUID | None = None,
) -> SurveyOutcome:
    """A survey of a TPS's signal by its KPPS or PPS or the city's staff: one observation per operator
    named (``readings``: (operator code, kind)), with what the page measured (the browser's effective
    connection type, the probe's round trip in ms) and the location only when the officer allowed it.
    ``submission`` (the device's id for the survey) makes a resend harmless: the same survey again answers
    what is stored (``created`` False); other contents under the same id are refused (409).

    The hot write: after the checks, the observations and the audit event go in one statement on
    PostgreSQL (``core.db.insert_rows``), its one transaction."""
    user = actor.officer()
    checked = _readings(readings)
    _measures(effective_type, probe_ms, latitude, longitude)
    now = timezone.now()
    observed_at = observed_at or now
    if observed_at > now + CLOCK_SKEW or observed_at < now - selectors.max_age():
        raise _invalid(NetworkErrorCode.SURVEY_TIME_INVALID, "Waktu survei tidak sah.", "waktu")
    if not is_tps_code(tps):
        raise _invalid(NetworkErrorCode.NETWORK_TPS_NOT_FOUND, "TPS tidak ditemukan.", "tps")
    role = require(user, Action.SURVEY_NETWORK, tps)
    if prepared_fetchone(_TPS_EXISTS, [tps]) is None:
        raise DomainError(NetworkErrorCode.NETWORK_TPS_NOT_FOUND, "TPS tidak ditemukan.", field="tps", status=404)
    source = SOURCE_OF_ROLE[role]
    rows = [
        Observation(
            tps_code=tps, operator_id=operator, kind=kind.value, source=source.value, observed_at=observed_at,
            effective_type=effective_type, probe_ms=probe_ms, latitude=latitude, longitude=longitude,
            submission=submission, recorded_by=actor.name, created_at=now,
        )
        for operator, kind in checked
    ]  # fmt: skip
    event = audit_event(
        actor=actor,
        role=role.value,
        action=NetworkAuditAction.SURVEY,
        object_code=tps,
        summary=", ".join(f"{op} {kind}" for op, kind in checked)
        + (f"; {effective_type}" if effective_type else "")
        + (f"; uji {probe_ms} ms" if probe_ms is not None else ""),
    )
    try:
        insert_rows([*rows, event])
    except IntegrityError:  # a resend (or two sends at once) of the same survey: the first one stands
        if submission is None:
            raise
        stored = list(Observation.objects.filter(submission=submission).order_by("pk"))
        if not stored:
            raise
        same = stored[0].tps_code == tps and {(o.operator_id, o.kind) for o in stored} == {
            (op, kind.value) for op, kind in checked
        }
        if not same:
            raise Conflict(
                NetworkErrorCode.SURVEY_REPLAYED, "Survei dengan id ini sudah tercatat berbeda.", field="id"
            ) from None
        return SurveyOutcome(stored, False)
    return SurveyOutcome(rows, True)


# Remediation.
def _area(codes: list[str]) -> str:
    """The smallest region code (or the TPS) holding every code."""
    first, last = min(codes), max(codes)
    n = 0
    while n < 13 and first[n] == last[n]:
        n += 1
    for length in (13, 10, 6, 4):
        if n >= length:
            return first[:length]
    return first[:4]


def _tps_group(user, codes: Sequence[str]) -> tuple[list[str], Role]:
    codes = sorted(set(codes))
    if not codes or len(codes) > MAX_GROUP or not all(is_tps_code(c) for c in codes):
        raise _invalid(NetworkErrorCode.REMEDIATION_TPS_INVALID, "Sebutkan 1 sampai 500 kode TPS.", "tps")
    if len({c[:4] for c in codes}) != 1:
        raise _invalid(NetworkErrorCode.REMEDIATION_TPS_INVALID, "Semua TPS harus di satu kabupaten/kota.", "tps")
    role = None
    for code in {c[:10] for c in codes}:
        decision = authorize(user, Action.MANAGE_READINESS, code)
        if not decision:
            raise PermissionDenied(ErrorCode.FORBIDDEN, "TPS ini di luar wewenang Anda.", field="tps")
        role = decision.role
    known = set(Tps.objects.filter(code__in=codes).values_list("code", flat=True))
    if len(known) != len(codes):
        raise _invalid(NetworkErrorCode.REMEDIATION_TPS_INVALID, "Ada kode TPS yang tidak dikenal.", "tps")
    return codes, role


def _fields(owner: str, due_on, note: str) -> tuple[str, date | None, str]:
    owner = (owner or "").strip()
    if not owner or len(owner) > MAX_OWNER:
        raise _invalid(NetworkErrorCode.REMEDIATION_FIELD_INVALID, "Penanggung jawab wajib diisi (≤ 120).", "pemilik")
    if due_on is not None and not isinstance(due_on, date):
        try:
            due_on = date.fromisoformat(str(due_on))
        except ValueError:
            raise _invalid(NetworkErrorCode.REMEDIATION_FIELD_INVALID, "Tenggat harus YYYY-MM-DD.", "tenggat") from None
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise _invalid(NetworkErrorCode.REMEDIATION_FIELD_INVALID, "Catatan paling panjang 1000 huruf.", "catatan")
    return owner, due_on, note


def remediation_create(
    *, actor: Actor, tps: Sequence[str], remedy: str, owner: str, due_on: date | str | None = None, note: str = ""
) -> Remediation:
    """An action for one TPS or a group of TPS of one kab/kota, by the city's Diskominfo (the pemkot role)
    or the KPU kab/kota, each TPS within the officer's area. Its history starts with its creation."""
    user = actor.officer()
    if remedy not in Remedy.__members__.values():
        raise _invalid(NetworkErrorCode.REMEDY_UNKNOWN, "Jenis tindakan tidak dikenal.", "tindakan")
    codes, role = _tps_group(user, tps)
    owner, due_on, note = _fields(owner, due_on, note)
    now = timezone.now()
    with service_transaction():
        action = Remediation.objects.create(
            city_code=codes[0][:4], area_code=_area(codes), remedy=remedy, owner=owner, due_on=due_on,
            status=Status.OPEN.value, note=note, created_by=actor.name, created_at=now, updated_at=now,
        )  # fmt: skip
        RemediationTps.objects.bulk_create([RemediationTps(remediation=action, tps_code=c) for c in codes])
        RemediationEvent.objects.create(
            remediation=action, version=1, at=now, actor=actor.name, status=action.status, changes={}
        )
        audit_record(
            actor=actor,
            role=role.value,
            action=NetworkAuditAction.REMEDIATION,
            object_code=str(action.pk),
            summary=f"{remedy} untuk {len(codes)} TPS di {action.area_code}",
        )
    return action


def remediation_update(
    *,
    actor: Actor,
    pk: int,
    version: int | None = None,
    status: str | None = None,
    owner: str | None = None,
    due_on: date | str | None = None,
    note: str | None = None,
    clear_due: bool = False,
) -> Remediation:
    """Changes an action's status, owner, due date or note; a step of its history records what changed.
    ``version``: the version the officer read; when the action moved on since, 409 ``remediation_stale``."""
    user = actor.officer()
    with service_transaction():
        action = Remediation.objects.select_for_update().filter(pk=pk).first()
        if action is None or not authorize(user, Action.VIEW_READINESS, action.area_code):
            raise DomainError(
                NetworkErrorCode.REMEDIATION_NOT_FOUND, "Tindakan tidak ditemukan di wilayah Anda.", field="id",
                status=404,
            )  # fmt: skip
        role = require(user, Action.MANAGE_READINESS, action.area_code)
        if version is not None and version != action.version:
            raise Conflict(
                NetworkErrorCode.REMEDIATION_STALE,
                f"Tindakan ini sudah berubah (kini versi {action.version}). Muat ulang sebelum mengubah.",
                field="versi",
            )
        if status is not None:
            if status not in Status.__members__.values():
                raise _invalid(NetworkErrorCode.REMEDIATION_STATUS_MOVE, "Status tidak dikenal.", "status")
            if not may_move(Status(action.status), Status(status)):
                raise Conflict(
                    NetworkErrorCode.REMEDIATION_STATUS_MOVE, "Status tindakan ini tidak dapat diubah ke sana.",
                    field="status",
                )  # fmt: skip
        new_owner, new_due, new_note = _fields(
            action.owner if owner is None else owner,
            None if clear_due else (action.due_on if due_on is None else due_on),
            action.note if note is None else note,
        )
        wanted = {"status": status or action.status, "owner": new_owner, "due_on": new_due, "note": new_note}
        changes = {}
        for name, value in wanted.items():
            before = getattr(action, name)
            if before != value:
                changes[name] = [_plain(before), _plain(value)]
                setattr(action, name, value)
        if not changes:
            raise _invalid(NetworkErrorCode.REMEDIATION_FIELD_INVALID, "Tidak ada yang berubah.", "status")
        action.version += 1
        action.updated_at = timezone.now()
        action.save()
        RemediationEvent.objects.create(
            remediation=action, version=action.version, at=action.updated_at, actor=actor.name, status=action.status,
            changes=changes,
        )  # fmt: skip
        audit_record(
            actor=actor,
            role=role.value,
            action=NetworkAuditAction.REMEDIATION_CHANGE,
            object_code=str(action.pk),
            summary=f"versi {action.version}: " + ", ".join(sorted(changes)),
        )
    return action


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def manages(user, code: str) -> bool:
    """Whether the user may write readiness (lists, actions) at ``code``: the pages show the forms."""
    return bool(assignments_of(user)) and bool(authorize(user, Action.MANAGE_READINESS, code))
