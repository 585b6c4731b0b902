"""Cek anggota partai: a hit only for a listed NIK with its name; one constant answer otherwise (a wrong name,
an unknown NIK, a NIK whose listings are gone), alike in body and headers and in the work done; both limits;
nothing personal in logs or URLs."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from suara.parties.lookup import lookup as party_lookup_module
from suara.parties.lookup.lookup import NOT_LISTED, keys_match, party_lookup
from suara.parties.tests.lookup.support import NAME, NIK, OTHER_NIK, listing
from suara.people.names import name_key
from suara.people.nik import nik_make

pytestmark = pytest.mark.django_db
API = "/api/v1/cek-anggota-partai"
PAGE = "/partai/cek/"
NEIGHBOUR = nik_make("327601", date(1985, 3, 9), "L", 5)  # after NIK and OTHER_NIK
BEFORE = nik_make("327601", date(1985, 3, 8), "L", 1)  # unlisted, just before NIK


@pytest.fixture
def listed(parties):
    """The subject listed by two parties (one checked MS, one BMS), and a neighbour listed by one."""
    return [
        listing(17, status="BMS"),
        listing(1, status="MS"),
        listing(2, nik=NEIGHBOUR, name="Siti Aminah"),
    ]


def test_a_listed_nik_with_its_name_gets_every_party_that_lists_it(listed):
    answer = party_lookup(nik=NIK, nama="  budi   SANTOSO ")
    assert answer.tercatat and answer.nama == "BU** SA*****"
    assert answer.as_dict()["partai"] == [
        {
            "nomor_urut": 1,
            "partai": "Partai Kebangkitan Bangsa",
            "singkatan": "PKB",
            "sejak": "2022-08-02",
            "status": "MS",
        },
        {
            "nomor_urut": 17,
            "partai": "Partai Persatuan Pembangunan",
            "singkatan": "PPP",
            "sejak": "2022-08-02",
            "status": "BMS",
        },
    ]


def test_a_name_that_matches_any_of_the_listings_is_a_hit(parties):
    listing(1, name="Budi Santoso")
    listing(3, name="Budi Santosa")  # the other party typed it otherwise
    assert [p.nomor_urut for p in party_lookup(nik=NIK, nama="Budi Santosa").partai] == [1, 3]


@pytest.mark.parametrize(
    ("nik", "nama"),
    [(NIK, "Siti Aminah"), (OTHER_NIK, NAME), (nik_make("327601", date(2001, 1, 1), "P", 9), NAME)],
    ids=["wrong_name", "unknown_nik", "unknown_nik_after_every_listing"],
)
def test_every_miss_is_the_one_constant_answer(listed, nik, nama):
    assert party_lookup(nik=nik, nama=nama) is NOT_LISTED


def test_a_nik_whose_listings_were_removed_is_not_listed(parties):
    listing(1, removed_at=timezone.now(), removed_reason="complaint")
    assert party_lookup(nik=NIK, nama=NAME) is NOT_LISTED


def test_an_empty_list_answers_the_miss(parties):
    assert party_lookup(nik=NIK, nama=NAME) is NOT_LISTED


def test_the_work_is_the_same_one_query_and_one_comparison_per_row_read(listed, monkeypatch):
    compared = []
    real = party_lookup_module.hmac.compare_digest
    monkeypatch.setattr(party_lookup_module.hmac, "compare_digest", lambda a, b: compared.append(1) or real(a, b))
    counts = {}
    for case, (nik, nama) in {
        "hit": (NIK, NAME),
        "wrong_name": (NIK, "Siti Aminah"),
        "unknown": (BEFORE, NAME),
    }.items():
        compared.clear()
        with CaptureQueriesContext(connection) as queries:
            party_lookup(nik=nik, nama=nama)
        counts[case] = (len(queries), len(compared))
    # The unknown NIK reads its neighbour's listings (the subject's two): the same statement, as many rows.
    assert counts == {"hit": (1, 2), "wrong_name": (1, 2), "unknown": (1, 2)}


def test_keys_are_all_compared_without_stopping_at_a_match(monkeypatch):
    compared = []
    real = party_lookup_module.hmac.compare_digest
    monkeypatch.setattr(party_lookup_module.hmac, "compare_digest", lambda a, b: compared.append(1) or real(a, b))
    assert keys_match("Budi Santoso", f"{name_key(NAME)}\x1fXXX\x1fYYY") is True
    assert len(compared) == 3


def _post(client, body, address="1", **extra):
    return client.post(API, body, content_type="application/json", REMOTE_ADDR=f"10.9.0.{address}", **extra)


def test_the_api_answers_wrong_name_unknown_and_removed_alike_in_bytes_and_headers(client, parties, fixed_rate_clock):
    listing(1)
    listing(2, nik=OTHER_NIK, removed_at=timezone.now(), removed_reason="upload")  # known, no current listing
    answers = [
        _post(client, {"nik": NIK, "nama": "Siti Aminah"}),
        _post(client, {"nik": nik_make("327601", date(1970, 1, 1), "L", 3), "nama": NAME}),
        _post(client, {"nik": OTHER_NIK, "nama": NAME}),
    ]
    first = answers[0]
    assert first.status_code == 200 and first.json() == NOT_LISTED.as_dict()
    for other in answers[1:]:
        assert other.status_code == 200 and other.content == first.content
        assert sorted(other.items()) == sorted(first.items())
    assert first["Cache-Control"] == "no-store"
    hit = _post(client, {"nik": NIK, "nama": NAME}).json()
    assert hit["tercatat"] is True and hit["partai"][0]["nomor_urut"] == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"nik": "123", "nama": NAME}, "invalid_nik"),
        ({"nik": "12345678901234x6", "nama": NAME}, "invalid_nik"),
        ({"nik": 3276010903850001, "nama": NAME}, "invalid_nik"),
        ({"nik": NIK}, "name_required"),
        ({"nik": NIK, "nama": "x" * 151}, "name_too_long"),
    ],
)
def test_a_malformed_lookup_is_a_400_that_repeats_nothing(client, parties, fixed_rate_clock, body, code):
    answer = _post(client, body)
    assert answer.status_code == 400 and answer.json()["code"] == code
    assert NIK not in answer.content.decode() and "x" * 20 not in answer.content.decode()


def test_the_client_limit_counts_malformed_lookups_too(client, parties, fixed_rate_clock, settings):
    settings.SUARA_PARTY_LOOKUP_RATE = 2
    assert _post(client, {"nik": "1"}, address="7").status_code == 400
    assert _post(client, {"nik": NIK, "nama": NAME}, address="7").status_code == 200
    refused = _post(client, {"nik": NIK, "nama": NAME}, address="7")
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited" and refused["Retry-After"]
    assert _post(client, {"nik": NIK, "nama": NAME}, address="8").status_code == 200  # another address


def test_the_nik_limit_holds_from_any_address_whether_or_not_the_nik_is_listed(
    client, parties, fixed_rate_clock, settings
):
    settings.SUARA_PARTY_LOOKUP_NIK_RATE = 2
    listing(1)
    for nik in (NIK, OTHER_NIK):
        for address in ("1", "2"):
            assert _post(client, {"nik": nik, "nama": "Salah Nama"}, address=address).status_code == 200
        refused = _post(client, {"nik": nik, "nama": NAME}, address="3")
        assert refused.status_code == 429 and refused.json()["code"] == "nik_rate_limited"
    # Counted apart from cek DPT's limit of the same NIK.
    assert (
        client.post("/api/v1/cek-dpt", {"nik": NIK, "nama": NAME}, content_type="application/json").status_code == 200
    )


def test_the_page_answers_alike_and_never_echoes_a_hit(client, parties, fixed_rate_clock):
    listing(1)
    hit = client.post(PAGE, {"nik": NIK, "nama": NAME})
    html = hit.content.decode()
    assert hit.status_code == 200 and 'data-listed="ya"' in html and "BU** SA*****" in html
    assert NIK not in html and NAME not in html and "Saya bukan anggota" in html
    assert hit["Cache-Control"] == "no-store" and "Set-Cookie" not in hit
    wrong = client.post(PAGE, {"nik": NIK, "nama": "Siti Aminah"}).content.decode()
    unknown = client.post(PAGE, {"nik": OTHER_NIK, "nama": "Siti Aminah"}).content.decode()
    assert wrong.replace(NIK, "") == unknown.replace(OTHER_NIK, "")  # only the typed NIK, given back, differs
    assert 'data-listed="tidak"' in wrong and "Saya bukan anggota" not in wrong
    bad = client.post(PAGE, {"nik": "12", "nama": NAME})
    assert bad.status_code == 400 and 'data-code="invalid_nik"' in bad.content.decode()


def test_nothing_personal_reaches_the_logs(client, parties, fixed_rate_clock, caplog, settings):
    settings.SUARA_PARTY_LOOKUP_NIK_RATE = 1
    listing(1)
    caplog.set_level(logging.DEBUG)
    _post(client, {"nik": NIK, "nama": NAME})
    _post(client, {"nik": NIK, "nama": NAME})  # refused: the NIK's limit
    _post(client, {"nik": NIK[:15], "nama": NAME})
    client.post(PAGE, {"nik": NIK, "nama": NAME})
    text = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert NIK not in text and NIK[:15] not in text and "Budi" not in text and "BUDI" not in text


def test_a_nik_in_the_url_is_not_a_lookup(client, parties):
    listing(1)
    page = client.get(f"{PAGE}?nik={NIK}&nama={NAME}").content.decode()
    assert "data-listed" not in page and "BU** SA*****" not in page  # a GET looks nothing up
    assert client.get(f"{API}?nik={NIK}").status_code == 405
