"""The register's active voters, copied from the database into DuckDB's ``register`` table (see
``pairs.REGISTER_COLUMNS``): the voter id is the unique id. Read-only.

``export_register`` copies every active voter (a run over the whole register). ``export_candidates``
copies only what checking some voters (a batch, ``--since``) needs: those voters, and the active voters
the blocking rules could pair them with, which all share a related birth date
(``features.related_birth_dates``) or the family card. The database does that selection, so an
incremental run reads a slice of the register, not all of it.
"""

from __future__ import annotations

import duckdb
import pandas as pd
from django.db import connection
from django.db.models import Count

from suara.voters.dedup.features import related_birth_dates
from suara.voters.models import Voter

CHUNK = 50_000
COLUMNS = ["unique_id", "nik", "kk", "name", "birth_place", "birth_date", "sex", "marital", "address", "rt", "rw",
           "desa"]  # fmt: skip
FIELDS = ["id", "nik", "kk", "name", "birth_place", "birth_date", "sex", "marital", "address", "rt", "rw",
          "kemendagri_desa_code"]  # fmt: skip
ID_CHUNK = 5_000  # ids or dates per query on SQLite (its limit on bound parameters)


def _create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        create or replace table register (unique_id bigint, nik varchar, kk varchar, name varchar,
            birth_place varchar, birth_date date, sex varchar, marital varchar, address varchar, rt varchar, rw varchar,
            desa varchar)
        """
    )


def _insert(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Adds rows to ``register``, skipping ids already there."""
    if not rows:
        return
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    frame["birth_date"] = pd.to_datetime(frame["birth_date"]).dt.date
    con.register("register_chunk", frame)
    con.execute("insert into register select * from register_chunk anti join register using (unique_id)")
    con.unregister("register_chunk")


def export_register(con: duckdb.DuckDBPyConnection) -> int:
    """Copies every active voter; returns how many. A server-side cursor keeps memory to one chunk."""
    _create(con)
    sql = f"SELECT {', '.join(FIELDS)} FROM {Voter._meta.db_table} WHERE status = %s"  # noqa: S608
    total = 0
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [Voter.Status.ACTIVE])
        while rows := cursor.fetchmany(CHUNK):
            _insert(con, rows)
            total += len(rows)
    return total


def export_candidates(con: duckdb.DuckDBPyConnection, focus_ids: list[int]) -> int:
    """Copies the voters of ``focus_ids`` and every active voter born on a date related to one of theirs
    or on the same family card; returns how many rows were copied in all."""
    _create(con)
    active = Voter.objects.filter(status=Voter.Status.ACTIVE)
    dates, kks = set(), set()
    for start in range(0, len(focus_ids), ID_CHUNK):
        rows = list(active.filter(pk__in=focus_ids[start : start + ID_CHUNK]).values_list(*FIELDS))
        _insert(con, rows)
        for row in rows:
            dates |= related_birth_dates(row[5])
            if row[2]:
                kks.add(row[2])
    dates, kks = sorted(dates), sorted(kks)
    if connection.vendor == "postgresql":
        # One pass over the table, the arrays matched by hash: no index to keep for it on 200M rows.
        sql = (
            f"SELECT {', '.join(FIELDS)} FROM {Voter._meta.db_table} "  # noqa: S608
            "WHERE status = %s AND (birth_date = ANY(%s::date[]) OR kk = ANY(%s::varchar[]))"
        )
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, [Voter.Status.ACTIVE, dates, kks])
            while rows := cursor.fetchmany(CHUNK):
                _insert(con, rows)
    else:
        for values, lookup in ((dates, "birth_date__in"), (kks, "kk__in")):
            for start in range(0, len(values), ID_CHUNK):
                chunk = values[start : start + ID_CHUNK]
                _insert(con, list(active.filter(**{lookup: chunk}).values_list(*FIELDS)))
    return con.execute("select count(*) from register").fetchone()[0]


def place_counts() -> dict[str, int]:
    """Active voters per place of birth as written, over the whole register: one aggregate in the
    database (a few thousand rows), so an incremental run knows how places are shortened and how common
    each is without copying the register."""
    rows = Voter.objects.filter(status=Voter.Status.ACTIVE).values_list("birth_place").annotate(n=Count("pk"))
    return {place: n for place, n in rows.order_by()}
