"""The staging table an import streams its valid rows into, and the bulk writes around it.

PostgreSQL gets the rows by COPY while the file is still being read (the server stores them as Python
checks the next ones); SQLite by executemany in batches. Either way the rows then move into the register
with one INSERT ... SELECT, all inside the service's transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from itertools import islice

from django.db import connection

STAGING = "suara_voter_import"
STAGING_COLUMNS = (
    "line", "nik", "kk", "name", "birth_place", "birth_date", "sex", "marital", "address", "rt", "rw",
    "kemendagri_desa_code", "desa_id", "disability", "name_key",
)  # fmt: skip
# The register's columns the file sets (the rest: status, TPS and timestamps are the import's).
DATA_COLUMNS = STAGING_COLUMNS[1:]
SQLITE_BATCH = 20_000

_TYPES = {
    "line": "integer",
    "birth_date": "date",
    "nik": "varchar(16)",
    "kk": "varchar(16)",
    "sex": "varchar(1)",
    "marital": "varchar(1)",
    "rt": "varchar(3)",
    "rw": "varchar(3)",
    "kemendagri_desa_code": "varchar(10)",
    "desa_id": "varchar(10)",
}


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def column_list(columns: Sequence[str], prefix: str = "") -> str:
    return ", ".join(prefix + quote(c) for c in columns)


def create_staging() -> None:
    assert connection.in_atomic_block, "the staging table lives inside the import's transaction"
    columns = ", ".join(f"{quote(c)} {_TYPES.get(c, 'text')}" for c in STAGING_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        on_commit = " ON COMMIT DROP" if is_postgresql() else ""
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns}){on_commit}")


def drop_staging() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")


def index_staging() -> None:
    """After the load: an index on NIK for the joins (PostgreSQL hashes; SQLite needs the index)."""
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(f"ANALYZE {STAGING}")
        else:
            cursor.execute(f"CREATE INDEX {STAGING}_nik ON {STAGING} (nik)")


class StagingWriter(AbstractContextManager):
    """``write(record)`` for each valid row; the rows are in the table once the context exits."""

    def __init__(self) -> None:
        self._pending: list[tuple] = []
        self._copy_cm = None
        self._copy = None
        self._cursor = None

    def __enter__(self) -> StagingWriter:
        self._cursor = connection.cursor()
        if is_postgresql():
            self._copy_cm = self._cursor.cursor.copy(
                f"COPY {STAGING} ({column_list(STAGING_COLUMNS)}) FROM STDIN"  # noqa: S608 - fixed names
            )
            self._copy = self._copy_cm.__enter__()
            self.write = self._copy.write_row  # type: ignore[method-assign]
        return self

    def write(self, record: tuple) -> None:
        self._pending.append(record)
        if len(self._pending) >= SQLITE_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            placeholders = ", ".join(["%s"] * len(STAGING_COLUMNS))
            self._cursor.executemany(
                f"INSERT INTO {STAGING} ({column_list(STAGING_COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
                self._pending,
            )
            self._pending = []

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self._copy_cm is not None:
                self._copy_cm.__exit__(exc_type, exc, tb)
            elif exc_type is None:
                self._flush()
        finally:
            self._cursor.close()


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Rows into ``table``: COPY on PostgreSQL, executemany batches on SQLite; returns how many."""
    n = 0
    with connection.cursor() as cursor:
        if is_postgresql():
            with cursor.cursor.copy(f"COPY {quote(table)} ({column_list(columns)}) FROM STDIN") as copy:  # noqa: S608
                for row in rows:
                    copy.write_row(row)
                    n += 1
            return n
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({column_list(columns)}) VALUES ({placeholders})"  # noqa: S608
        it = iter(rows)
        while batch := list(islice(it, SQLITE_BATCH)):
            cursor.executemany(sql, batch)
            n += len(batch)
    return n
