"""Bulk write paths for the region importers: COPY on PostgreSQL, large executemany batches on SQLite.

Every function runs on the default connection and must be called inside the caller's transaction; none
sends one statement per row through the ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from django.db import connection
from django.db.models import Model

SQLITE_BATCH = 20_000
SQLITE_DELETE_BATCH = 5_000  # under SQLite's limit of 32,766 bound variables
COPY_THRESHOLD = 1_000  # on PostgreSQL, fewer updates than this go through executemany


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(columns: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(c) for c in columns)


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _copy_in(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY ... FROM STDIN through psycopg 3, on the connection (and so the transaction) Django holds."""
    n = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({_columns(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def fetch_rows(model: type[Model], columns: Sequence[str], *, chunk: int = 50_000) -> Iterator[tuple]:
    """All rows of a table, as tuples of ``columns``, streamed."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_columns(columns)} FROM {_table(model)}")  # noqa: S608 - names quoted, no input
        while rows := cursor.fetchmany(chunk):
            yield from rows


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Inserts rows (tuples in ``columns`` order); returns how many."""
    assert connection.in_atomic_block, "bulk writes belong inside the service's transaction"
    if _is_postgresql():
        return _copy_in(_table(model), columns, rows)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {_table(model)} ({_columns(columns)}) VALUES ({placeholders})"  # noqa: S608
    n = 0
    with connection.cursor() as cursor:
        for batch in _batches(rows, SQLITE_BATCH):
            cursor.executemany(sql, batch)
            n += len(batch)
    return n


def update_rows(model: type[Model], key: str, columns: Sequence[str], rows: Sequence[tuple]) -> int:
    """Sets ``columns`` of the rows whose ``key`` is the first value of each tuple; returns how many."""
    assert connection.in_atomic_block, "bulk writes belong inside the service's transaction"
    if not rows:
        return 0
    table, qkey = _table(model), connection.ops.quote_name(key)
    if _is_postgresql() and len(rows) >= COPY_THRESHOLD:
        # One UPDATE ... FROM a temporary table filled by COPY, instead of one UPDATE per row.
        scratch = connection.ops.quote_name("suara_bulk_update")
        assignments = ", ".join(f"{connection.ops.quote_name(c)} = u.{connection.ops.quote_name(c)}" for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {_columns([key, *columns])} FROM {table} WITH NO DATA"
            )
            _copy_in(scratch, [key, *columns], rows)
            cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM {scratch} AS u WHERE t.{qkey} = u.{qkey}")  # noqa: S608
            cursor.execute(f"DROP TABLE {scratch}")
        return len(rows)
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    sql = f"UPDATE {table} SET {assignments} WHERE {qkey} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for batch in _batches(rows, SQLITE_BATCH):
            cursor.executemany(sql, [(*row[1:], row[0]) for row in batch])
    return len(rows)


def delete_rows(model: type[Model], key: str, keys: Sequence[str]) -> int:
    """Deletes the rows whose ``key`` is in ``keys``, in the order given; returns how many were asked."""
    assert connection.in_atomic_block, "bulk writes belong inside the service's transaction"
    table, qkey = _table(model), connection.ops.quote_name(key)
    with connection.cursor() as cursor:
        for batch in _batches(keys, SQLITE_DELETE_BATCH):
            if _is_postgresql():
                cursor.execute(f"DELETE FROM {table} WHERE {qkey} = ANY(%s)", [batch])  # noqa: S608
            else:
                placeholders = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM {table} WHERE {qkey} IN ({placeholders})", batch)  # noqa: S608
    return len(keys)
