"""The fingerprint, property-tested: a trace always finds the extract it was given (whole, in part, shuffled,
without its hash column when its markers can be recognised), a different extract's key never matches, and
the markers are the same for the same secret, plausible and never a NIK the register holds."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from suara.people.nik import nik_problems
from suara.sharing.fingerprint import (
    TOKEN,
    TOKEN_COLUMN,
    Leak,
    Place,
    Source,
    Tokens,
    evidence,
    extract_secret,
    identified,
    interleave,
    marker_count,
    marker_positions,
    marker_row,
    marker_signature,
    markers,
    trace,
)
from suara.sharing.rules import FIELDS

DAY = date(2026, 3, 1)
SERVER = b"server-key-for-tests"
PLACES = (
    Place("3276011006", "327601", ("3276011006001", "3276011006002")),
    Place("3276011007", "327601", ("3276011007001",)),
)
NAMES = [f.name for f in FIELDS]
key_ids = st.text("0123456789abcdef", min_size=16, max_size=16)
field_sets = st.lists(st.sampled_from(NAMES), min_size=1, unique=True).map(
    lambda names: [n for n in NAMES if n in names]
)
voter_id_sets = st.sets(st.integers(1, 10**9), min_size=1, max_size=60)


def values_of(voter_id: int, fields: list[str]) -> list[str]:
    return [f"{name}-{voter_id}" for name in fields]


def build(key_id: str, voter_ids: list[int], fields: list[str]) -> tuple[Source, list[list[str]]]:
    """An extract's rows as services_extracts writes them, and its Source as the trace reads it back."""
    secret = extract_secret(SERVER, key_id)
    tokens = Tokens(secret)
    chosen = markers(secret, marker_count(len(voter_ids)), PLACES, DAY)
    real = ([tokens.voter(v), *values_of(v, fields)] for v in voter_ids)
    rows = list(
        interleave(real, [marker_row(m, fields) for m in chosen], marker_positions(secret, len(voter_ids), len(chosen)))
    )
    source = Source("extract", 1, secret, tuple(fields), voter_ids=lambda: iter(voter_ids), markers=tuple(chosen))
    return source, [[TOKEN_COLUMN, *fields], *rows]


@given(key=key_ids, other=key_ids, ids=voter_id_sets, fields=field_sets, seed=st.integers(0, 2**32))
def test_a_trace_finds_the_extract_it_was_given_and_never_another(key, other, ids, fields, seed):
    ids = sorted(ids)
    source, rows = build(key, ids, fields)
    other_source, _ = build(other + "x", ids, fields)  # the same voters under another key
    other_source = Source("extract", 2, other_source.secret, other_source.fields, voter_ids=lambda: iter(ids),
                          markers=other_source.markers)  # fmt: skip
    body = rows[1:]
    random.Random(seed).shuffle(body)
    found = trace([other_source, source], Leak.of([rows[0], *body]))
    assert [e.pk for e in found] == [1]
    assert found[0].hashes_matched == len(ids)
    assert len(found[0].markers_by_hash) == len(source.markers)
    assert evidence(other_source, Leak.of(rows)).hashes_matched == 0


@given(key=key_ids, ids=voter_id_sets, fields=field_sets, keep=st.integers(1, 60), seed=st.integers(0, 2**32))
def test_part_of_a_copy_still_names_it(key, ids, fields, keep, seed):
    source, rows = build(key, sorted(ids), fields)
    part = random.Random(seed).sample(rows[1:], min(keep, len(rows) - 1))
    found = trace([source], Leak.of(part))
    assert found and found[0].pk == 1


@given(key=key_ids, ids=st.sets(st.integers(1, 10**9), min_size=25, max_size=60), seed=st.integers(0, 2**32))
def test_a_copy_without_its_hash_column_is_named_by_its_markers(key, ids, seed):
    fields = ["nama", "tanggal_lahir", "jenis_kelamin", "alamat", "rt", "rw"]
    source, rows = build(key, sorted(ids), fields)
    stripped = [row[1:] for row in rows]
    random.Random(seed).shuffle(stripped)
    found = trace([source], Leak.of(stripped))
    assert found and found[0].hashes_matched == 0
    assert found[0].markers_by_content == tuple(range(1, len(source.markers) + 1))


def test_a_copy_of_other_data_matches_nothing():
    source, _ = build("0" * 16, list(range(1, 50)), ["nama", "alamat", "usia"])
    unrelated = [["nama", "alamat"], ["BUDI", "JL. MAWAR NO. 1"], ["a" * 20, "0123456789abcdef0123"]]
    assert trace([source], Leak.of(unrelated)) == []
    assert not identified(evidence(source, Leak.of(unrelated)))


@given(key=key_ids, count=st.integers(1, 8))
def test_markers_are_the_same_for_the_same_secret_plausible_and_never_taken(key, count):
    secret = extract_secret(SERVER, key)
    first = markers(secret, count, PLACES, DAY)
    assert first == markers(secret, count, PLACES, DAY) and len(first) == count
    taken = {first[0]["nik"]}
    again = markers(secret, count, PLACES, DAY, taken=lambda m: m["nik"] in taken)
    assert all(m["nik"] not in taken for m in again) and len(again) == count
    for marker in first:
        assert not nik_problems(
            marker["nik"], birth_date=date.fromisoformat(marker["tanggal_lahir"]), sex=marker["jenis_kelamin"],
            known_kecamatan={"327601"}, today=DAY,
        )  # fmt: skip
        assert len(marker["kk"]) == 16 and marker["kk"].isdigit()
        assert marker["kode_desa"] in {p.desa for p in PLACES} and marker["tps"].startswith(marker["kode_desa"])
        assert 20 <= int(marker["usia"]) <= 74 and TOKEN.fullmatch(marker["token"])
        assert set(marker) >= set(NAMES)
    assert len({m["nik"] for m in first}) == count


@given(key=key_ids, rows=st.integers(0, 500), count=st.integers(0, 6))
def test_marker_positions_fall_among_the_rows(key, rows, count):
    positions = marker_positions(extract_secret(SERVER, key), rows, count)
    assert len(set(positions)) == count == len(positions) and positions == sorted(positions)
    assert all(0 <= p < rows + count for p in positions)
    out = list(interleave(([str(i)] for i in range(rows)), [["m", str(p)] for p in positions], positions))
    assert len(out) == rows + count
    assert [i for i, row in enumerate(out) if row[0] == "m"] == positions


def test_marker_counts_and_signatures():
    assert [marker_count(n) for n in (0, 1, 19, 20, 9999, 10_000)] == [0, 1, 1, 3, 3, 5]
    marker = markers(extract_secret(SERVER, "k"), 1, PLACES, DAY)[0]
    assert marker_signature(marker, ["usia", "jenis_kelamin", "rt"]) is None  # nothing tells people apart
    assert marker_signature(marker, ["nama", "usia"]) is None  # too few values
    assert len(marker_signature(marker, ["nama", "usia", "rt"])) == 3


def test_tokens_differ_by_kind_and_key():
    a, b = Tokens(extract_secret(SERVER, "a")), Tokens(extract_secret(SERVER, "b"))
    assert a.voter(1) != b.voter(1) and a.voter(1) != a.group("1") != a.marker(1)
    assert a.voter(1) == Tokens(extract_secret(SERVER, "a")).voter(1) and TOKEN.fullmatch(a.voter(1))
