"""Cek DPT as a service and as a page: registered only on NIK + matching name + active; every other case
gets the one constant answer after the same work; malformed lookups are named; the page never echoes.

Voters are synthetic (nik_make, invented names), written straight to the table as a test fixture."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from suara.core.errors import DomainError
from suara.people.names import name_key
from suara.people.nik import nik_make
from suara.voters.cekdpt import lookup as cekdpt
from suara.voters.cekdpt.lookup import NOT_REGISTERED, cek_dpt, cek_dpt_clean
from suara.voters.models import Voter
from suara.voters.tests.support import NAME, synthetic_voter


@pytest.fixture
def voter(geography):
    return synthetic_voter()


def test_a_registered_voter_sees_the_masked_name_tps_and_regions_only(voter):
    answer = cek_dpt(nik=voter.nik, nama="budi  SANTOSO")
    assert answer.as_dict() == {
        "terdaftar": True,
        "pesan": "Anda terdaftar sebagai pemilih.",
        "nama": "BU** SA*****",
        "tps": "003",
        "tps_kode": "3276011006003",
        "desa": "Depok",
        "kecamatan": "Pancoran Mas",
        "kabkota": "Kota Depok",
    }


@pytest.mark.parametrize("written", ["H. Budi Santoso", "Dr. Budi Santoso, S.Pd.", "BUDI-SANTOSO", "budisantoso"])
def test_titles_case_and_spacing_do_not_matter(voter, written):
    assert cek_dpt(nik=voter.nik, nama=written).terdaftar


def test_a_voter_without_a_tps_yet_is_registered_without_a_number(geography):
    voter = synthetic_voter(tps=None)
    answer = cek_dpt(nik=voter.nik, nama=NAME)
    assert answer.terdaftar and answer.tps is None and answer.desa == "Depok"


@pytest.mark.parametrize("case", ["unknown_nik", "wrong_name", "similar_name", "tms"])
def test_every_other_case_is_the_one_not_registered_answer(voter, case):
    nik, nama = voter.nik, NAME
    if case == "unknown_nik":
        nik = nik_make("327601", date(1985, 3, 9), "L", 2)
    elif case == "wrong_name":
        nama = "Siti Aminah"
    elif case == "similar_name":
        nama = "Budi Santosa"
    else:
        Voter.objects.filter(pk=voter.pk).update(status="tms", tms_code=1)
    assert cek_dpt(nik=nik, nama=nama) is NOT_REGISTERED


@pytest.mark.parametrize("case", ["registered", "unknown_nik", "wrong_name"])
def test_every_case_does_the_same_work(voter, case, monkeypatch):
    """One query and one name key, whatever the outcome: no early return that would answer faster."""
    keys = []
    monkeypatch.setattr(cekdpt, "name_key", lambda name: keys.append(name) or name_key(name))
    nik = voter.nik if case != "unknown_nik" else nik_make("327601", date(1985, 3, 9), "L", 2)
    with CaptureQueriesContext(connection) as queries:
        cek_dpt(nik=nik, nama=NAME if case != "wrong_name" else "Siti Aminah")
    assert len(queries) == 1 and len(keys) == 1


def test_an_unknown_nik_reads_a_stand_in_voter_like_a_known_one(voter, monkeypatch):
    """The timing fix: an unknown NIK reads a whole voter row with its joined rows, as a known NIK with a
    wrong name does, and compares the name once against its key; only the answer's ``found`` differs."""
    synthetic_voter(serial=5, name="Siti Aminah")
    rows, compared = [], []
    fetch, match = cekdpt.prepared_fetchone, cekdpt.names_match
    monkeypatch.setattr(cekdpt, "prepared_fetchone", lambda sql, params: rows.append(fetch(sql, params)) or rows[-1])
    monkeypatch.setattr(cekdpt, "names_match", lambda given, key: compared.append(key) or match(given, key))
    statements = []
    for nik in (voter.nik, nik_make("327601", date(1985, 3, 9), "L", 2)):
        with CaptureQueriesContext(connection) as queries:
            assert cek_dpt(nik=nik, nama="Joko Widodo") is NOT_REGISTERED
        statements.append([q["sql"] for q in queries.captured_queries])
    assert len(statements[0]) == len(statements[1]) == 1
    known, unknown = rows
    assert known[0] == 1 and unknown[0] == 0
    assert len(known) == len(unknown) and None not in unknown  # a whole row, its regions joined
    assert compared == [name_key(NAME), name_key("Siti Aminah")]  # the stand-in: the next NIK on the register


def test_an_empty_register_answers_not_registered(db):
    assert cek_dpt(nik=nik_make("327601", date(1985, 3, 9), "L", 2), nama=NAME) is NOT_REGISTERED


# Unknown NIKs before, between and after the register's NIKs (the stand-in wraps round to the first).
@pytest.mark.parametrize(("kecamatan", "serial"), [("110101", 1), ("327601", 2), ("327601", 9999)])
def test_the_stand_in_s_own_name_under_an_unknown_nik_is_not_registered(voter, kecamatan, serial):
    synthetic_voter(serial=5, name="Siti Aminah")
    nik = nik_make(kecamatan, date(1985, 3, 9), "L", serial)
    with CaptureQueriesContext(connection) as queries:
        for name in (NAME, "Siti Aminah"):
            assert cek_dpt(nik=nik, nama=name) is NOT_REGISTERED
    assert len(queries) == 2


def test_the_page_refuses_a_nik_looked_up_too_often(client, voter, settings):
    settings.SUARA_CEK_DPT_NIK_RATE = 1
    assert post(client, voter.nik, "Siti Aminah").status_code == 200
    refused = post(client, voter.nik, NAME, REMOTE_ADDR="10.0.0.9")
    body = refused.content.decode()
    assert refused.status_code == 429 and 'data-code="nik_rate_limited"' in body and "BU**" not in body
    assert 1 <= int(refused["Retry-After"]) <= 3600


@pytest.mark.parametrize(
    ("nik", "nama", "code"),
    [
        ("123", NAME, "invalid_nik"),
        ("32760109038500011", NAME, "invalid_nik"),
        ("32760109038500a1", NAME, "invalid_nik"),
        ("３２７６０１０９０３８５０００１", NAME, "invalid_nik"),
        (None, NAME, "invalid_nik"),
        (3276010903850001, NAME, "invalid_nik"),
        ("3276010903850001", "", "name_required"),
        ("3276010903850001", "   ", "name_required"),
        ("3276010903850001", None, "name_required"),
        ("3276010903850001", "x" * 151, "name_too_long"),
    ],
)
def test_malformed_lookups_are_named_without_repeating_them(nik, nama, code):
    with pytest.raises(DomainError) as caught:
        cek_dpt_clean(nik, nama)
    assert caught.value.code == code and caught.value.status == 400
    assert str(nik) not in caught.value.message
    assert not (isinstance(nama, str) and nama.strip()) or nama.strip() not in caught.value.message


# The page ---------------------------------------------------------------------------------------------


def post(client, nik, nama, **extra):
    return client.post("/cek-dpt/", {"nik": nik, "nama": nama}, **extra)


def test_the_page_is_a_post_form(client, db):
    response = client.get("/cek-dpt/")
    body = response.content.decode()
    assert response.status_code == 200 and 'method="post"' in body and 'name="nik"' in body
    assert response["Cache-Control"] == "no-store"
    assert client.put("/cek-dpt/").status_code == 405


def test_the_page_answers_registered(client, voter):
    response = post(client, voter.nik, "budi santoso")
    body = response.content.decode()
    assert response.status_code == 200 and 'data-registered="ya"' in body
    assert "BU** SA*****" in body and "Pancoran Mas" in body and "Kota Depok" in body
    assert voter.nik not in body and "budi santoso" not in body.lower().replace("bu** sa*****", "")


def test_the_page_answers_wrong_name_exactly_as_an_unknown_nik(client, voter):
    unknown_nik = nik_make("327601", date(1985, 3, 9), "L", 2)
    wrong = post(client, voter.nik, "Siti Aminah").content.decode()
    unknown = post(client, unknown_nik, "Siti Aminah").content.decode()

    # Each gives back only the NIK its visitor typed; apart from that the two answers are the same bytes.
    assert 'data-registered="tidak"' in wrong
    assert wrong.replace(voter.nik, "TYPED") == unknown.replace(unknown_nik, "TYPED")
    assert wrong.count(voter.nik) == 1 and f'value="{voter.nik}"' in wrong


def test_the_page_names_a_malformed_lookup(client, db):
    response = post(client, "12345", NAME)
    assert response.status_code == 400 and 'data-code="invalid_nik"' in response.content.decode()


def test_the_page_is_rate_limited_per_address(client, voter, settings):
    settings.SUARA_CEK_DPT_RATE = 2
    assert [post(client, voter.nik, NAME).status_code for _ in range(2)] == [200, 200]
    limited = post(client, voter.nik, NAME)
    assert limited.status_code == 429 and 1 <= int(limited["Retry-After"]) <= 60
    assert 'data-code="rate_limited"' in limited.content.decode() and "BU**" not in limited.content.decode()
    assert post(client, voter.nik, NAME, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_page_links_the_voters_tps_and_gives_back_what_was_typed_after_a_miss(client, voter):
    hit = client.post("/cek-dpt/", {"nik": voter.nik, "nama": NAME}).content.decode()
    assert 'href="/tps/3276011006003/"' in hit
    assert voter.nik not in hit  # a hit never shows the NIK
    miss = client.post("/cek-dpt/", {"nik": voter.nik, "nama": "Siti Aminah"}).content.decode()
    assert f'value="{voter.nik}"' in miss and 'value="Siti Aminah"' in miss
