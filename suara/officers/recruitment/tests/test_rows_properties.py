"""Property tests of an applicant row's rules (recruitment.rows): the fast path for the usual row agrees
with the full rules on every row it accepts, and a valid row is accepted however it is spaced and cased."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from suara.officers.bodies import POSTING_LENGTH, Body, Education
from suara.officers.recruitment.rows import RowChecker
from suara.people.nik import nik_make

TODAY = date(2023, 12, 15)
KECAMATAN = frozenset({"327601", "327502"})
DESA = frozenset({"3276011006", "3276011007", "3275021001"})
POSTINGS = {6: frozenset({"327601", "327502"}), 10: DESA, 13: frozenset({"3276011006001", "3275021001002"})}


def checker(scope: str = "") -> RowChecker:
    return RowChecker(known_kecamatan=KECAMATAN, known_desa=DESA, today=TODAY, scope=scope,
                      postings=lambda body: POSTINGS[POSTING_LENGTH[body]])  # fmt: skip


words = st.text(alphabet=st.sampled_from("abcdefghij ABC.,'-|"), max_size=30)


@st.composite
def rows(draw):
    """Rows that are mostly valid, with one field or another sometimes off."""
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=TODAY + timedelta(days=3)))
    sex = draw(st.sampled_from("LP"))
    body = draw(st.sampled_from([b.value for b in Body]))
    posting = draw(st.sampled_from(sorted(code for code in POSTINGS[{"ppk": 6, "pps": 10}.get(body, 13)])))
    nik = nik_make(draw(st.sampled_from(sorted(KECAMATAN))), born, draw(st.sampled_from([sex, "L", "P"])),
                   draw(st.integers(1, 9999)))  # fmt: skip
    row = [
        nik,
        draw(st.sampled_from(["", "3276010000012345", "12345"])),
        draw(st.sampled_from(["Budi Santoso", "H. Siti Aminah", "Dr.", "", " Budi", "Budi  S"])) + draw(words),
        draw(st.sampled_from([sex, sex.lower(), "X"])),
        draw(st.sampled_from([born.isoformat(), born.strftime("%d-%m-%Y")])),
        draw(st.sampled_from(["B", "S", "P", "s", "K"])),
        draw(st.sampled_from(["081200000000", "", "+62 812-0000-0000", "08x"])),
        draw(st.sampled_from(["", "a@b.id", "A@B.ID", "bukan email", "a\\b@c.id"])),
        draw(words),
        draw(st.sampled_from(sorted(DESA) + ["3276019999"])),
        draw(st.sampled_from([e.value for e in Education] + ["SMA", "tk"])),
        draw(words),
        draw(st.sampled_from(["", "ya", "tidak", "YA", "mungkin"])),
        draw(st.sampled_from([body, body.upper(), "camat"])),
        posting,
    ]
    return row


@settings(max_examples=500, deadline=None)
@given(rows(), st.sampled_from(["", "3276"]))
def test_the_fast_path_and_the_full_rules_agree(row, scope):
    fast_record = checker(scope)._fast(2, list(row))
    slow_record = checker(scope).fields(2, list(row), found := [])
    if fast_record is not None:
        assert slow_record == fast_record and found == []
    full = checker(scope)
    assert full.check(2, list(row)) == (slow_record if not found else None)


@settings(max_examples=200, deadline=None)
@given(rows(), st.sampled_from([" ", "  "]))
def test_a_valid_row_is_accepted_however_it_is_spaced(row, pad):
    plain = checker().check(2, list(row))
    spaced = checker().check(2, [f"{pad}{value}{pad}" for value in row])
    assert spaced == plain


def test_the_usual_row_takes_the_fast_path():
    nik = nik_make("327601", date(1990, 5, 17), "P", 12)
    row = [nik, "", "Siti Aminah", "P", "1990-05-17", "S", "081200000000", "", "Jl. Contoh No. 1", "3276011006",
           "sma", "Wiraswasta", "", "kpps", "3276011006001"]  # fmt: skip
    record = checker()._fast(2, row)
    assert record == checker().fields(2, row, found := []) and not found and record[5] == date(1990, 5, 17)
