"""The import of a list of TPS signal (a Diskominfo's blank-spot list, an operator's coverage list), run as
a job (``job_kinds.py``): a CSV or XLSX file (the register's readers, ``voters.importing.source``, with
this file's columns, ``rows.COLUMNS``), every row checked (``rows.RowChecker``), the valid rows written
as observations and the refused ones reported by line and code. One transaction and one audit event: a
failure part-way leaves nothing.

The valid rows are written as they are read, by COPY on PostgreSQL (``core.db.RowWriter``), straight into
the observations: every check is made in Python against the TPS codes of the import's region, loaded
first, so no staging table or second pass is needed. A row's day is read as noon WIB of that day."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as day_time
from datetime import timezone as tz
from typing import BinaryIO

from django.db import connection
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.db import RowWriter
from suara.core.errors import DomainError
from suara.core.region_codes import covered_range
from suara.network import selectors
from suara.network.audit_actions import NetworkAuditAction
from suara.network.models import Observation
from suara.network.rows import COLUMNS, RowChecker, RowProblem
from suara.network.rules import Source
from suara.regions.models import Tps
from suara.voters.importing.source import SourceError, open_source

PROGRESS_EVERY = 50_000
WIB = tz(timedelta(hours=7))
COPY_COLUMNS = ("tps_code", "operator_id", "kind", "source", "observed_at", "effective_type", "job_id",
                "recorded_by", "created_at")  # fmt: skip

Progress = Callable[[int, float], None]


@dataclass
class ImportResult:
    kind: str  # csv or xlsx
    rows: int = 0
    added: int = 0
    rejected: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def _known_tps(scope: str) -> frozenset[str]:
    """The TPS codes beneath ``scope`` ("" every TPS), by one plain statement (the ORM's rows cost more)."""
    low, high = covered_range(scope)
    table = connection.ops.quote_name(Tps._meta.db_table)
    sql = f"SELECT code FROM {table} WHERE code >= %s" + (" AND code < %s" if high else "")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [low, high] if high else [low])
        return frozenset(code for (code,) in cursor.fetchall())


def readiness_import(
    *,
    stream: BinaryIO,
    actor: Actor,
    role: str = "",
    scope: str = "",
    job_id: int | None = None,
    size: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Imports a list of TPS signal within ``scope`` (a region code, "" nationwide). Whole-file problems
    (no header, XLS, not UTF-8) refuse the file; row problems refuse the row, reported by line and code."""
    started = time.monotonic()
    try:
        source = open_source(stream, size=size, columns=COLUMNS)
    except SourceError as exc:
        raise DomainError(exc.code, exc.message, field="file") from None
    now = timezone.now()
    checker = RowChecker(
        known_tps=_known_tps(scope),
        operators=selectors.operator_lookup(),
        today=now.astimezone(WIB).date(),
        max_age=selectors.max_age(),
        scope=scope,
    )
    result = ImportResult(kind=source.kind)
    mark = time.monotonic()
    result.timings["reference data"] = mark - started
    noon: dict = {}
    name, kind_import = actor.name, Source.IMPORT.value
    # On PostgreSQL the times go to COPY as text: psycopg's datetime dumper cost five times the rest of a
    # row's COPY (4.9 µs against 0.85 µs a row); SQLite takes the datetime as Django stores it.
    stamp = (lambda at: at.isoformat(sep=" ")) if connection.vendor == "postgresql" else (lambda at: at)
    created = stamp(now)
    with service_transaction():
        rows = 0
        with RowWriter(Observation._meta.db_table, COPY_COLUMNS) as writer:
            write, check = writer.write, checker.check
            for line, fields in source.rows:
                rows += 1
                record = check(line, fields)
                if record is not None:
                    tps, operator, kind, day = record
                    at = noon.get(day)
                    if at is None:
                        at = noon[day] = stamp(datetime.combine(day, day_time(12), WIB).astimezone(UTC))
                    write((tps, operator, kind, kind_import, at, "", job_id, name, created))
                if progress is not None and rows % PROGRESS_EVERY == 0:
                    progress(rows, source.position())
        result.rows, result.problems, result.rejected = rows, checker.problems, checker.rejected
        result.added = rows - checker.rejected
        result.timings["read, check, COPY"] = time.monotonic() - mark
        mark = time.monotonic()
        audit_record(
            actor=actor,
            role=role,
            action=NetworkAuditAction.IMPORT,
            object_code=scope or "nasional",
            summary=f"Impor sinyal TPS ({source.kind.upper()}): {rows} baris, {result.added} ditambahkan, "
            f"{result.rejected} ditolak",
        )
    if progress is not None:
        progress(rows, 1.0)
    result.timings["audit and commit"] = time.monotonic() - mark
    result.seconds = time.monotonic() - started
    return result
