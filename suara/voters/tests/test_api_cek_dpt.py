"""POST /api/v1/cek-dpt: the answer, byte-for-byte sameness of every "not registered", 400s with codes,
the per-client limit with Retry-After, integrator keys on their own rate, and no NIK in any log."""

from __future__ import annotations

import json
import logging
from datetime import date
from types import SimpleNamespace

import pytest

from suara.accounts.models import RoleAssignment, User
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.core.management.commands.serve import gunicorn_argv
from suara.people.nik import nik_make
from suara.voters.tests.support import NAME, UNKNOWN_NIK, synthetic_voter

URL = "/api/v1/cek-dpt"


@pytest.fixture
def voter(geography):
    return synthetic_voter()


@pytest.fixture
def frozen_minute(monkeypatch):
    """Keeps the rate limiter inside one window, so a test never straddles a minute boundary."""
    monkeypatch.setattr("suara.core.ratelimit.time", SimpleNamespace(time=lambda: 1_700_000_010.0))


def lookup(client, body, **extra):
    return client.post(URL, json.dumps(body), content_type="application/json", **extra)


def test_registered(client, voter):
    response = lookup(client, {"nik": voter.nik, "nama": "Budi Santoso"})
    assert response.status_code == 200
    assert response.json() == {
        "terdaftar": True,
        "pesan": "Anda terdaftar sebagai pemilih.",
        "nama": "BU** SA*****",
        "tps": "003",
        "tps_kode": "3276011006003",
        "desa": "Depok",
        "kecamatan": "Pancoran Mas",
        "kabkota": "Kota Depok",
    }
    assert response["Cache-Control"] == "no-store"


def test_a_wrong_name_is_answered_byte_for_byte_like_an_unknown_nik(client, voter):
    wrong = lookup(client, {"nik": voter.nik, "nama": "Siti Aminah"})
    unknown = lookup(client, {"nik": UNKNOWN_NIK, "nama": "Siti Aminah"})
    also_unknown = lookup(client, {"nik": UNKNOWN_NIK, "nama": NAME})
    assert wrong.status_code == unknown.status_code == also_unknown.status_code == 200
    assert wrong.content == unknown.content == also_unknown.content
    assert sorted(wrong.items()) == sorted(unknown.items())
    assert wrong.json()["terdaftar"] is False and wrong.json()["nama"] is None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"nik": "12345", "nama": NAME}, "invalid_nik"),
        ({"nik": "3276010903850O01", "nama": NAME}, "invalid_nik"),
        ({"nik": 3276010903850001, "nama": NAME}, "invalid_nik"),
        ({"nama": NAME}, "invalid_nik"),
        ({"nik": "3276010903850001", "nama": ""}, "name_required"),
        ({"nik": "3276010903850001"}, "name_required"),
        ({"nik": "3276010903850001", "nama": ["Budi"]}, "name_required"),
    ],
)
def test_a_malformed_lookup_is_a_400_with_its_code(client, db, body, code):
    response = lookup(client, body)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["message"]
    assert "3276010903850" not in response.content.decode()


def test_a_body_that_is_not_json_is_refused(client, db):
    response = client.post(URL, "nik=3276010903850001", content_type="application/json")
    assert response.status_code in (400, 422) and "3276010903850001" not in response.content.decode()


def test_the_nik_is_never_taken_from_the_url(client, db):
    response = client.get(URL, {"nik": "3276010903850001", "nama": NAME})
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"


def test_one_address_carries_many_citizens_then_429(client, geography, frozen_minute, settings):
    """A mobile carrier's NAT: hundreds of different people's lookups a minute from one address."""
    settings.SUARA_CEK_DPT_RATE = 300  # the default
    niks = [nik_make("327601", date(1985, 3, 9), "L", n) for n in range(2, 302)]
    answers = [lookup(client, {"nik": nik, "nama": NAME}).status_code for nik in niks]
    assert answers == [200] * 300
    limited = lookup(client, {"nik": niks[0], "nama": NAME})
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    assert "detik" in limited.json()["message"] and 1 <= int(limited["Retry-After"]) <= 60
    # Another client is counted apart.
    assert lookup(client, {"nik": niks[1], "nama": NAME}, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_the_default_address_limit_fits_a_shared_network():
    from suara import settings as production

    assert production.SUARA_CEK_DPT_RATE >= 300 and production.SUARA_CEK_DPT_NIK_RATE <= 20


@pytest.mark.parametrize("known", [True, False])
def test_one_nik_is_limited_from_every_address_alike(client, voter, frozen_minute, settings, known):
    """Guessing names for one NIK from many addresses: refused past the NIK's limit, the same way whether
    or not the NIK is on the register (the refusal confirms nothing)."""
    settings.SUARA_CEK_DPT_NIK_RATE = 5
    nik = voter.nik if known else UNKNOWN_NIK
    guesses = [lookup(client, {"nik": nik, "nama": f"Tebakan {n}"}, REMOTE_ADDR=f"10.3.0.{n}") for n in range(5)]
    assert [g.status_code for g in guesses] == [200] * 5
    refused = lookup(client, {"nik": nik, "nama": NAME}, REMOTE_ADDR="10.3.1.1")  # even the right name
    assert refused.status_code == 429
    assert refused.json() == {
        "code": "nik_rate_limited",
        "message": "NIK ini terlalu sering dicari. Coba lagi dalam 47 menit.",
    }
    assert 1 <= int(refused["Retry-After"]) <= 3600
    # Other NIKs from the same address are not held up.
    other = nik_make("327601", date(1990, 1, 1), "P", 7)
    assert lookup(client, {"nik": other, "nama": NAME}, REMOTE_ADDR="10.3.1.1").status_code == 200


def test_the_rate_table_never_holds_a_nik(client, voter, frozen_minute):
    from suara.core.models import RateWindow

    lookup(client, {"nik": voter.nik, "nama": NAME})
    lookup(client, {"nik": UNKNOWN_NIK, "nama": NAME})
    keys = list(RateWindow.objects.values_list("key", flat=True))
    assert len([k for k in keys if k.startswith("cekdpt:nik:")]) == 2
    assert not any(voter.nik in k or UNKNOWN_NIK in k for k in keys)


def test_malformed_lookups_count_too(client, db, frozen_minute, settings):
    settings.SUARA_CEK_DPT_RATE = 3
    assert [lookup(client, {"nik": "1", "nama": "x"}).status_code for _ in range(3)] == [400] * 3
    assert lookup(client, {"nik": "1", "nama": "x"}).status_code == 429


@pytest.fixture
def integrator(db):
    user = User.objects.create_user(username="aplikasi-kota", password=None)
    RoleAssignment.objects.create(user=user, role="integrator", scope="3276")
    return user


def test_an_integrator_key_has_its_own_rate(client, voter, integrator, frozen_minute):
    _, key = token_issue(user=integrator, name="Aplikasi Kota Depok", rate_per_minute=15, actor=Actor.named("test"))
    headers = {"HTTP_X_API_KEY": key}
    assert [lookup(client, {"nik": voter.nik, "nama": NAME}, **headers).status_code for _ in range(15)] == [200] * 15
    assert lookup(client, {"nik": voter.nik, "nama": NAME}, **headers).status_code == 429
    # The address itself was not counted by the key's lookups.
    assert lookup(client, {"nik": voter.nik, "nama": NAME}).status_code == 200


def test_a_token_without_the_integrator_role_is_limited_by_address(client, voter, frozen_minute, settings):
    settings.SUARA_CEK_DPT_RATE = 2
    operator = User.objects.create_user(username="operator", password=None)
    _, key = token_issue(user=operator, name="operator", actor=Actor.named("test"))
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert [lookup(client, {"nik": voter.nik, "nama": NAME}, **bearer).status_code for _ in range(3)] == [200, 200, 429]


def test_no_nik_or_name_in_any_log(client, voter, caplog, frozen_minute, settings):
    settings.SUARA_CEK_DPT_RATE = 4
    caplog.set_level(logging.DEBUG)
    for body in (
        {"nik": voter.nik, "nama": NAME},
        {"nik": voter.nik, "nama": "Siti Aminah"},
        {"nik": UNKNOWN_NIK, "nama": NAME},
        {"nik": voter.nik[:15], "nama": NAME},
        {"nik": voter.nik, "nama": NAME},  # 429
    ):
        lookup(client, body)
    client.post("/cek-dpt/", {"nik": voter.nik, "nama": NAME})  # the page, also past the limit
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    # Django does log the refusals (path and status): the check below reads real log lines.
    assert "Bad Request: /api/v1/cek-dpt" in logged and "Too Many Requests: /cek-dpt/" in logged
    for secret in (voter.nik, voter.nik[:15], UNKNOWN_NIK, "Siti Aminah", NAME):
        assert secret not in logged


def test_the_access_log_format_carries_the_path_only():
    argv = gunicorn_argv(host="127.0.0.1", port=8000, workers=1, threads=1)
    log_format = argv[argv.index("--access-logformat") + 1]
    # %(U)s is the path without its query; %(r)s (request line), %(q)s (query) and headers are left out,
    # and gunicorn never logs bodies.
    assert "%(U)s" in log_format
    for leaky in ("%(r)s", "%(q)s", "%(f)s", "%(a)s", "{"):
        assert leaky not in log_format


def test_counting_outside_a_transaction_still_counts_and_leaves_the_session_as_it_was(transactional_db):
    """The path the server takes (autocommit; on PostgreSQL the upsert skips the WAL-flush wait)."""
    from django.db import connection

    from suara.core.errors import RateLimited
    from suara.core.ratelimit import rate_check

    assert not connection.in_atomic_block
    for _ in range(3):
        rate_check("cekdpt:test", 3, now=1_700_000_010.0)
    with pytest.raises(RateLimited):
        rate_check("cekdpt:test", 3, now=1_700_000_010.0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
