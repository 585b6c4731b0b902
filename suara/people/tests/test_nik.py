"""The NIK rules as pure functions: what a valid NIK encodes, and every way one can be wrong."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from suara.people.nik import MESSAGES, NikInvalid, NikParts, nik_make, nik_parse, nik_problems

TODAY = date(2026, 11, 22)
# Kota Depok's Pancoran Mas (current) and a made-up former code a split left behind.
KNOWN = frozenset({"327601", "327602", "320199"})

kecamatan = st.sampled_from(sorted(KNOWN))
birth_dates = st.dates(min_value=TODAY - timedelta(days=99 * 365), max_value=TODAY)
sexes = st.sampled_from(["L", "P"])
serials = st.integers(min_value=1, max_value=9999)


def parse(nik: str) -> NikParts:
    return nik_parse(nik, known_kecamatan=KNOWN, today=TODAY)


def code_of(nik: str) -> str:
    with pytest.raises(NikInvalid) as caught:
        parse(nik)
    return caught.value.code


def test_a_womans_nik_carries_the_day_plus_40():
    parts = parse("3276014506980001")
    assert parts == NikParts(kecamatan_code="327601", birth_date=date(1998, 6, 5), sex="P", serial="0001")


def test_a_mans_nik_born_this_century():
    assert parse("3276010501080123").birth_date == date(2008, 1, 5)


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("327601050108012", "nik_length"),
        ("32760105010801234", "nik_length"),
        ("", "nik_length"),
        ("32760105010801a3", "nik_not_digits"),
        ("3276010501O80123", "nik_not_digits"),
        ("３２７６０１０５０１０８０１２３", "nik_not_digits"),  # full-width digits are not ASCII
        ("9999010501080123", "nik_unknown_kecamatan"),
        ("3276010001080123", "nik_bad_date"),  # day 00
        ("3276013201080123", "nik_bad_date"),  # day 32 (a man)
        ("3276014001080123", "nik_bad_date"),  # day 40: neither a man's nor a woman's
        ("3276017201080123", "nik_bad_date"),  # day 72 (a woman's 32)
        ("3276010513080123", "nik_bad_date"),  # month 13
        ("3276013104080123", "nik_bad_date"),  # 31 April
        ("3276012902010123", "nik_bad_date"),  # 29 Feb 2001 / 1901: not leap years
        ("3276010501080000", "nik_zero_serial"),
    ],
)
def test_each_broken_rule_is_named(nik, code):
    assert code_of(nik) == code


def test_29_february_of_a_leap_year_is_a_date():
    assert parse("3276012902000001").birth_date == date(2000, 2, 29)


def test_the_century_keeps_the_birth_date_out_of_the_future():
    assert parse("3276012211260001").birth_date == date(2026, 11, 22)  # today
    assert parse("3276012311260001").birth_date == date(1926, 11, 23)  # tomorrow: a century ago


def test_messages_are_indonesian_and_never_carry_the_nik():
    nik = "9999010501080000"
    for problem in nik_problems(nik, birth_date=date(2007, 1, 5), sex="P", known_kecamatan=KNOWN, today=TODAY):
        assert problem.message == MESSAGES[problem.code]
        assert nik not in str(problem) and "9999" not in problem.message and "0501" not in problem.message


def test_problems_lists_every_violation_at_once():
    problems = nik_problems(
        "9999014013080000", birth_date=date(2000, 1, 1), sex="L", known_kecamatan=KNOWN, today=TODAY
    )
    codes = {p.code for p in problems}
    assert codes == {"nik_unknown_kecamatan", "nik_bad_date", "nik_zero_serial", "nik_birth_date_mismatch"}


def test_problems_of_a_consistent_nik_are_none():
    assert (
        nik_problems("3276014506980001", birth_date=date(1998, 6, 5), sex="P", known_kecamatan=KNOWN, today=TODAY) == []
    )


def test_problems_name_the_mismatches():
    codes = [
        p.code
        for p in nik_problems(
            "3276014506980001", birth_date=date(1998, 6, 6), sex="L", known_kecamatan=KNOWN, today=TODAY
        )
    ]
    assert codes == ["nik_birth_date_mismatch", "nik_sex_mismatch"]


def test_a_stated_birth_date_in_the_future_is_refused():
    codes = [
        p.code
        for p in nik_problems(
            "3276012311260001", birth_date=date(2026, 11, 23), sex="L", known_kecamatan=KNOWN, today=TODAY
        )
    ]
    assert codes == ["nik_future_date"]


def test_a_centenarian_matches_by_the_digits_of_the_date():
    # Born 1920: the NIK's 20 reads as 2020, but the stated date has the same digits.
    assert (
        nik_problems("3276010101200001", birth_date=date(1920, 1, 1), sex="L", known_kecamatan=KNOWN, today=TODAY) == []
    )


def test_a_malformed_nik_stops_at_its_structure():
    assert [p.code for p in nik_problems("12", birth_date=None, sex=None, known_kecamatan=KNOWN, today=TODAY)] == [
        "nik_length"
    ]


@pytest.mark.parametrize(
    ("args", "bad"),
    [
        (("32760", date(2000, 1, 1), "L", 1), "kecamatan"),
        (("327601", date(2000, 1, 1), "X", 1), "sex"),
        (("327601", date(2000, 1, 1), "L", 0), "serial"),
        (("327601", date(2000, 1, 1), "L", 10000), "serial"),
    ],
)
def test_make_refuses_parts_no_nik_can_hold(args, bad):
    with pytest.raises(ValueError, match=bad):
        nik_make(*args)


@given(kecamatan, birth_dates, sexes, serials)
def test_make_round_trips_through_parse(code, born, sex, serial):
    nik = nik_make(code, born, sex, serial)
    assert len(nik) == 16 and nik.isdigit()
    parts = parse(nik)
    assert parts.kecamatan_code == code and parts.sex == sex and parts.serial == f"{serial:04d}"
    # The century is inferred: the same day and month, and the same year unless it is over 100 years back.
    assert (parts.birth_date.day, parts.birth_date.month, parts.birth_date.year % 100) == (
        born.day,
        born.month,
        born.year % 100,
    )
    assert nik_problems(nik, birth_date=born, sex=sex, known_kecamatan=KNOWN, today=TODAY) == []


@given(kecamatan, birth_dates.filter(lambda d: d.year >= 1927), sexes, serials)
def test_within_a_century_the_birth_date_comes_back_exactly(code, born, sex, serial):
    assert parse(nik_make(code, born, sex, serial)).birth_date == born


@given(kecamatan, birth_dates, sexes, serials, st.integers(min_value=6, max_value=15), st.integers(1, 9))
def test_a_single_digit_corruption_is_refused_or_changes_the_parts(code, born, sex, serial, position, shift):
    nik = nik_make(code, born, sex, serial)
    corrupted = nik[:position] + str((int(nik[position]) + shift) % 10) + nik[position + 1 :]
    try:
        parts = parse(corrupted)
    except NikInvalid:
        return
    assert parts != parse(nik)


@given(kecamatan, birth_dates, sexes, serials, sexes)
def test_the_stated_sex_must_agree(code, born, sex, serial, stated):
    nik = nik_make(code, born, sex, serial)
    codes = [p.code for p in nik_problems(nik, birth_date=born, sex=stated, known_kecamatan=KNOWN, today=TODAY)]
    assert codes == ([] if stated == sex else ["nik_sex_mismatch"])


@given(kecamatan, birth_dates, sexes, serials, birth_dates)
def test_the_stated_birth_date_must_agree(code, born, sex, serial, stated):
    assume((stated.day, stated.month, stated.year % 100) != (born.day, born.month, born.year % 100))
    nik = nik_make(code, born, sex, serial)
    codes = [p.code for p in nik_problems(nik, birth_date=stated, sex=sex, known_kecamatan=KNOWN, today=TODAY)]
    assert codes == ["nik_birth_date_mismatch"]


@given(st.text(max_size=20))
def test_any_text_parses_or_is_refused_with_a_known_code(text):
    try:
        parts = parse(text)
    except NikInvalid as problem:
        assert problem.code in MESSAGES
    else:
        assert nik_make(parts.kecamatan_code, parts.birth_date, parts.sex, int(parts.serial)) == text
