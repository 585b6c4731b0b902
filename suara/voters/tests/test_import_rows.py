"""The row rules of the import (pure): each problem named with its line, column and code; the fast paths
agree with the rules they shortcut. Every person here is synthetic."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.people.names import name_key
from suara.people.nik import nik_make, nik_problems
from suara.voters.importing.report import REPORT_COLUMNS, write_report
from suara.voters.importing.rows import RowChecker, RowProblem, fast_name_key
from suara.voters.importing.source import NUMBER_TOO_LONG

TODAY = date(2026, 11, 22)
VOTING_DAY = date(2029, 2, 14)
KECAMATAN = frozenset({"327601", "327602", "327501"})
DESA = frozenset({"3276011006", "3276011007", "3276021001", "3275011001"})
ELECTORAL = {"3276011006": "3276011006", "3276011007": "3276011007"}
BORN = date(1990, 5, 17)
NIK = nik_make("327601", BORN, "P", 7)


def checker(**overrides) -> RowChecker:
    options = {
        "known_kecamatan": KECAMATAN,
        "known_desa": DESA,
        "electoral_desa": ELECTORAL,
        "today": TODAY,
        "voting_day": VOTING_DAY,
    }
    options.update(overrides)
    return RowChecker(**options)


def row(**overrides) -> list[str]:
    values = {
        "nik": NIK,
        "kk": "3276010101100001",
        "nama": "Sari Wulandari",
        "tempat_lahir": "Depok",
        "tanggal_lahir": BORN.isoformat(),
        "jenis_kelamin": "P",
        "status_kawin": "S",
        "alamat": "Jl. Melati No. 3",
        "rt": "3",
        "rw": "012",
        "kode_desa": "3276011006",
        "disabilitas": "",
    }
    values.update(overrides)
    return list(values.values())


def codes(rows: list[list[str] | None], **overrides) -> list[tuple[int, str, str]]:
    check = checker(**overrides)
    for line, fields in enumerate(rows, start=2):
        check.check(line, fields)
    return [(p.line, p.code, p.column) for p in check.problems]


def test_a_valid_row_becomes_the_staging_record():
    record = checker().check(2, row(nama="  Hj.  Sari   Wulandari ", rt="3"))
    assert record == (
        2, NIK, "3276010101100001", "Hj. Sari Wulandari", "Depok", "1990-05-17", "P", "S", "Jl. Melati No. 3",
        "003", "012", "3276011006", "3276011006", "", "sariwulandari",
    )  # fmt: skip


def test_an_unmapped_desa_gets_no_electoral_desa():
    record = checker().check(2, row(kode_desa="3276021001", nik=nik_make("327602", BORN, "P", 1)))
    assert record is not None and record[12] is None


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (None, [("row_unreadable", "")]),
        (row()[:11], [("row_broken", "")]),
        ([*row(), "extra"], [("row_broken", "")]),
        (row(alamat="Jl. \x00Melati"), [("row_nul", "")]),
        (row(nama="Sari \udce9"), [("row_not_utf8", "")]),
        (row(nik=NUMBER_TOO_LONG), [("excel_number", "nik")]),
        (row(nik="32760157059"), [("nik_length", "nik")]),
        (row(nik="32760157O5900007"), [("nik_not_digits", "nik")]),
        (row(nik="9999" + NIK[4:]), [("nik_unknown_kecamatan", "nik")]),
        (row(nik=NIK[:8] + "13" + NIK[10:]), [("nik_bad_date", "nik"), ("nik_birth_date_mismatch", "nik")]),
        (row(nik=NIK[:12] + "0000"), [("nik_zero_serial", "nik")]),
        (row(tanggal_lahir="1991-05-17"), [("nik_birth_date_mismatch", "nik")]),
        (row(jenis_kelamin="L"), [("nik_sex_mismatch", "nik")]),
        (row(kk="12345"), [("invalid_kk", "kk")]),
        (row(nama=" "), [("name_required", "nama")]),
        (row(nama="A" * 151), [("name_too_long", "nama")]),
        (row(tempat_lahir="B" * 101), [("birth_place_too_long", "tempat_lahir")]),
        (row(alamat="C" * 251), [("address_too_long", "alamat")]),
        (row(disabilitas="D" * 61), [("disability_too_long", "disabilitas")]),
        (row(tanggal_lahir="17-05-1990"), [("invalid_birth_date", "tanggal_lahir")]),
        (row(tanggal_lahir="1990-02-30"), [("invalid_birth_date", "tanggal_lahir")]),
        (row(jenis_kelamin="W"), [("invalid_sex", "jenis_kelamin")]),
        (row(status_kawin="K"), [("invalid_marital", "status_kawin")]),
        (row(rt="1234"), [("invalid_rt", "rt")]),
        (row(rw="x"), [("invalid_rw", "rw")]),
        (row(kode_desa="3276019999"), [("unknown_desa", "kode_desa")]),
        (row(kode_desa="32760110"), [("unknown_desa", "kode_desa")]),
    ],
)
def test_each_problem_is_named_with_its_line_code_and_column(fields, expected):
    assert codes([fields]) == [(2, code, column) for code, column in expected]


def test_a_birth_date_in_the_future_is_reported_once():
    future = date(2027, 3, 1)
    nik = nik_make("327601", date(1927, 3, 1), "P", 1)  # the same digits: the NIK cannot tell the century
    assert codes([row(nik=nik, tanggal_lahir=future.isoformat())]) == [(2, "birth_date_in_future", "tanggal_lahir")]


def test_the_unmarried_must_be_17_on_voting_day_the_married_need_not():
    born = date(2012, 2, 15)  # 16 on 14 February 2029
    nik = nik_make("327601", born, "L", 3)
    young = row(nik=nik, tanggal_lahir=born.isoformat(), jenis_kelamin="L", status_kawin="B")
    assert codes([young]) == [(2, "not_eligible_age", "tanggal_lahir")]
    assert codes([row(nik=nik, tanggal_lahir=born.isoformat(), jenis_kelamin="L", status_kawin="S")]) == []
    assert codes([young], voting_day=None) == []


def test_a_row_in_a_kabkota_whose_dpb_period_is_signed_is_refused():
    assert codes([row()], locked_kabkota={"3276"}) == [(2, "dpb_period_locked", "kode_desa")]
    assert codes([row()], locked_kabkota={"3275"}) == []


def test_every_problem_of_a_row_is_reported_and_the_row_counted_once():
    check = checker()
    assert check.check(5, row(kk="1", jenis_kelamin="X", status_kawin="", rt="abcd", kode_desa="1")) is None
    assert [p.code for p in check.problems] == [
        "invalid_kk", "invalid_sex", "invalid_marital", "invalid_rt", "unknown_desa",
    ]  # fmt: skip
    assert check.rejected == 1


def test_a_nik_twice_in_the_file_is_refused_after_the_first_accepted_line():
    other = row(nik=nik_make("327601", BORN, "P", 8))
    check = checker()
    results = [check.check(line, fields) for line, fields in ((2, row(kk="9")), (3, row()), (4, other), (5, row()))]
    assert [r is not None for r in results] == [False, True, True, False]
    assert [(p.line, p.code) for p in check.problems] == [(2, "invalid_kk"), (5, "nik_duplicate_in_file")]
    assert "baris 3" in check.problems[-1].reason
    assert check.rejected_niks == {NIK}


def test_problems_never_carry_the_nik_or_the_name(tmp_path):
    rows = [row(kk="1"), row(), row(), row(nama="Sari " + "x" * 150), row(jenis_kelamin="L")]
    check = checker()
    for line, fields in enumerate(rows, start=2):
        check.check(line, fields)
    path = tmp_path / "errors.csv"
    assert write_report(reversed(check.problems), path) == len(check.problems) == 4
    text = path.read_text()
    assert text.splitlines()[0] == ",".join(REPORT_COLUMNS)
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == ["2", "4", "5", "6"]
    for secret in (NIK, NIK[:12], "Sari", "Wulandari", "3276010101100001"):
        assert secret not in text


# The fast paths ------------------------------------------------------------------------------------------

names = st.text(alphabet=st.sampled_from("abcdeHhjS .,-'\tÉé"), max_size=30) | st.sampled_from(
    ["H Ahmad", "Hj. Siti", "Budi Santoso, S.Pd.", "Dr", "Ir Budi", "h", "Nur Aini", "  Budi  ", "M. Nur"]
)


@given(names)
def test_the_fast_name_key_is_name_key(name):
    assert fast_name_key(name) == name_key(name)


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=300)
@given(
    born=days,
    nik_born=days,
    sex=st.sampled_from(["L", "P", "X"]),
    nik_sex=st.sampled_from(["L", "P"]),
    kecamatan=st.sampled_from(["327601", "327602", "999999"]),
    serial=st.integers(0, 9999),
    marital=st.sampled_from(["B", "S", "P", "Z"]),
    rt=st.sampled_from(["", "1", "01", "001", "1000", "a", " 1"]),
    name=names,
    desa=st.sampled_from(sorted(DESA) + ["3276019999"]),
    padding=st.sampled_from(["", " ", "  "]),
    consistent=st.booleans(),
)
def test_the_fast_path_accepts_only_what_the_full_rules_accept_and_gives_the_same_record(
    born, nik_born, sex, nik_sex, kecamatan, serial, marital, rt, name, desa, padding, consistent
):
    if consistent:  # a NIK that agrees with the row, so the fast path has something to accept
        nik_born, nik_sex = born, sex if sex in ("L", "P") else nik_sex
    day = nik_born.day + (40 if nik_sex == "P" else 0)
    nik = f"{kecamatan}{day:02d}{nik_born.month:02d}{nik_born.year % 100:02d}{serial:04d}"
    fields = row(
        nik=nik, tanggal_lahir=born.isoformat(), jenis_kelamin=sex, status_kawin=marital, rt=rt, nama=name,
        kode_desa=desa, alamat=padding + "Jl. Mawar" + padding,
    )  # fmt: skip
    fast = checker()._fast(2, list(fields))
    full_checker = checker()
    full = full_checker._slow(2, list(fields))
    if fast is not None:
        assert fast == full
    assert (full is None) == bool(full_checker.problems)


@settings(max_examples=300)
@given(
    born=days,
    sex=st.sampled_from(["L", "P"]),
    nik_born=days,
    nik_sex=st.sampled_from(["L", "P"]),
    serial=st.integers(0, 9999),
)
def test_nik_checks_in_a_row_are_exactly_nik_problems(born, sex, nik_born, nik_sex, serial):
    day = nik_born.day + (40 if nik_sex == "P" else 0)
    nik = f"327601{day:02d}{nik_born.month:02d}{nik_born.year % 100:02d}{serial:04d}"
    check = checker(voting_day=None)
    check.check(2, row(nik=nik, tanggal_lahir=born.isoformat(), jenis_kelamin=sex))
    found = {p.code for p in check.problems if p.column == "nik"}
    expected = {
        p.code
        for p in nik_problems(nik, birth_date=born, sex=sex, known_kecamatan=KECAMATAN, today=TODAY)
        if p.code != "nik_future_date"
    }
    assert found == expected


def test_the_fast_path_takes_the_usual_row():
    assert checker()._fast(2, row()) is not None
    assert checker()._fast(2, row(nama="Sari  Wulandari")) is None  # left to the full rules to clean


def test_row_problem_is_plain_data():
    assert RowProblem(3, "invalid_sex", "jenis_kelamin", "x") == RowProblem(3, "invalid_sex", "jenis_kelamin", "x")


def test_a_row_outside_the_import_scope_is_refused_by_its_electoral_desa():
    assert codes([row()], scope="327601") == []
    assert codes([row()], scope="3276011006") == []
    assert codes([row()], scope="3276011007") == [(2, "outside_scope", "kode_desa")]
    assert codes([row(kode_desa="3275011001")], scope="3276") == [(2, "outside_scope", "kode_desa")]
    # An unmapped desa is placed by its Kemendagri code.
    assert codes([row(kode_desa="3276021001")], scope="327602") == []


@settings(max_examples=200)
@given(
    desa=st.sampled_from(sorted(DESA)),
    scope=st.sampled_from(["", "32", "3276", "3275", "327601", "327602", "3276011006", "3276011007"]),
)
def test_a_row_is_inside_the_scope_exactly_when_its_desa_code_lies_beneath_it_on_both_paths(desa, scope):
    fields = row(kode_desa=desa)
    fast = checker(scope=scope)._fast(2, list(fields))
    full_checker = checker(scope=scope)
    full = full_checker._slow(2, list(fields))
    inside = (ELECTORAL.get(desa) or desa).startswith(scope)
    assert (full is not None) == inside
    assert fast is None or fast == full
    assert [p.code for p in full_checker.problems] == ([] if inside else ["outside_scope"])
