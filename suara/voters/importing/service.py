"""``voters_import``: a file of voters into the register, all or nothing, with one audit event.

The rows are checked as they are read (rows.py). A plain import on PostgreSQL that owns its transaction
COPYs the valid ones straight into the register (direct.py); otherwise they go through a staging table
(staging.py): NIKs already on the register are found with one join, and the new rows move into the
register with one INSERT ... SELECT. Either way each new voter gets an "impor" event carrying the batch,
and everything happens in one transaction: a failure part-way (the database gone, Ctrl-C) leaves the
register as it was.

Delta mode takes the file as a later full extract of the same population: new NIKs are added, changed
records updated (an "ubah" event naming the fields, or "pindah" when the desa changed, which also clears
the TPS), and active voters of the file's kab/kota missing from it are listed as candidates for removal.
They are not removed: KPU verifies each one (coklit) and takes it off with the TMS code the finding
gives (deceased, moved, ...), which no extract can tell.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

from django.db import connection, transaction
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core import clock
from suara.core.db import bulk_insert
from suara.core.errors import DomainError
from suara.regions.models import KemendagriRegion, Level, Region
from suara.voters.audit_actions import VoterAuditAction
from suara.voters.errors import VoterErrorCode
from suara.voters.importing import direct, staging
from suara.voters.importing.rows import RowChecker, RowProblem, problem
from suara.voters.importing.source import SourceError, open_source
from suara.voters.importing.staging import DATA_COLUMNS, STAGING, column_list, quote
from suara.voters.models import DpbPeriodLock, Voter, VoterEvent
from suara.voters.selectors import known_kecamatan_codes, next_voting_day

PROGRESS_EVERY = 20_000
BATCH_MAX = 40
# Compared in delta mode; name_key follows the name, desa_id the Kemendagri desa.
COMPARED = ("kk", "name", "birth_place", "birth_date", "sex", "marital", "address", "rt", "rw",
            "kemendagri_desa_code", "disability")  # fmt: skip

Progress = Callable[[int, float], None]


@dataclass
class ImportResult:
    batch: str
    kind: str  # "csv" or "xlsx"
    delta: bool
    rows: int = 0  # data rows read
    added: int = 0
    changed: int = 0
    unchanged: int = 0  # delta: on the register already, nothing differs
    rejected: int = 0  # rows refused (each has one or more problems)
    problems: list[RowProblem] = field(default_factory=list)
    # delta: active voters of the file's kab/kota missing from it, (NIK, Kemendagri desa code), for checking
    missing: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase


def reference_data() -> tuple[frozenset[str], set[str], dict[str, str]]:
    """The kecamatan codes a NIK may start with, the Kemendagri desa codes, and each Kemendagri desa's
    electoral (KPU) desa: the lowest code when several map to one, as ``selectors.electoral_desa_for``."""
    desa = set(KemendagriRegion.objects.filter(level=Level.DESA).values_list("code", flat=True))
    if not desa:
        raise DomainError(
            VoterErrorCode.REGIONS_NOT_LOADED, "Wilayah Kemendagri belum dimuat: jalankan `suara load-regions`."
        )
    electoral: dict[str, str] = {}
    mapped = Region.objects.filter(level=Level.DESA).exclude(kemendagri_code="").order_by("-code")
    for kemendagri_code, code in mapped.values_list("kemendagri_code", "code").iterator(chunk_size=20_000):
        electoral[kemendagri_code] = code
    return known_kecamatan_codes(), desa, electoral


def locked_kabkota(today: date) -> set[str]:
    """The kab/kota whose signed DPB period covers ``today``: no import writes there."""
    standing = DpbPeriodLock.objects.filter(reopened_at__isnull=True, period_start__lte=today, period_end__gte=today)
    return set(standing.values_list("region_code", flat=True))


def default_batch(now: datetime) -> str:
    return f"impor-{now:%Y%m%d-%H%M%S}"


def voters_import(
    *,
    stream: BinaryIO,
    actor: Actor,
    role: str = "",
    delta: bool = False,
    batch: str | None = None,
    size: int | None = None,
    progress: Progress | None = None,
    voting_day: date | None = None,
    scope: str = "",
) -> ImportResult:
    """Imports a CSV or XLSX file of voters (see docs/voters-import.md). The unmarried must be 17 by
    ``voting_day`` (default: the next election's, ``selectors.next_voting_day``). With ``scope`` (a KPU
    region code: the operator's, for an import started from the browser) rows of desa outside it are
    refused, and in delta mode so are rows whose NIK is registered outside it."""
    started = time.monotonic()
    now = timezone.now()
    batch = batch or default_batch(now)
    if len(batch) > BATCH_MAX or not batch.strip():
        raise DomainError(
            VoterErrorCode.BATCH_INVALID, f"Nama batch harus 1 sampai {BATCH_MAX} karakter.", field="batch"
        )
    kecamatan, desa, electoral = reference_data()
    try:
        source = open_source(stream, size=size)
    except SourceError as exc:
        raise DomainError(exc.code, exc.message, field="file") from None
    today = clock.today()
    checker = RowChecker(
        known_kecamatan=kecamatan,
        known_desa=desa,
        electoral_desa=electoral,
        today=today,
        voting_day=voting_day or next_voting_day(today),
        locked_kabkota=locked_kabkota(today),
        scope=scope,
    )
    result = ImportResult(batch=batch, kind=source.kind, delta=delta)

    def tick(rows: int) -> None:
        if progress is not None and rows % PROGRESS_EVERY == 0:
            progress(rows, source.position())

    straight_in = not delta and not scope and direct.usable()
    with transaction.atomic():
        if straight_in:
            result.rows, result.added, span = direct.stream_into_register(source.rows, checker, now=now, on_row=tick)
            phase = _phase(result.timings, "read, check, copy into the register", started)
            events = direct.events_for(span, now=now, actor_name=actor.name, role=role, batch=batch)
            if events != result.added:  # the id range and timestamp must find exactly this import's voters
                raise RuntimeError(f"impor events {events} != voters added {result.added}")
            phase = _phase(result.timings, "impor events", phase)
        else:
            phase = _through_staging(
                result, source, checker, tick, now=now, actor_name=actor.name, role=role, started=started, scope=scope
            )
        if progress is not None:
            progress(result.rows, 1.0)
        result.problems, result.rejected = checker.problems, checker.rejected
        audit_record(
            actor=actor,
            role=role,
            action=VoterAuditAction.IMPORT_DELTA if delta else VoterAuditAction.IMPORT,
            object_code=batch,
            summary=_summary(result),
        )
    _phase(result.timings, "audit and commit", phase)
    result.seconds = time.monotonic() - started
    return result


def _through_staging(result, source, checker, tick, *, now, actor_name, role, started, scope="") -> float:
    """Valid rows into the staging table, compared with the register, then new ones into it (and, in
    delta mode, changed ones updated); returns the time the last phase ended."""
    staging.create_staging()
    kabkota: set[str] = set()
    rows = 0
    with staging.staging_writer() as writer:
        for line, fields in source.rows:
            rows += 1
            record = checker.check(line, fields)
            if record is not None:
                writer.write(record)
                kabkota.add(record[11][:4])
            tick(rows)
    result.rows = rows
    staging.index_staging()
    if staging.is_postgresql():
        # The joins with the register are planned from its statistics; right after a bulk load they
        # can still describe an empty table, and a nested loop over a million rows each way never ends.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {quote(Voter._meta.db_table)}")
    phase = _phase(result.timings, "read, check, stage", started)
    if result.delta:
        if scope:
            outside = _registered_outside_lines(scope)
            checker.problems += [problem(line, "registered_outside_scope", "nik") for line in outside]
            checker.rejected += len(outside)
            _drop_lines(outside)
        result.missing = _missing(kabkota, checker.rejected_niks, scope)
        result.changed, result.unchanged = _apply_changes(now=now, actor_name=actor_name, role=role, batch=result.batch)
    else:
        registered = _registered_lines()
        checker.problems += [problem(line, "nik_registered", "nik") for line in registered]
        checker.rejected += len(registered)
    _drop_registered()
    phase = _phase(result.timings, "compare with the register", phase)
    result.added = _insert_new(now=now, actor_name=actor_name, role=role, batch=result.batch)
    staging.drop_staging()
    return _phase(result.timings, "insert voters and events", phase)


def _phase(timings: dict[str, float], name: str, since: float) -> float:
    now = time.monotonic()
    timings[name] = now - since
    return now


def _summary(result: ImportResult) -> str:
    text = (
        f"Impor pemilih {result.batch} ({result.kind.upper()}): {result.rows} baris, {result.added} ditambahkan, "
        f"{result.rejected} ditolak"
    )
    if result.delta:
        text += f", {result.changed} diubah, {result.unchanged} tetap"
        text += f", {len(result.missing)} tidak ada lagi dalam ekstrak"
    return text


def _tables() -> tuple[str, str]:
    return quote(Voter._meta.db_table), quote(VoterEvent._meta.db_table)


def _registered_lines() -> list[int]:
    voter, _ = _tables()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT s.line FROM {STAGING} s JOIN {voter} v ON v.nik = s.nik")  # noqa: S608
        return [line for (line,) in cursor.fetchall()]


def _registered_outside_lines(scope: str) -> list[int]:
    """Delta with a scope: lines whose NIK is registered in a desa outside it (not this operator's)."""
    voter, _ = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.line FROM {STAGING} s JOIN {voter} v ON v.nik = s.nik "  # noqa: S608
            f"WHERE COALESCE(v.desa_id, v.kemendagri_desa_code) NOT LIKE %s",
            [f"{scope}%"],
        )
        return [line for (line,) in cursor.fetchall()]


def _drop_lines(lines: list[int]) -> None:
    for start in range(0, len(lines), 900):
        chunk = lines[start : start + 900]
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {STAGING} WHERE line IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                chunk,
            )


def _drop_registered() -> None:
    voter, _ = _tables()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {STAGING} WHERE nik IN (SELECT nik FROM {voter})")  # noqa: S608


EVENT_COLUMNS = ("voter_id", "kind", "tms_code", "note", "changes", "actor", "role", "at", "region_code", "batch")


def _insert_new(*, now: datetime, actor_name: str, role: str, batch: str) -> int:
    """The staging rows (all new NIKs by now) into the register, each with its "impor" event."""
    voter, event = _tables()
    columns = column_list(DATA_COLUMNS)
    insert = (
        f"INSERT INTO {voter} ({columns}, tps_id, status, tms_code, created_at, updated_at) "  # noqa: S608
        f"SELECT {columns}, NULL, 'aktif', NULL, %s, %s FROM {STAGING}"
    )
    event_values = "'impor', NULL, '', '{}', %s, %s, %s"
    with connection.cursor() as cursor:
        if staging.is_postgresql():
            cursor.execute(
                f"WITH added AS ({insert} RETURNING id, desa_id) "  # noqa: S608
                f"INSERT INTO {event} ({column_list(EVENT_COLUMNS)}) "
                f"SELECT id, {event_values}, COALESCE(desa_id, ''), %s FROM added",
                [now, now, actor_name, role, now, batch],
            )
            return cursor.rowcount
        cursor.execute(insert, [now, now])
        added = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {event} ({column_list(EVENT_COLUMNS)}) "  # noqa: S608
            f"SELECT v.id, {event_values}, COALESCE(v.desa_id, ''), %s "
            f"FROM {STAGING} s JOIN {voter} v ON v.nik = s.nik",
            [actor_name, role, now, batch],
        )
        return added


def _differs(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"v.{quote(c)} <> s.{quote(c)}" for c in columns)


def _apply_changes(*, now: datetime, actor_name: str, role: str, batch: str) -> tuple[int, int]:
    """Delta: registered NIKs whose data differ get the file's data; returns (changed, unchanged)."""
    voter, _ = _tables()
    pairs = ", ".join(f"v.{quote(c)}, s.{quote(c)}" for c in COMPARED)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {STAGING} s JOIN {voter} v ON v.nik = s.nik")  # noqa: S608
        (registered,) = cursor.fetchone()
        cursor.execute(
            f"SELECT v.id, v.desa_id, s.desa_id, v.tps_id, {pairs} "  # noqa: S608
            f"FROM {STAGING} s JOIN {voter} v ON v.nik = s.nik WHERE {_differs(COMPARED)} ORDER BY s.line"
        )
        found = cursor.fetchall()
    events = []
    for voter_id, old_desa, new_desa, old_tps, *values in found:
        changed = [c for i, c in enumerate(COMPARED) if str(values[2 * i]) != str(values[2 * i + 1])]
        if (old_desa or "") != (new_desa or ""):
            # Another electoral desa: a move, as voter_move records it (the TPS is left to allocation).
            kind, changes = VoterEvent.Kind.MOVE, {"desa": [old_desa or "", new_desa or ""], "tps": [old_tps or "", ""]}
            personal = [c for c in changed if c != "kemendagri_desa_code"]
            if personal:
                changes["fields"] = personal
        else:
            kind, changes = VoterEvent.Kind.CORRECT, {"fields": changed}
        events.append((voter_id, kind, None, "", json.dumps(changes), actor_name, role, now, new_desa or "", batch))
    if events:
        assignments = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in (*COMPARED, "name_key", "desa_id"))
        clear_tps = "CASE WHEN COALESCE(v.desa_id, '') <> COALESCE(s.desa_id, '') THEN NULL ELSE v.tps_id END"
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {voter} AS v SET {assignments}, tps_id = {clear_tps}, updated_at = %s "  # noqa: S608
                f"FROM {STAGING} s WHERE v.nik = s.nik AND ({_differs(COMPARED)})",
                [now],
            )
        bulk_insert(VoterEvent, EVENT_COLUMNS, events)
    return len(events), registered - len(events)


def _missing(kabkota: set[str], mentioned: set[str], scope: str = "") -> list[tuple[str, str]]:
    """Delta: active voters of the file's kab/kota (inside ``scope``) whose NIK is nowhere in the file."""
    if not kabkota:
        return []
    voter, _ = _tables()
    ranges, params = [], []
    for code in sorted(kabkota):
        ranges.append("(v.kemendagri_desa_code >= %s AND v.kemendagri_desa_code < %s)")
        params += [code, code[:3] + chr(ord(code[3]) + 1)]
    within = ""
    if scope:  # only the operator's own voters: the list names them by NIK
        within = "AND COALESCE(v.desa_id, v.kemendagri_desa_code) LIKE %s "
        params.append(f"{scope}%")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.nik, v.kemendagri_desa_code FROM {voter} v WHERE v.status = 'aktif' "  # noqa: S608
            f"AND ({' OR '.join(ranges)}) {within}"
            f"AND NOT EXISTS (SELECT 1 FROM {STAGING} s WHERE s.nik = v.nik) "
            f"ORDER BY v.kemendagri_desa_code, v.nik",
            params,
        )
        return [(nik, code) for nik, code in cursor.fetchall() if nik not in mentioned]
