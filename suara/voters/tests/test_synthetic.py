"""Synthetic voters (pure): valid NIKs, households, a realistic mix, duplicates with their truth, and the
same file for the same seed."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.people.eligibility import age_on
from suara.people.names import name_key
from suara.people.nik import nik_parse, nik_problems
from suara.voters.synthetic import duplicates as disguises
from suara.voters.synthetic.voters import VOTING_DAY, SyntheticVoters, place_name, write_voters

TODAY = date(2026, 11, 22)
DESA = [f"327601{n}" for n in range(1006, 1017)] + [f"327602{n}" for n in range(1001, 1008)]
KECAMATAN = {code[:6] for code in DESA}


@pytest.fixture(scope="module")
def sample():
    generator = SyntheticVoters(DESA, 20_000, duplicates=0.01, seed=7, home_places=["Depok"])
    rows = list(generator.rows())
    return generator, rows


def test_the_count_is_the_number_of_rows_duplicates_included(sample):
    generator, rows = sample
    assert len(rows) == 20_000
    assert len(generator.truth) == 200
    assert len({row[0] for row in rows}) == 20_000


def test_every_nik_is_valid_and_agrees_with_the_row(sample):
    _, rows = sample
    for row in rows:
        born = date.fromisoformat(row[4])
        assert nik_problems(row[0], birth_date=born, sex=row[5], known_kecamatan=KECAMATAN, today=TODAY) == []
        assert row[0][:6] == row[10][:6]
        assert row[10] in DESA


def test_everyone_is_of_voting_age_and_the_mix_is_roughly_indonesias(sample):
    _, rows = sample
    ages = [age_on(date.fromisoformat(row[4]), VOTING_DAY) for row in rows]
    assert min(ages) >= 17
    assert max(ages) <= 96
    share = Counter("17-27" if a <= 27 else "28-43" if a <= 43 else "44-59" if a <= 59 else "60+" for a in ages)
    # KPU's DPT 2024 by generation: 22.85% gen Z, 33.6% millennials, 28.07% gen X, 15.5% older.
    for group, expected in {"17-27": 0.23, "28-43": 0.34, "44-59": 0.28, "60+": 0.15}.items():
        assert abs(share[group] / len(rows) - expected) < 0.06, group
    sexes = Counter(row[5] for row in rows)
    assert 0.46 < sexes["L"] / len(rows) < 0.54


def test_marital_status_goes_with_age(sample):
    _, rows = sample
    by_status = defaultdict(list)
    for row in rows:
        by_status[row[6]].append(age_on(date.fromisoformat(row[4]), VOTING_DAY))
    assert set(by_status) == {"B", "S", "P"}
    assert sum(by_status["B"]) / len(by_status["B"]) < 30  # the unmarried are young
    assert sum(by_status["P"]) / len(by_status["P"]) > 50  # the widowed are old
    assert sum(1 for age in by_status["S"] if age < 20) / len(by_status["S"]) < 0.02


def test_households_share_a_kk_address_rt_rw_and_desa(sample):
    generator, rows = sample
    duplicates = {b for _, b in generator.truth}
    households = defaultdict(list)
    for row in rows:
        if row[0] not in duplicates:
            households[row[1]].append(row)
    sizes = Counter(len(members) for members in households.values())
    assert set(sizes) <= {1, 2, 3, 4, 5, 6}
    assert sizes[1] <= 1  # only the last household can be cut short
    assert sizes[2] > sizes[6] > 0
    for kk, members in households.items():
        assert len(kk) == 16 and kk[:6] == members[0][10][:6]
        assert len({(m[7], m[8], m[9], m[10]) for m in members}) == 1


def test_each_duplicate_is_a_new_valid_nik_for_the_same_person_changed_in_a_known_way(sample):
    generator, rows = sample
    by_nik = {row[0]: row for row in rows}
    kinds = Counter()
    for nik_a, nik_b in generator.truth:
        a, b = by_nik[nik_a], by_nik[nik_b]
        assert nik_a != nik_b
        assert nik_parse(nik_b, known_kecamatan=KECAMATAN, today=TODAY).sex == a[5] == b[5]
        assert rows.index(a) < rows.index(b)
        if a[2] != b[2]:
            kinds["name"] += 1
            if name_key(a[2]) == name_key(b[2]):
                kinds["title"] += 1
            elif sorted(name_key(w) for w in a[2].split()) == sorted(name_key(w) for w in b[2].split()):
                kinds["swap_order"] += 1
        if a[4] != b[4]:
            born_a, born_b = date.fromisoformat(a[4]), date.fromisoformat(b[4])
            assert abs(born_a.year - born_b.year) <= 1
            if born_a.year != born_b.year:
                kinds["year"] += 1
            if (born_a.day, born_a.month) == (born_b.month, born_b.day):
                kinds["swap_date"] += 1
            else:
                assert (born_a.month, min(born_a.day, 28)) == (born_b.month, min(born_b.day, 28))
        if a[3] != b[3]:
            assert (len(b[3]) == 3 and b[3][0] == a[3][0]) or b[3] in disguises.words.BIRTH_PLACES
            kinds["place"] += 1
        if a[7:11] != b[7:11]:
            assert a[1] != b[1]  # another address comes with another KK
            kinds["address"] += 1
        assert (a[2], a[3], a[4], a[7:11]) != (b[2], b[3], b[4], b[7:11])
    assert min(kinds.values()) >= 10, kinds


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not():
    def written(seed: int) -> tuple[str, str]:
        out, truth = io.StringIO(), io.StringIO()
        write_voters(SyntheticVoters(DESA, 2_000, duplicates=0.02, seed=seed), out, truth)
        return out.getvalue(), truth.getvalue()

    first = written(1)
    assert first == written(1)
    assert first != written(2)
    lines = first[0].splitlines()
    assert lines[0] == (
        "nik,kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,status_kawin,alamat,rt,rw,kode_desa,disabilitas"
    )
    assert len(lines) == 2_001
    assert first[1].splitlines()[0] == "nik_a,nik_b" and len(first[1].splitlines()) == 41


@settings(max_examples=200)
@given(st.sampled_from(["Muhammad Rizki", "Siti Nur Aini", "Budi", "Ahmad Yani, S.Pd.", "H. Slamet Riyadi"]),
       st.integers(0, 10_000))  # fmt: skip
def test_each_change_of_a_name_changes_it(name, seed):
    import random

    rng = random.Random(seed)
    assert disguises.typo(rng, name) != name
    assert disguises.retitle(rng, name, "L") != name
    if any(word in disguises.words.VARIANTS for word in name.split()):
        assert disguises.variant(rng, name) != name
    if len(name.partition(",")[0].split()) >= 2 and not name.startswith("H."):
        assert disguises.swap_order(name) != name


def test_place_names_drop_the_kind_of_region():
    assert place_name("Kota Administrasi Jakarta Timur") == "Jakarta Timur"
    assert place_name("Kabupaten Bogor") == "Bogor"
    assert place_name("Kota Depok") == "Depok"


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        SyntheticVoters([], 10)
    with pytest.raises(ValueError):
        SyntheticVoters(DESA, 10, duplicates=0.7)
