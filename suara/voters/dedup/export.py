"""The register's active voters, copied from the database into DuckDB's ``register`` table (see
``pairs.REGISTER_COLUMNS``): the voter id is the unique id. Read-only."""

from __future__ import annotations

import duckdb
import pandas as pd
from django.db import connection

from suara.voters.models import Voter

CHUNK = 50_000


def export_register(con: duckdb.DuckDBPyConnection) -> int:
    """Copies every active voter; returns how many. A server-side cursor keeps memory to one chunk."""
    table = Voter._meta.db_table
    con.execute(
        """
        create or replace table register (unique_id bigint, nik varchar, kk varchar, name varchar,
            birth_place varchar, birth_date date, sex varchar, marital varchar, address varchar, rt varchar, rw varchar,
            desa varchar)
        """
    )
    sql = (
        f"SELECT id, nik, kk, name, birth_place, birth_date, sex, marital, address, rt, rw, kemendagri_desa_code "  # noqa: S608
        f"FROM {table} WHERE status = %s"
    )
    columns = [
        "unique_id",
        "nik",
        "kk",
        "name",
        "birth_place",
        "birth_date",
        "sex",
        "marital",
        "address",
        "rt",
        "rw",
        "desa",
    ]
    total = 0
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [Voter.Status.ACTIVE])
        while rows := cursor.fetchmany(CHUNK):
            frame = pd.DataFrame.from_records(rows, columns=columns)
            frame["birth_date"] = pd.to_datetime(frame["birth_date"]).dt.date
            con.register("register_chunk", frame)
            con.execute("insert into register select * from register_chunk")
            con.unregister("register_chunk")
            total += len(rows)
    return total
