"""Property tests of the row rules (members.rows): the fast path agrees with the full rules on every row
it accepts; a valid row is accepted whatever its spacing and case; any change to a valid row's NIK, birth
date or sex that no longer agrees is refused with a NIK code; no reason ever carries a value."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from suara.parties.members.rows import COLUMNS, INVALID_NIK_CODES, MemberRowChecker
from suara.people.nik import nik_make

TODAY = date(2026, 6, 1)
KECAMATAN = frozenset({"327601", "117101"})
DESA = frozenset({"3276011006", "3276011007", "1171011001"})


def checker(**kwargs) -> MemberRowChecker:
    return MemberRowChecker(known_kecamatan=KECAMATAN, known_desa=DESA, today=TODAY, **kwargs)


names = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCDEFG.'"), min_size=1, max_size=40).filter(
    lambda n: any(c.isalpha() for c in n)
)


@st.composite
def valid_rows(draw):
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=TODAY - timedelta(days=17 * 366)))
    sex = draw(st.sampled_from("LP"))
    desa = draw(st.sampled_from(sorted(DESA)))
    nik = nik_make(desa[:6], born, sex, draw(st.integers(1, 9999)))
    name = " ".join(draw(names).split()) or "Budi"
    text = st.text(alphabet=st.sampled_from("abcdefghij 0123456789./-"), max_size=30)
    address, occupation, kta = (" ".join(draw(text).split()) for _ in range(3))
    return [nik, name, sex, born.isoformat(), desa, address, occupation, kta]


@settings(max_examples=300, deadline=None)
@given(valid_rows())
def test_the_fast_path_and_the_full_rules_agree(row):
    fast, slow = checker(), checker()
    fast_record = fast._fast(2, row)
    slow_record = slow._slow(2, row, found := [])
    if fast_record is not None:
        assert slow_record == fast_record and found == []
    if slow_record is not None and not found:
        assert checker().check(2, list(row)) == slow_record


@settings(max_examples=200, deadline=None)
@given(valid_rows(), st.sampled_from(["", " ", "  "]), st.booleans())
def test_a_valid_row_is_accepted_however_it_is_spaced(row, pad, lower_sex):
    spaced = [f"{pad}{value}{pad}" for value in row]
    if lower_sex:
        spaced[2] = spaced[2].lower()
    record = checker().check(2, spaced)
    assert record is not None and record[1] == row[0] and record[4] == row[2]


@settings(max_examples=200, deadline=None)
@given(valid_rows(), st.integers(1, 400))
def test_a_birth_date_the_nik_does_not_hold_is_refused(row, days):
    born = date.fromisoformat(row[3]) - timedelta(days=days)
    row = [*row[:3], born.isoformat(), *row[4:]]
    rows = checker()
    assert rows.check(2, row) is None
    assert "nik_birth_date_mismatch" in {p.code for p in rows.problems}


@settings(max_examples=300, deadline=None)
@given(valid_rows(), st.text(max_size=20))
def test_no_reason_carries_the_nik_and_every_nik_problem_is_at_the_nik(row, garbage):
    row = [garbage, *row[1:]]
    rows = checker()
    if rows.check(2, row) is None:
        for found in rows.problems:
            assert (not garbage.strip()) or garbage.strip() not in found.reason or len(garbage.strip()) < 4
            if found.code in INVALID_NIK_CODES:
                assert found.column == "nik"


@settings(max_examples=100, deadline=None)
@given(valid_rows())
def test_a_local_partys_rows_outside_its_province_are_refused(row):
    rows = checker(province="11")
    record = rows.check(2, row)
    assert (record is not None) == row[4].startswith("11")
    if record is None:
        assert [p.code for p in rows.problems] == ["desa_outside_party_area"]


def test_the_columns_are_the_documented_ones():
    assert COLUMNS == ("nik", "nama", "jenis_kelamin", "tanggal_lahir", "kode_desa", "alamat", "pekerjaan", "no_kta")
