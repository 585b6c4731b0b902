"""The cek DPT fast path answers exactly as the full stack does: same status, bytes and headers, case by
case, and leaves what it does not handle to the full stack untouched (and uncounted, so that the full
stack counts it once)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from suara.accounts.models import RoleAssignment, User
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.core.models import RateWindow
from suara.voters.fastroutes import cek_dpt_lookup
from suara.voters.tests.support import NAME, UNKNOWN_NIK, synthetic_voter

URL = "/api/v1/cek-dpt"


@pytest.fixture
def voter(geography, monkeypatch):
    monkeypatch.setattr("suara.core.ratelimit.time", SimpleNamespace(time=lambda: 1_700_000_010.0))
    return synthetic_voter()


@pytest.fixture
def twin(lookup_twin):
    return lookup_twin(URL, cek_dpt_lookup)


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("registered", lambda v: {"nik": v.nik, "nama": NAME}),
        ("wrong_name", lambda v: {"nik": v.nik, "nama": "Siti Aminah"}),
        ("unknown", lambda v: {"nik": UNKNOWN_NIK, "nama": NAME}),
        ("short_nik", lambda v: {"nik": "123", "nama": NAME}),
        ("no_name", lambda v: {"nik": v.nik}),
        ("number_nik", lambda v: {"nik": 12, "nama": NAME}),
        ("extra_field", lambda v: {"nik": v.nik, "nama": NAME, "lain": 1}),
    ],
)
def test_each_answer_is_the_full_stacks(client, voter, twin, name, body):
    fast, full = twin.both(client, body(voter), address="1")
    twin.same(fast, full)
    assert twin.calls == [1]


def test_the_limit_is_counted_and_refused_alike(client, voter, twin, settings):
    settings.SUARA_CEK_DPT_RATE = 1
    body = {"nik": voter.nik, "nama": NAME}
    twin.same(*twin.both(client, body, address="2"))
    fast, full = twin.both(client, body, address="2")
    twin.same(fast, full)
    assert fast.status_code == 429 and fast["Retry-After"]


def test_the_nik_limit_is_counted_and_refused_alike(client, voter, twin, settings):
    settings.SUARA_CEK_DPT_NIK_RATE = 2  # each call of twin.both() looks the NIK up twice
    body = {"nik": voter.nik, "nama": NAME}
    twin.same(*twin.both(client, body, address="6"))
    fast, full = twin.both(client, body, address="7")
    twin.same(fast, full)
    assert fast.status_code == 429 and fast.json()["code"] == "nik_rate_limited" and fast["Retry-After"]


def test_a_bad_key_is_refused_alike(client, voter, twin):
    fast, full = twin.both(client, {"nik": voter.nik, "nama": NAME}, address="3", HTTP_X_API_KEY="suara_not-a-key")
    twin.same(fast, full)
    assert fast.status_code == 401


def test_an_integrator_key_is_answered_alike(client, voter, twin):
    user = User.objects.create_user(username="aplikasi", password=None)
    RoleAssignment.objects.create(user=user, role="integrator", scope="")
    _, key = token_issue(user=user, name="kota", rate_per_minute=100, actor=Actor.named("test"))
    fast, full = twin.both(client, {"nik": voter.nik, "nama": NAME}, address="4", HTTP_AUTHORIZATION=f"Bearer {key}")
    twin.same(fast, full)
    assert fast.json()["terdaftar"] is True


@pytest.mark.parametrize("body", ["[1, 2]", "not json", b"\xff\xfe", '"text"'])
def test_what_is_not_a_json_object_goes_down_the_full_stack_uncounted(client, voter, twin, body):
    fast, full = twin.both(client, body, address="5")
    twin.same(fast, full)
    assert twin.calls == [] and fast.status_code in (400, 422)


def test_other_methods_and_paths_are_left_alone(client, db, twin, settings):
    settings.SUARA_CEK_DPT_RATE = 10  # under 100 a minute the count is kept one by one, not in blocks
    assert client.get(URL).status_code == 405
    assert client.post("/api/v1/cek-dpt/", "{}", content_type="application/json").status_code == 404
    assert not RateWindow.objects.filter(key__startswith="cekdpt:").exists()
    assert client.post(URL, "nik=1", content_type="application/x-www-form-urlencoded").status_code in (400, 422)
    assert twin.calls == []
    # Left to the full stack, which counts it once, as the lookup it tried to be (bad input counts too).
    assert list(RateWindow.objects.filter(key__startswith="cekdpt:").values_list("count", flat=True)) == [1]


def test_a_body_over_the_size_limit_is_refused_alike_and_counted(client, voter, twin, settings):
    settings.SUARA_CEK_DPT_RATE = 2
    huge = json.dumps({"nik": voter.nik, "nama": "x" * 3_000_000})

    fast, full = twin.both(client, huge, address="6")
    twin.same(fast, full)
    assert fast.status_code == 413
    assert fast.json() == {"code": "payload_too_large", "message": "Isi permintaan terlalu besar."}
    assert twin.calls == [1]
    # Each counted as the address's lookup: the next one is one too many, on either path.
    fast, full = twin.both(client, {"nik": voter.nik, "nama": NAME}, address="6")
    assert fast.status_code == full.status_code == 200
    fast, full = twin.both(client, {"nik": voter.nik, "nama": NAME}, address="6")
    twin.same(fast, full)
    assert fast.status_code == 429


def test_json_nested_too_deep_is_refused_alike(client, voter, twin):
    fast, full = twin.both(client, "[" * 1000 + "]" * 1000, address="7")
    twin.same(fast, full)
    assert fast.status_code == 400 and fast.json()["code"] in ("bad_request", "invalid_input")
