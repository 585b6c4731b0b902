"""Database helpers that work on every backend Suara runs on: prepared statements for the hot paths, and
the bulk writes with their vendor branches (PostgreSQL and SQLite) kept here, nowhere else:

- ``bulk_insert`` appends many rows (COPY on PostgreSQL, ``executemany`` batches elsewhere) and
  ``RowWriter`` does so while the rows are still being produced; ``bulk_insert_ids`` appends rows
  that differ only by an id;
- ``bulk_update`` sets columns of many rows by key, ``bulk_fetch`` streams a table, ``bulk_delete``
  removes rows by key, ``select_in`` reads rows by many values;
- ``insert_rows`` writes a few linked new rows (model instances) in one statement; ``ids_reserve``
  gives the keys for many linked rows written in bulk.

The bulk functions take a table as a model or its table name (names are quoted here; quoting an already
quoted name changes nothing) and run inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Sized
from contextlib import AbstractContextManager
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Model

SQLITE_BATCH = 20_000  # rows per executemany
DELETE_BATCH = 5_000  # keys per DELETE: under SQLite's limit of 32,766 bound variables
IN_LIST = 2_000  # values per IN list where there are no arrays (SQLite)
# Updates of more rows than this go, on PostgreSQL, through a temporary table filled by COPY: worth its
# catalog writes for the thousands of a rebuild or an import, not for a fold's few hundred, which go as
# one pipelined batch of UPDATEs.
SMALL_UPDATE = 2_000

Table = str | type[Model]


def prepared_cursor():
    """A cursor whose statements PostgreSQL prepares once per connection (``core.postgresql``), so each
    later run skips parsing and planning; Django's plain cursor on other backends, where there is nothing
    to gain. Only for the few fixed statements run on every request of a hot path (the cek DPT lookup, a
    token's lookup, a rate count, a TPS's first entry, the audit event): each distinct statement text
    stays prepared on its connection."""
    return getattr(connection, "prepared_cursor", connection.cursor)()


def prepared_fetchone(sql: str, params: list) -> tuple | None:
    """The first row of ``sql`` (``%s`` placeholders), run through ``prepared_cursor``."""
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def unflushed_commit() -> str | None:
    """A FROM item that lets a statement run as its own transaction commit without waiting for the WAL
    flush (PostgreSQL), for writes a crash may lose: rate counts, "last used" hints. That wait halved cek
    DPT's throughput. None inside the caller's transaction, where it would apply to the caller's writes
    too, and on other backends."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return "(SELECT set_config('synchronous_commit', 'off', true)) AS unflushed_commit"
    return None


def insert_rows(instances: Sequence[Model], *, savepoint: bool = True) -> None:
    """Inserts new model instances, in order, all or none, and sets their primary keys. A foreign key to
    an instance earlier in the list (assigned as the object, unsaved) takes that instance's new id.

    For a hot path's writes of several linked rows (a TPS's first entry). On PostgreSQL they go in one
    prepared statement (each insert a data-modifying WITH clause, the later ones reading the earlier
    ones' ids), which is its own transaction when the caller holds none: one round trip instead of one
    per row plus BEGIN and COMMIT. Elsewhere, one INSERT each in a transaction. The values are prepared
    as the ORM's own INSERT prepares them (``pre_save``, ``get_db_prep_save``), without building a
    query object.

    Inside the caller's transaction a refusal (a unique key, say) undoes only these rows, under a
    savepoint, and the caller may go on; ``savepoint=False`` spares the savepoint's round trips where a
    refusal should end the caller's transaction anyway (the audit event of a service's write)."""
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: every attribute read through the proxy costs
    position = {id(instance): index for index, instance in enumerate(instances)}
    rows = [_insert_values(instance, position, db) for instance in instances]
    if db.vendor != "postgresql":
        with transaction.atomic(using=db.alias, savepoint=savepoint):
            ids = _insert_one_by_one(db, instances, rows)
    elif savepoint and db.in_atomic_block:
        with transaction.atomic(using=db.alias):
            ids = _insert_in_one_statement(instances, rows)
    else:  # the statement is all or none by itself, and its own transaction when the caller holds none
        ids = _insert_in_one_statement(instances, rows)
    for instance, pk, (_, values) in zip(instances, ids, rows, strict=True):
        instance.pk = pk
        instance._state.adding = False
        for value in values:
            if isinstance(value, _Earlier):  # the parent (earlier, so saved by now) assigned again, as save()
                setattr(instance, value.name, instances[value.index])  # does: the key set, the object kept


def _insert_in_one_statement(instances: Sequence[Model], rows: list[tuple[str, list]]) -> tuple:
    clauses, params = [], []
    for index, (instance, (columns, values)) in enumerate(zip(instances, rows, strict=True)):
        placeholders = [_id_of(value.index, instances) if isinstance(value, _Earlier) else "%s" for value in values]
        params += [value for value in values if not isinstance(value, _Earlier)]
        meta = instance._meta
        clauses.append(
            f"r{index} AS (INSERT INTO {meta.db_table} ({columns}) "  # noqa: S608 - our tables and columns
            f"VALUES ({', '.join(placeholders)}) RETURNING {meta.pk.column})"
        )
    ids = ", ".join(_id_of(index, instances) for index in range(len(instances)))
    with prepared_cursor() as cursor:
        cursor.execute(f"WITH {', '.join(clauses)} SELECT {ids}", params)
        return cursor.fetchone()


def _id_of(index: int, instances: Sequence[Model]) -> str:
    return f"(SELECT {instances[index]._meta.pk.column} FROM r{index})"  # noqa: S608 - our column


def _insert_one_by_one(db, instances: Sequence[Model], rows: list[tuple[str, list]]) -> list:
    ids: list = []
    with db.cursor() as cursor:
        for instance, (columns, values) in zip(instances, rows, strict=True):
            values = [ids[value.index] if isinstance(value, _Earlier) else value for value in values]
            meta = instance._meta
            cursor.execute(
                f"INSERT INTO {meta.db_table} ({columns}) "  # noqa: S608 - our tables and columns
                f"VALUES ({', '.join(['%s'] * len(values))}) RETURNING {meta.pk.column}",
                values,
            )
            ids.append(cursor.fetchone()[0])
    return ids


class _Earlier:
    """The value of a foreign key (field ``name``): the id of the ``index``-th instance of the same insert."""

    __slots__ = ("index", "name")

    def __init__(self, name: str, index: int):
        self.name, self.index = name, index


def _insert_values(instance: Model, position: dict[int, int], db) -> tuple[str, list]:
    """The quoted column list and the values of one instance's INSERT."""
    columns, values = [], []
    for field in instance._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(db.ops.quote_name(field.column))
        related = field.get_cached_value(instance, None) if field.is_relation else None
        if related is not None and related.pk is None and id(related) in position:
            values.append(_Earlier(field.name, position[id(related)]))
        else:
            if related is not None:  # a saved parent assigned as an object: take its id as save() would
                setattr(instance, field.attname, related.pk)
            values.append(field.get_db_prep_save(field.pre_save(instance, True), db))
    return ", ".join(columns), values


# -- Bulk writes ------------------------------------------------------------------------------------------------


def _quoted(table: Table) -> str:
    name = table if isinstance(table, str) else table._meta.db_table
    return connection.ops.quote_name(name)


def _column_list(columns: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(c) for c in columns)


def _insert_sql(table: Table, columns: Sequence[str]) -> str:
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {_quoted(table)} ({_column_list(columns)}) VALUES ({marks})"  # noqa: S608 - our names


def _copy_sql(table: Table, columns: Sequence[str]) -> str:
    return f"COPY {_quoted(table)} ({_column_list(columns)}) FROM STDIN"


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def _psycopg(cursor):
    """The psycopg cursor under Django's wrapper (COPY is psycopg's own); a psycopg cursor as it is."""
    return cursor.cursor if isinstance(cursor, CursorWrapper) else cursor


def select_in(sql: str, params: Sequence, values: Sequence, *, cursor=None) -> list[tuple]:
    """Rows of ``sql`` for all ``values``, which go where ``{values}`` stands, after the other params:
    one ``= ANY(array)`` on PostgreSQL (a long ``IN`` list costs it more to plan than to run, and psycopg
    more to parse), ``IN`` lists of ``IN_LIST`` elsewhere. ``cursor`` as for ``bulk_insert``."""
    if not values:
        return []
    if cursor is None:
        with connection.cursor() as own:
            return select_in(sql, params, values, cursor=own)
    if connection.vendor == "postgresql":
        cursor.execute(sql.format(values="= ANY(%s)"), [*params, list(values)])
        return cursor.fetchall()
    rows: list[tuple] = []
    for batch in _batches(values, IN_LIST):
        cursor.execute(sql.format(values=f"IN ({', '.join(['%s'] * len(batch))})"), [*params, *batch])
        rows += cursor.fetchall()
    return rows


def ids_reserve(model: type[Model], count: int, *, cursor) -> list[int]:
    """``count`` new primary keys for ``model``'s rows, so that linked rows (a record and its history)
    can be written with ``bulk_insert`` without reading ids back. On PostgreSQL they come from the
    column's sequence (other writers may take ids in between: not necessarily consecutive). On SQLite
    they follow the highest id ever given, which is safe because its transactions take the write lock at
    BEGIN (``transaction_mode`` IMMEDIATE in settings)."""
    if count <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(s::regclass) FROM pg_get_serial_sequence(%s, %s) AS s, generate_series(1, %s)",
            [connection.ops.quote_name(table), pk, count],
        )
        return [value for (value,) in cursor.fetchall()]
    cursor.execute(
        f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608 - our names
        f"coalesce((SELECT max({connection.ops.quote_name(pk)}) FROM {_quoted(table)}), 0))",
        [table],
    )
    (top,) = cursor.fetchone()
    return list(range(top + 1, top + count + 1))


def bulk_insert(table: Table, columns: Sequence[str], rows: Iterable[tuple], *, cursor=None, binary=False) -> int:
    """Appends rows (tuples in ``columns`` order; JSON as its text) and returns how many: COPY ... FROM
    STDIN on PostgreSQL, ``executemany`` batches elsewhere. ``cursor``: one the caller holds (Django's, or
    on PostgreSQL a psycopg cursor on the transaction's connection, as a background writer has).

    ``binary``: PostgreSQL's binary COPY, each value dumped as its column's type (read from the catalog);
    for columns of numbers, text, dates, times and booleans (not JSON given as text). Python spends a fifth
    of text COPY's time a row (1.0-1.5 us instead of 7-8 us for an officer's 23 columns) and the server
    parses nothing, which counts where a bulk import is bound by its Python thread."""
    if isinstance(rows, Sized) and not len(rows):
        return 0  # not even a COPY's round trip
    if cursor is None:
        with connection.cursor() as own:
            return bulk_insert(table, columns, rows, cursor=own, binary=binary)
    n = 0
    if connection.vendor == "postgresql":
        raw = _psycopg(cursor)
        sql = _copy_sql(table, columns) + (" (FORMAT BINARY)" if binary else "")
        # Django's errors (an IntegrityError), not psycopg's own, whatever cursor the caller holds.
        with connection.wrap_database_errors:
            types = _column_types(raw, table, columns) if binary else None
            with raw.copy(sql) as copy:
                if types is not None:
                    copy.set_types(types)
                write = copy.write_row
                for row in rows:
                    write(row)
                    n += 1
        return n
    sql = _insert_sql(table, columns)
    for batch in _batches(rows, SQLITE_BATCH):
        cursor.executemany(sql, batch)
        n += len(batch)
    return n


def bulk_insert_ids(table: Table, key: str, ids: Sequence[int], values: dict[str, object], *, cursor=None) -> int:
    """Appends a row for each of ``ids`` (integers, in column ``key``) with every other column the same
    (``values``), and returns how many: a history step or a default for each record an import wrote. On
    PostgreSQL the ids go as the runs of consecutive ones (``ids_reserve`` gives them mostly so), which
    the server expands: Python's cost no longer grows with the rows. ``bulk_insert`` elsewhere."""
    if not ids:
        return 0
    if cursor is None:
        with connection.cursor() as own:
            return bulk_insert_ids(table, key, ids, values, cursor=own)
    columns = [key, *values]
    if connection.vendor != "postgresql":
        constants = tuple(values.values())
        return bulk_insert(table, columns, ((i, *constants) for i in ids), cursor=cursor)
    firsts, lasts = [], []
    for i in ids:
        if lasts and i == lasts[-1] + 1:
            lasts[-1] = i
        else:
            firsts.append(i)
            lasts.append(i)
    with connection.wrap_database_errors:
        cursor.execute(
            f"INSERT INTO {_quoted(table)} ({_column_list(columns)}) "  # noqa: S608 - our names
            f"SELECT i{''.join(', %s' for _ in values)} FROM unnest(%s::bigint[], %s::bigint[]) AS r(first, last), "
            "generate_series(r.first, r.last) AS i",
            [*values.values(), firsts, lasts],
        )
    return len(ids)


def _column_types(raw_cursor, table: Table, columns: Sequence[str]) -> list[int]:
    """The type OIDs of ``table``'s ``columns`` (PostgreSQL), in their order."""
    raw_cursor.execute(
        "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
        [_quoted(table)],
    )
    types = dict(raw_cursor.fetchall())
    return [types[column] for column in columns]


class RowWriter(AbstractContextManager):
    """``write(row)`` for each row while they are being produced (a file still being read); the rows are
    in the table once the context exits without an error. COPY on PostgreSQL, open for the whole context;
    ``executemany`` batches elsewhere. ``binary`` as for ``bulk_insert``."""

    def __init__(self, table: Table, columns: Sequence[str], *, binary: bool = False) -> None:
        self.table, self.columns, self.binary = table, columns, binary
        self.sql = _insert_sql(table, columns)
        self.copy_sql = _copy_sql(table, columns) + (" (FORMAT BINARY)" if binary else "")
        self._pending: list[tuple] = []
        self._copy_cm = None
        self._cursor = None

    def __enter__(self) -> RowWriter:
        self._cursor = connection.cursor()
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors:
                types = _column_types(self._cursor.cursor, self.table, self.columns) if self.binary else None
            self._copy_cm = self._cursor.cursor.copy(self.copy_sql)
            copy = self._copy_cm.__enter__()
            if types is not None:
                copy.set_types(types)
            self.write = copy.write_row  # type: ignore[method-assign]
        return self

    def write(self, row: tuple) -> None:
        self._pending.append(row)
        if len(self._pending) >= SQLITE_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._cursor.executemany(self.sql, self._pending)
            self._pending = []

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self._copy_cm is not None:
                with connection.wrap_database_errors:
                    self._copy_cm.__exit__(exc_type, exc, tb)
            elif exc_type is None:
                self._flush()
        finally:
            self._cursor.close()


def bulk_update(table: Table, key: str, columns: Sequence[str], rows: Sequence[tuple]) -> int:
    """Sets ``columns`` of the rows whose ``key`` is the first value of each tuple, the new values
    following in ``columns`` order; returns how many rows were given. On PostgreSQL more than
    ``SMALL_UPDATE`` rows go as one UPDATE from a temporary table filled by COPY; fewer, and elsewhere,
    as ``executemany``."""
    if not rows:
        return 0
    quoted, qkey = _quoted(table), connection.ops.quote_name(key)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) > SMALL_UPDATE:
            scratch = connection.ops.quote_name("bulk_update_rows")
            assignments = ", ".join(f"{q} = u.{q}" for q in map(connection.ops.quote_name, columns))
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS "  # noqa: S608 - our names
                f"SELECT {_column_list([key, *columns])} FROM {quoted} WITH NO DATA"
            )
            bulk_insert(scratch, [key, *columns], rows, cursor=cursor)
            cursor.execute(f"UPDATE {quoted} AS t SET {assignments} FROM {scratch} AS u WHERE t.{qkey} = u.{qkey}")  # noqa: S608
            cursor.execute(f"DROP TABLE {scratch}")
            return len(rows)
        assignments = ", ".join(f"{q} = %s" for q in map(connection.ops.quote_name, columns))
        sql = f"UPDATE {quoted} SET {assignments} WHERE {qkey} = %s"  # noqa: S608 - our names
        for batch in _batches(rows, SQLITE_BATCH):
            cursor.executemany(sql, [(*row[1:], row[0]) for row in batch])
    return len(rows)


def bulk_fetch(table: Table, columns: Sequence[str], *, chunk: int = 50_000) -> Iterator[tuple]:
    """Every row of a table, as tuples of ``columns``, streamed."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_column_list(columns)} FROM {_quoted(table)}")  # noqa: S608 - our names
        while rows := cursor.fetchmany(chunk):
            yield from rows


def bulk_delete(table: Table, key: str, keys: Sequence) -> int:
    """Deletes the rows whose ``key`` is in ``keys``, in the order given; returns how many were asked."""
    quoted, qkey = _quoted(table), connection.ops.quote_name(key)
    with connection.cursor() as cursor:
        for batch in _batches(keys, DELETE_BATCH):
            if connection.vendor == "postgresql":
                cursor.execute(f"DELETE FROM {quoted} WHERE {qkey} = ANY(%s)", [batch])  # noqa: S608 - our names
            else:
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM {quoted} WHERE {qkey} IN ({marks})", batch)  # noqa: S608 - our names
    return len(keys)
