"""The direct path of a plain import on PostgreSQL: rows COPYed straight into the register as the file is
read, so PostgreSQL maintains the register's indexes while Python checks the next rows (the two run on
two cores), instead of one after the other through a staging table.

Two things a row needs while that COPY holds the import's connection come from a second, short-lived
connection: whether its NIK is already on the register (the committed register: what "already
registered" means; the file's own repeats are caught in Python), and its id, drawn from the register's
id sequence, so that the "impor" events can be written after the COPY from the id range and the
import's timestamp. A voter registered by someone else between the check and the commit makes the COPY
fail on the unique NIK, and with it the whole import (``register_changed``), leaving nothing behind.

Only for an import that owns its transaction: inside a caller's transaction the second connection
could not see what the caller has written, so the service takes the staging path there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import psycopg
from django.db import IntegrityError, connection, connections
from psycopg.errors import UniqueViolation

from suara.core.errors import Conflict
from suara.voters.importing.rows import RowChecker, problem
from suara.voters.importing.staging import DATA_COLUMNS, column_list, quote
from suara.voters.models import Voter, VoterEvent

CHUNK = 5_000
COLUMNS = ("id", *DATA_COLUMNS, "tps_id", "status", "tms_code", "created_at", "updated_at")
EVENT_COLUMNS = ("voter_id", "kind", "tms_code", "note", "changes", "actor", "role", "at", "region_code", "batch")


def usable() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def stream_into_register(
    rows: Iterator[tuple[int, list[str] | None]],
    checker: RowChecker,
    *,
    now: datetime,
    on_row: Callable[[int], None],
) -> tuple[int, int, list[int]]:
    """COPYs the valid, unregistered rows into the register; returns (rows read, voters added, the id
    range as [lowest, highest], or [] when none)."""
    table = quote(Voter._meta.db_table)
    other = connections.create_connection("default")
    n, added, span = 0, 0, []
    try:
        with other.cursor() as lookup:
            lookup.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Voter._meta.db_table])
            (sequence,) = lookup.fetchone()
            # Binary COPY: a third of text's cost to format on the Python side. It needs each column's
            # type, read from the table itself.
            lookup.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
                [Voter._meta.db_table],
            )
            types = dict(lookup.fetchall())
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(
                    f"COPY {table} ({column_list(COLUMNS)}) FROM STDIN (FORMAT BINARY)"  # noqa: S608 - fixed names
                ) as copy,
            ):
                copy.set_types([types[column] for column in COLUMNS])
                birth_date = checker.birth_date
                tail = (None, "aktif", None, now, now)  # tps, status, tms_code, created_at, updated_at
                pending: list[tuple] = []

                def flush() -> None:
                    nonlocal added
                    registered = registered_niks(lookup, [r[1] for r in pending])
                    fresh = [r for r in pending if r[1] not in registered]
                    for record in pending:
                        if record[1] in registered:
                            checker.problems.append(problem(record[0], "nik_registered", "nik"))
                            checker.rejected += 1
                    if fresh:
                        lookup.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(fresh)])
                        ids = [i for (i,) in lookup.fetchall()]
                        for voter_id, record in zip(ids, fresh, strict=True):
                            copy.write_row((voter_id, *record[1:5], birth_date(record[5]), *record[6:], *tail))
                        span[:] = [min([*span[:1], ids[0]]), max([*span[1:], ids[-1]])]
                        added += len(fresh)
                    pending.clear()

                for line, fields in rows:
                    n += 1  # noqa: SIM113 - counted across the nested flush
                    record = checker.check(line, fields)
                    if record is not None:
                        pending.append(record)
                        if len(pending) >= CHUNK:
                            flush()
                    on_row(n)
                if pending:
                    flush()
    except (IntegrityError, psycopg.IntegrityError) as exc:  # the raw COPY raises psycopg's own
        if not isinstance(exc, UniqueViolation) and not isinstance(exc.__cause__, UniqueViolation):
            raise
        raise Conflict(
            "register_changed",
            "Daftar pemilih berubah selama impor (NIK yang sama didaftarkan di tempat lain); ulangi impor.",
        ) from exc
    finally:
        other.close()
    return n, added, span


def registered_niks(lookup, niks: list[str]) -> set[str]:
    """Which of ``niks`` the committed register holds (on the second connection)."""
    lookup.execute(f"SELECT nik FROM {quote(Voter._meta.db_table)} WHERE nik = ANY(%s)", [niks])  # noqa: S608
    return {nik for (nik,) in lookup.fetchall()}


def events_for(span: list[int], *, now: datetime, actor: str, role: str, batch: str) -> int:
    """The "impor" events of the voters this import COPYed: its id range, at its timestamp."""
    if not span:
        return 0
    voter, event = quote(Voter._meta.db_table), quote(VoterEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {event} ({column_list(EVENT_COLUMNS)}) "  # noqa: S608
            f"SELECT id, 'impor', NULL, '', '{{}}', %s, %s, %s, COALESCE(desa_id, ''), %s FROM {voter} "
            f"WHERE id BETWEEN %s AND %s AND created_at = %s",
            [actor, role, now, batch, span[0], span[1], now],
        )
        return cursor.rowcount
