"""Candidate duplicate pairs, found with Splink on DuckDB over a register table. No Django.

The register comes into DuckDB as a table ``register`` with the columns of ``REGISTER_COLUMNS`` (from
the database by ``export.py``, or straight from an import-format CSV by ``load_csv``, which the benchmark
and training use). ``prepare`` adds the features, ``find_pairs`` scores the candidate pairs: the whole
register against itself, or only some records (new ones, one region's) against all of it, with Splink's
linking of one table against another, so a new batch is checked without rerunning the register.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker

from suara.voters.dedup.features import expand_places, name_features, place_key, place_letters
from suara.voters.dedup.model import Model, quiet_splink

REGISTER_COLUMNS = (
    "unique_id", "nik", "kk", "name", "birth_place", "birth_date", "sex", "marital", "address", "rt", "rw", "desa"
)  # fmt: skip
FEATURES = "voter_features"
FOCUS = "voter_focus"
PLACE_FREQUENCIES = "place_frequencies"  # how common each place of birth is in the whole register


@dataclass(frozen=True)
class Pair:
    id_a: int  # the lower unique id
    id_b: int
    probability: float


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    if threads:
        con.execute(f"set threads = {int(threads)}")
    return con


def load_csv(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Loads an import-format CSV (``suara generate-voters``) as the register; the row number is the id."""
    con.execute(
        """
        create or replace table register as
        select row_number() over () as unique_id, nik, kk, nama as name, tempat_lahir as birth_place,
               cast(tanggal_lahir as date) as birth_date, jenis_kelamin as sex, status_kawin as marital,
               alamat as address, rt, rw, kode_desa as desa
        from read_csv(?, header = true, all_varchar = true)
        """,
        [str(path)],
    )
    return con.execute("select count(*) from register").fetchone()[0]


def prepare(con: duckdb.DuckDBPyConnection, place_counts: dict[str, int] | None = None) -> int:
    """Builds the feature table from ``register``; returns its number of rows.

    Names repeat, so each distinct name is worked out once in Python (``features.name_features``) and
    joined back; the rest is SQL. ``place_counts`` (place of birth as written: records) are the whole
    register's when ``register`` holds only a slice of it: how places are shortened, and how common
    each is, is learnt from them (``PLACE_FREQUENCIES``).
    """
    names = [row[0] for row in con.execute("select distinct name from register").fetchall()]
    rows = [name_features(name or "") for name in names]
    frame = pd.DataFrame(
        {
            "name": names,
            "words": [f.words for f in rows],
            "sounds": [f.sounds for f in rows],
            "sound_first": [f.sound_first for f in rows],
            "sound_last": [f.sound_last for f in rows],
        },
        dtype="string",  # text even when the register is empty
    )
    con.register("name_features_frame", frame)
    if place_counts is None:
        place_counts = dict(con.execute("select birth_place, count(*) from register group by 1").fetchall())
    by_letters: dict[str, int] = {}
    for place, n in place_counts.items():
        letters = place_letters(place)
        by_letters[letters] = by_letters.get(letters, 0) + n
    for (place,) in con.execute("select distinct birth_place from register").fetchall():
        by_letters.setdefault(place_letters(place), 1)
    expanded = expand_places(by_letters)
    places = pd.DataFrame(
        {
            "letters": list(by_letters),
            "place": [place_key(p, expanded) for p in by_letters],
            "records": list(by_letters.values()),
        }
    ).astype({"letters": "string", "place": "string", "records": "int64"})
    con.register("place_frame", places)
    con.execute(
        f"""
        create or replace table {PLACE_FREQUENCIES} as
        select place, sum(records) / (select sum(records) from place_frame where place <> '') as tf_place
        from place_frame where place <> '' group by place
        """  # noqa: S608
    )
    con.execute(
        f"""
        create or replace table {FEATURES} as
        select r.unique_id,
               nullif(r.kk, '') as kk,
               nullif(p.place, '') as place,
               r.birth_date,
               cast(r.birth_date + interval 1 year as date) as birth_date_next,
               case when day(r.birth_date) <= 12 and day(r.birth_date) <> month(r.birth_date)
                    then make_date(year(r.birth_date) + 1, day(r.birth_date), month(r.birth_date)) end
                   as birth_date_swapped_next,
               case when day(r.birth_date) <= 12 and day(r.birth_date) <> month(r.birth_date)
                    then make_date(year(r.birth_date), day(r.birth_date), month(r.birth_date)) end
                   as birth_date_swapped,
               nullif(r.sex, '') as sex,
               nullif(r.marital, '') as marital,
               nullif(r.desa, '') as desa,
               nullif(lower(regexp_replace(r.address, '[^A-Za-z0-9]', '', 'g')) || '/' || coalesce(r.rt, '')
                      || '/' || coalesce(r.rw, ''), '//') as address,
               nullif(f.words, '') as words,
               nullif(f.sounds, '') as sounds,
               list_distinct(string_split(nullif(f.sounds, ''), ' ')) as sound_list,
               nullif(left(f.words, 1), '') as initial,
               nullif(f.sound_first, '') as sound_first,
               nullif(f.sound_last, '') as sound_last
        from register r join name_features_frame f on f.name = coalesce(r.name, '')
        join place_frame p on p.letters = lower(regexp_replace(coalesce(r.birth_place, ''), '[^A-Za-z]', '', 'g'))
        """  # noqa: S608
    )
    con.unregister("name_features_frame")
    con.unregister("place_frame")
    return con.execute(f"select count(*) from {FEATURES}").fetchone()[0]  # noqa: S608


def find_pairs(
    con: duckdb.DuckDBPyConnection,
    model: Model,
    *,
    focus_ids: list[int] | None = None,
    threshold: float | None = None,
    register_size: int | None = None,
    name_counts: dict[str, int] | None = None,
) -> list[Pair]:
    """The pairs whose match probability reaches the threshold (the model's by default), best first.

    Without ``focus_ids`` every record is compared with the others (blocked by the model's rules); with
    them, only those records are compared with the whole register (themselves included), so a new
    batch costs in proportion to its size. ``register_size``: the active voters in all, when the feature
    table holds only the candidates (``export.export_candidates``); the prior is then set for the whole
    register, not for that slice, and so is how common a name is, from ``name_counts`` (records per
    name's ``words`` in the whole register, ``export.name_counts``).
    """
    quiet_splink()
    threshold = model.threshold if threshold is None else threshold
    records = con.execute(f"select count(*) from {FEATURES}").fetchone()[0]  # noqa: S608
    if records < 2:
        return []
    db_api = DuckDBAPI(connection=con)
    if focus_ids is None:
        linker = Linker(FEATURES, model.settings_for(records=records), db_api=db_api, set_up_basic_logging=False)
    else:
        if not focus_ids:
            return []
        con.execute("create or replace temp table focus_ids as select unnest(?::bigint[]) as unique_id", [focus_ids])
        con.execute(
            f"create or replace table {FOCUS} as select f.* from {FEATURES} f semi join focus_ids using (unique_id)"  # noqa: S608
        )
        linker = Linker(
            [FOCUS, FEATURES],
            model.settings_for(records=len(focus_ids), link_against=max(records, register_size or 0)),
            db_api=db_api,
            input_table_aliases=["baru", "daftar"],
            set_up_basic_logging=False,
        )
        if register_size and register_size > records:
            _register_term_frequencies(con, linker, register_size, name_counts or {})
    predicted = linker.inference.predict(threshold_match_probability=threshold)
    rows = con.execute(
        f"""
        select least(unique_id_l, unique_id_r) as a, greatest(unique_id_l, unique_id_r) as b,
               max(match_probability) as p
        from {predicted.physical_name}
        where unique_id_l <> unique_id_r
        group by 1, 2
        order by p desc, a, b
        """  # noqa: S608
    ).fetchall()
    predicted.drop_table_from_database_and_remove_from_cache()
    return [Pair(int(a), int(b), float(p)) for a, b, p in rows]


def _register_term_frequencies(
    con: duckdb.DuckDBPyConnection, linker: Linker, register_size: int, name_counts: dict[str, int]
) -> None:
    """How common each place and name is in the whole register, when the feature table holds only a slice
    of it (``export_candidates``), which is picked by name and birth date and so says nothing about it:
    places counted over the whole register (``prepare``'s ``place_counts``), names from ``name_counts``
    (a name missing there counts as one record)."""
    places = con.execute(f"select * from {PLACE_FREQUENCIES}").df()  # noqa: S608
    linker.table_management.register_term_frequency_lookup(places, "place", overwrite=True)
    words = [row[0] for row in con.execute(f"select distinct words from {FEATURES} where words is not null").fetchall()]  # noqa: S608
    frame = pd.DataFrame(
        {"words": words, "tf_words": [max(name_counts.get(w, 0), 1) / register_size for w in words]}
    ).astype({"words": "string", "tf_words": "float64"})
    linker.table_management.register_term_frequency_lookup(frame, "words", overwrite=True)
