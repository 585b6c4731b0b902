"""Database helpers that work on every backend Suara runs on."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Model


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
