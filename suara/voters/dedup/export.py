"""The register's active voters, copied from the database into DuckDB's ``register`` table (see
``pairs.REGISTER_COLUMNS``): the voter id is the unique id. The register itself is only read.

``export_register`` copies every active voter (a run over the whole register). ``export_candidates``
copies only what checking some voters (a batch, ``--since``) needs: those voters, and the active voters
the blocking rules could pair them with: a related birth date (``features.related_birth_dates``) and the
same desa, the same first or last sound key, or (the same birth date) the same sex and initial; or the
same family card. The database does that selection on the keys kept in ``DuplicateKey``
(``refresh_keys`` brings them up to date first), so an incremental run reads a slice of the register, not
all of it, however many birth dates its voters have between them.
"""

from __future__ import annotations

import functools
import hashlib

import duckdb
import pandas as pd
from django.db import connection, transaction
from django.db.models import Count

from suara.voters.dedup.features import name_features, related_birth_dates
from suara.voters.models import DuplicateKey, Voter

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


def name_md5(name: str) -> str:
    """What a key row remembers of the name it was worked out from (the database's ``MD5(name)``)."""
    return hashlib.md5((name or "").encode(), usedforsecurity=False).hexdigest()


@functools.lru_cache(maxsize=65536)  # names repeat: a register has far fewer names than voters
def _keys_of(name: str) -> tuple[str, str, str, str, str]:
    features = name_features(name)
    return name_md5(name), features.words, features.sound_first, features.sound_last, features.words[:1]


def _key(voter_id: int, name: str) -> DuplicateKey:
    md5, words, first, last, initial = _keys_of(name or "")
    return DuplicateKey(
        voter_id=voter_id, name_md5=md5, words=words, sound_first=first, sound_last=last, initial=initial
    )


def refresh_keys() -> int:
    """Works out the keys of every active voter who has none or whose name changed since (one pass over
    the register in the database, the names compared by MD5), and stores them; returns how many."""
    voters, keys = Voter._meta.db_table, DuplicateKey._meta.db_table
    sql = (
        f"SELECT v.id, v.name FROM {voters} v LEFT JOIN {keys} k ON k.voter_id = v.id "  # noqa: S608
        "WHERE v.status = %s AND (k.voter_id IS NULL OR k.name_md5 <> MD5(v.name))"
    )
    fields = ["name_md5", "words", "sound_first", "sound_last", "initial"]
    refreshed = 0
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, [Voter.Status.ACTIVE])
        # PostgreSQL reads the query's snapshot while the keys are written; SQLite reads it all first.
        chunks = iter(lambda: cursor.fetchmany(CHUNK), []) if connection.vendor == "postgresql" else [cursor.fetchall()]
        for rows in chunks:
            if connection.vendor == "postgresql":
                _copy_keys(rows, fields)
            else:
                DuplicateKey.objects.bulk_create(
                    [_key(pk, name) for pk, name in rows],
                    batch_size=5000,
                    update_conflicts=True,
                    unique_fields=["voter"],
                    update_fields=fields,
                )
            refreshed += len(rows)
    return refreshed


def _copy_keys(rows: list[tuple[int, str]], fields: list[str]) -> None:
    """Stores keys on PostgreSQL: COPY into a scratch table, then one upsert (a first run after an import
    writes a key for every voter, which row-by-row inserts make slow)."""
    table, columns = DuplicateKey._meta.db_table, ["voter_id", *fields]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS new_keys (LIKE {table}) ON COMMIT DROP")
        with cursor.cursor.copy(f"COPY new_keys ({', '.join(columns)}) FROM STDIN") as copy:
            for pk, name in rows:
                copy.write_row((pk, *_keys_of(name or "")))
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM new_keys "  # noqa: S608
            f"ON CONFLICT (voter_id) DO UPDATE SET {', '.join(f'{f} = excluded.{f}' for f in fields)}"
        )
        cursor.execute("TRUNCATE new_keys")


_CANDIDATE_FIELDS = [f"v.{field}" for field in FIELDS]


def export_candidates(con: duckdb.DuckDBPyConnection, focus_ids: list[int]) -> int:
    """Copies the voters of ``focus_ids`` and every active voter a blocking rule could pair with one of
    them (see the module's docstring); returns how many rows were copied in all. Brings the keys up to
    date first (``refresh_keys``)."""
    refresh_keys()
    _create(con)
    active = Voter.objects.filter(status=Voter.Status.ACTIVE)
    by_desa, by_first, by_last, by_initial, kks = set(), set(), set(), set(), set()
    for start in range(0, len(focus_ids), ID_CHUNK):
        rows = list(active.filter(pk__in=focus_ids[start : start + ID_CHUNK]).values_list(*FIELDS))
        _insert(con, rows)
        for row in rows:
            features, born, sex, desa = name_features(row[3] or ""), row[5], row[6], row[11]
            for related in related_birth_dates(born):
                by_desa.add((related, desa))
                by_first.add((related, features.sound_first))
                by_last.add((related, features.sound_last))
            by_initial.add((born, sex, features.words[:1]))
            if row[2]:
                kks.add(row[2])
    if connection.vendor == "postgresql":
        # One pass over the register and its keys, each set of pairs matched by hash: no index to keep
        # for it on 200M rows.
        def pairs_of(values: set[tuple], *types: str) -> tuple[str, list]:
            columns = list(zip(*sorted(values), strict=True)) or [[] for _ in types]
            arrays = ", ".join(f"%s::{t}[]" for t in types)
            return f"(SELECT * FROM unnest({arrays}))", [list(column) for column in columns]  # noqa: S608

        parts, params = [], [Voter.Status.ACTIVE]
        for columns, values, types in (
            ("v.birth_date, v.kemendagri_desa_code", by_desa, ("date", "text")),
            ("v.birth_date, k.sound_first", by_first, ("date", "text")),
            ("v.birth_date, k.sound_last", by_last, ("date", "text")),
            ("v.birth_date, v.sex, k.initial", by_initial, ("date", "text", "text")),
        ):
            subquery, arrays = pairs_of(values, *types)
            parts.append(f"({columns}) IN {subquery}")
            params += arrays
        parts.append("v.kk = ANY(%s::text[])")
        params.append(sorted(kks))
        sql = (
            f"SELECT {', '.join(_CANDIDATE_FIELDS)} FROM {Voter._meta.db_table} v "  # noqa: S608
            f"JOIN {DuplicateKey._meta.db_table} k ON k.voter_id = v.id "
            f"WHERE v.status = %s AND ({' OR '.join(parts)})"
        )
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(CHUNK):
                _insert(con, rows)
    else:
        # SQLite (development, tests): the records born on a related date, kept when a key matches.
        dates = sorted({born for born, _ in by_desa})
        keyed = active.values_list(
            *FIELDS, "duplicate_key__sound_first", "duplicate_key__sound_last", "duplicate_key__initial"
        )
        for start in range(0, len(dates), ID_CHUNK):
            rows = []
            for *row, first, last, initial in keyed.filter(birth_date__in=dates[start : start + ID_CHUNK]):
                born, sex, desa = row[5], row[6], row[11]
                if (
                    (born, desa) in by_desa
                    or (born, first) in by_first
                    or (born, last) in by_last
                    or (born, sex, initial) in by_initial
                ):
                    rows.append(tuple(row))
            _insert(con, rows)
        kks = sorted(kks)
        for start in range(0, len(kks), ID_CHUNK):
            _insert(con, list(active.filter(kk__in=kks[start : start + ID_CHUNK]).values_list(*FIELDS)))
    return con.execute("select count(*) from register").fetchone()[0]


def name_counts(words: list[str]) -> dict[str, int]:
    """Active voters per name (``features.name_features(...).words``) over the whole register, for the
    names given: how common each is, which a slice picked by name keys cannot tell."""
    keys = DuplicateKey.objects.filter(voter__status=Voter.Status.ACTIVE)
    counts: dict[str, int] = {}
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT k.words, count(*) FROM {DuplicateKey._meta.db_table} k "  # noqa: S608
            f"JOIN {Voter._meta.db_table} v ON v.id = k.voter_id "
            "WHERE v.status = %s AND k.words = ANY(%s::text[]) GROUP BY k.words"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [Voter.Status.ACTIVE, sorted(words)])
            counts.update(cursor.fetchall())
    else:
        for start in range(0, len(words), ID_CHUNK):
            chunk = words[start : start + ID_CHUNK]
            counts.update(keys.filter(words__in=chunk).values_list("words").annotate(n=Count("pk")).order_by())
    return counts


def place_counts() -> dict[str, int]:
    """Active voters per place of birth as written, over the whole register: one aggregate in the
    database (a few thousand rows), so an incremental run knows how places are shortened and how common
    each is without copying the register."""
    rows = Voter.objects.filter(status=Voter.Status.ACTIVE).values_list("birth_place").annotate(n=Count("pk"))
    return {place: n for place, n in rows.order_by()}
