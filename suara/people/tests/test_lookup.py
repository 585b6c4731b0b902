"""The private lookup as a component, on a made-up register kept in memory: one answer for every miss after
the same work, the register's own rule, the input check, and the two limits counted apart per lookup and
without the NIK in the rate table. Cek DPT's own tests check it on the voter register."""

from __future__ import annotations

import bisect
from datetime import date
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from suara.core.errors import DomainError, RateLimited
from suara.core.models import RateWindow
from suara.people.lookup import ABSENT_KEY, Candidate, NikRateLimited, PrivateLookup, lookup_clean
from suara.people.names import name_key
from suara.people.nik import nik_make

MISS = ("not listed",)
BUDI = nik_make("327601", date(1985, 3, 9), "L", 1)
SITI = nik_make("327601", date(1990, 7, 1), "P", 2)
GONE = nik_make("327601", date(1970, 1, 1), "L", 3)  # listed, but the register does not accept the row


class MemberCheck(PrivateLookup[tuple, tuple]):
    """A register of (nik, name, active) kept sorted by NIK; the stand-in is the next NIK, wrapping round."""

    rate_key = "test-members"
    client_rate_setting = "TEST_CLIENT_RATE"
    subject_rate_setting = "TEST_NIK_RATE"
    miss = MISS

    def __init__(self, rows: list[tuple[str, str, bool]]):
        self.rows = sorted(rows)
        self.found: list[bool] = []
        self.compared: list[str] = []

    def find(self, nik):
        if not self.rows:
            return None
        at = bisect.bisect_left([r[0] for r in self.rows], nik) % len(self.rows)
        row = self.rows[at]
        self.found.append(row[0] == nik)
        return Candidate(found=row[0] == nik, name_key=name_key(row[1]), row=row)

    def match(self, given, stored_key):
        self.compared.append(stored_key)
        return super().match(given, stored_key)

    def answer(self, row):
        return ("listed", row[1][:2]) if row[2] else None


@pytest.fixture(autouse=True)
def one_minute(monkeypatch):
    """Every count in one rate window, whenever the test runs."""
    monkeypatch.setattr("suara.core.ratelimit.time", SimpleNamespace(time=lambda: 1_700_000_010.0))


@pytest.fixture
def check():
    return MemberCheck([(BUDI, "Budi Santoso", True), (SITI, "Siti Aminah", True), (GONE, "Joko Widodo", False)])


def test_a_hit_needs_the_nik_the_name_and_the_registers_rule(check):
    assert check.lookup(nik=BUDI, nama="H. BUDI santoso") == ("listed", "Bu")
    assert check.lookup(nik=GONE, nama="Joko Widodo") is MISS


@pytest.mark.parametrize(
    ("nik", "nama"),
    [
        (BUDI, "Siti Aminah"),  # a listed NIK, another listed person's name
        (nik_make("327601", date(1985, 3, 9), "L", 9), "Budi Santoso"),  # an unknown NIK, a listed name
        (nik_make("110101", date(1985, 3, 9), "L", 1), "Budi Santoso"),  # before every listed NIK
    ],
)
def test_a_wrong_name_and_an_unknown_nik_get_the_same_answer_after_the_same_work(check, nik, nama):
    assert check.lookup(nik=nik, nama=nama) is MISS
    assert len(check.found) == len(check.compared) == 1
    assert check.compared[0] != ABSENT_KEY  # compared against a real row's key, the stand-in's when unknown


@given(nik=st.text(alphabet="0123456789", min_size=16, max_size=16), nama=st.text(min_size=1, max_size=30))
def test_every_lookup_reads_once_and_compares_once(nik, nama):
    check = MemberCheck([(BUDI, "Budi Santoso", True), (SITI, "Siti Aminah", True)])
    answer = check.lookup(nik=nik, nama=nama)
    assert len(check.found) == len(check.compared) == 1
    names = {BUDI: "Budi Santoso", SITI: "Siti Aminah"}
    hit = nik in names and name_key(nama) == name_key(names[nik])
    assert (answer is not MISS) == hit


def test_an_empty_register_still_compares_a_key():
    empty = MemberCheck([])
    assert empty.lookup(nik=BUDI, nama="Budi Santoso") is MISS
    assert empty.compared == [ABSENT_KEY]


@pytest.mark.parametrize(
    ("nik", "nama", "code"),
    [
        ("123", "Budi", "invalid_nik"),
        ("32760109038500a1", "Budi", "invalid_nik"),
        (None, "Budi", "invalid_nik"),
        (BUDI, "  ", "name_required"),
        (BUDI, "x" * 151, "name_too_long"),
    ],
)
def test_malformed_lookups_are_named_without_repeating_them(nik, nama, code):
    with pytest.raises(DomainError) as caught:
        lookup_clean(nik, nama)
    assert caught.value.code == code and str(nik) not in caught.value.message


def test_the_subject_limit_is_per_nik_per_lookup_and_keeps_no_nik(check, db, settings):
    settings.TEST_NIK_RATE = 2
    for _ in range(2):
        check.count_subject(BUDI)
    with pytest.raises(NikRateLimited) as caught:
        check.count_subject(BUDI)
    assert caught.value.code == "nik_rate_limited" and BUDI not in caught.value.message
    check.count_subject(SITI)  # another NIK counts apart

    class OtherCheck(MemberCheck):
        rate_key = "test-other"

    OtherCheck([]).count_subject(BUDI)  # another register's lookup counts apart too
    keys = list(RateWindow.objects.values_list("key", flat=True))
    assert not any(BUDI in key or SITI in key for key in keys)
    assert sum(key.startswith("test-members:nik:") for key in keys) == 2


def test_the_client_limit_counts_the_address(check, db, settings):
    settings.TEST_CLIENT_RATE = 1
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    check.count_client(request, api=False)
    with pytest.raises(RateLimited):
        check.count_client(request, api=False)
    check.count_client(RequestFactory().post("/", REMOTE_ADDR="10.1.2.4"), api=False)
