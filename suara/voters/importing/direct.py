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
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

import psycopg
from django.db import IntegrityError, connection
from psycopg.errors import UniqueViolation

from suara.core.errors import Conflict
from suara.voters.errors import VoterErrorCode
from suara.voters.importing.rows import RowChecker, problem
from suara.voters.importing.staging import DATA_COLUMNS, column_list, quote
from suara.voters.models import Voter, VoterEvent

CHUNK = 5_000
COLUMNS = ("id", *DATA_COLUMNS, "tps_id", "status", "tms_code", "created_at", "updated_at")
EVENT_COLUMNS = ("voter_id", "kind", "tms_code", "note", "changes", "actor", "role", "at", "region_code", "batch")


def usable() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block


class Lookups:
    """The second connection, in a worker thread so Python checks the next chunk meanwhile: which NIKs of
    a chunk the committed register holds, and ids from the register's sequence for the others."""

    def __init__(self) -> None:
        params = connection.get_connection_params()
        for django_only in ("cursor_factory", "context"):
            params.pop(django_only, None)
        self.conn = psycopg.connect(**params, autocommit=True)
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voters-import-lookup")
        table = Voter._meta.db_table
        with self.conn.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (self.sequence,) = cursor.fetchone()
            # Each column's type, for the binary COPY.
            cursor.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass", [table])
            self.types = dict(cursor.fetchall())

    def submit(self, records: list[tuple]) -> Future:
        return self.pool.submit(self._run, records)

    def _run(self, records: list[tuple]) -> tuple[list[tuple], list[tuple], list[int]]:
        """(records already registered, fresh records, an id for each fresh one)."""
        with self.conn.cursor() as cursor:
            registered = registered_niks(cursor, [r[1] for r in records])
            fresh = [r for r in records if r[1] not in registered]
            ids: list[int] = []
            if fresh:
                cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [self.sequence, len(fresh)])
                ids = [i for (i,) in cursor.fetchall()]
        return [r for r in records if r[1] in registered], fresh, ids

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.conn.close()


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
    lookups = Lookups()
    n, added, span = 0, 0, []
    try:
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {table} ({column_list(COLUMNS)}) FROM STDIN (FORMAT BINARY)"  # noqa: S608 - fixed names
            ) as copy,
        ):
            copy.set_types([lookups.types[column] for column in COLUMNS])
            birth_date = checker.birth_date
            tail = (None, "aktif", None, now, now)  # tps, status, tms_code, created_at, updated_at

            def write(looked_up: Future) -> None:
                nonlocal added
                registered, fresh, ids = looked_up.result()
                for record in registered:
                    checker.problems.append(problem(record[0], "nik_registered", "nik"))
                    checker.rejected += 1
                for voter_id, record in zip(ids, fresh, strict=True):
                    copy.write_row((voter_id, *record[1:5], birth_date(record[5]), *record[6:], *tail))
                if ids:
                    span[:] = [min([*span[:1], ids[0]]), max([*span[1:], ids[-1]])]
                added += len(fresh)

            pending: list[tuple] = []
            in_flight: Future | None = None
            for line, fields in rows:
                n += 1  # noqa: SIM113 - the loop also keeps chunks in flight
                record = checker.check(line, fields)
                if record is not None:
                    pending.append(record)
                    if len(pending) >= CHUNK:
                        # This chunk's lookups run while the next one is checked; the previous chunk,
                        # looked up meanwhile, goes into the COPY.
                        submitted, pending = lookups.submit(pending), []
                        if in_flight is not None:
                            write(in_flight)
                        in_flight = submitted
                on_row(n)
            if in_flight is not None:
                write(in_flight)
            if pending:
                write(lookups.submit(pending))
    except (IntegrityError, psycopg.IntegrityError) as exc:  # the raw COPY raises psycopg's own
        if not isinstance(exc, UniqueViolation) and not isinstance(exc.__cause__, UniqueViolation):
            raise
        raise Conflict(
            VoterErrorCode.REGISTER_CHANGED,
            "Daftar pemilih berubah selama impor (NIK yang sama didaftarkan di tempat lain); ulangi impor.",
        ) from exc
    finally:
        lookups.close()
    return n, added, span


def registered_niks(cursor, niks: list[str]) -> set[str]:
    """Which of ``niks`` the committed register holds (on the second connection). One text parameter
    split by the server: cheaper to send than an array of thousands."""
    cursor.execute(
        f"SELECT nik FROM {quote(Voter._meta.db_table)} WHERE nik = ANY(string_to_array(%s, ','))",  # noqa: S608
        [",".join(niks)],
    )
    return {nik for (nik,) in cursor.fetchall()}


def events_for(span: list[int], *, now: datetime, actor_name: str, role: str, batch: str) -> int:
    """The "impor" events of the voters this import COPYed: its id range, at its timestamp."""
    if not span:
        return 0
    voter, event = quote(Voter._meta.db_table), quote(VoterEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {event} ({column_list(EVENT_COLUMNS)}) "  # noqa: S608
            f"SELECT id, 'impor', NULL, '', '{{}}', %s, %s, %s, COALESCE(desa_id, ''), %s FROM {voter} "
            f"WHERE id BETWEEN %s AND %s AND created_at = %s",
            [actor_name, role, now, batch, span[0], span[1], now],
        )
        return cursor.rowcount
