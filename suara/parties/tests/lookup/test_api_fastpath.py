"""The party lookup's fast path answers exactly as the full stack does: same status, bytes and headers, case
by case, and leaves what it does not handle to the full stack untouched (and uncounted)."""

from __future__ import annotations

import json

import pytest

from suara.accounts.models import RoleAssignment, User
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.core.models import RateWindow
from suara.parties.fastroutes import party_member_lookup
from suara.parties.tests.lookup.support import NAME, NIK, OTHER_NIK, listing

URL = "/api/v1/cek-anggota-partai"


@pytest.fixture
def listed(parties, fixed_rate_clock):
    listing(1)
    listing(17, status="BMS")


@pytest.fixture
def twin(lookup_twin):
    return lookup_twin(URL, party_member_lookup)


@pytest.mark.parametrize(
    "body",
    [
        {"nik": NIK, "nama": NAME},
        {"nik": NIK, "nama": "Siti Aminah"},
        {"nik": OTHER_NIK, "nama": NAME},
        {"nik": "123", "nama": NAME},
        {"nik": NIK},
        {"nik": 12, "nama": NAME},
        {"nik": NIK, "nama": NAME, "lain": 1},
    ],
    ids=["listed", "wrong_name", "unknown", "short_nik", "no_name", "number_nik", "extra_field"],
)
def test_each_answer_is_the_full_stacks(client, listed, twin, body):
    fast, full = twin.both(client, body, address="1")
    twin.same(fast, full)
    assert twin.calls == [1]


def test_the_limits_are_counted_and_refused_alike(client, listed, twin, settings):
    settings.SUARA_PARTY_LOOKUP_RATE = 1
    body = {"nik": NIK, "nama": NAME}
    twin.same(*twin.both(client, body, address="2"))
    fast, full = twin.both(client, body, address="2")
    twin.same(fast, full)
    assert fast.status_code == 429 and fast["Retry-After"]


def test_the_nik_limit_is_refused_alike(client, listed, twin, settings):
    settings.SUARA_PARTY_LOOKUP_NIK_RATE = 2
    body = {"nik": NIK, "nama": NAME}
    twin.same(*twin.both(client, body, address="6"))
    fast, full = twin.both(client, body, address="7")
    twin.same(fast, full)
    assert fast.status_code == 429 and fast.json()["code"] == "nik_rate_limited"


def test_keys_are_answered_alike(client, listed, twin):
    twin.same(*twin.both(client, {"nik": NIK, "nama": NAME}, address="3", HTTP_X_API_KEY="suara_not-a-key"))
    user = User.objects.create_user(username="aplikasi", password=None)
    RoleAssignment.objects.create(user=user, role="integrator", scope="")
    _, key = token_issue(user=user, name="kota", rate_per_minute=100, actor=Actor.named("test"))
    fast, full = twin.both(client, {"nik": NIK, "nama": NAME}, address="4", HTTP_AUTHORIZATION=f"Bearer {key}")
    twin.same(fast, full)
    assert fast.json()["tercatat"] is True


@pytest.mark.parametrize("body", ["[1, 2]", "not json", b"\xff\xfe", '"text"'])
def test_what_is_not_a_json_object_goes_down_the_full_stack_uncounted(client, listed, twin, body):
    fast, full = twin.both(client, body, address="5")
    twin.same(fast, full)
    assert twin.calls == [] and fast.status_code in (400, 422)


def test_other_methods_and_paths_are_left_alone(client, parties, twin, settings):
    settings.SUARA_PARTY_LOOKUP_RATE = 10
    assert client.get(URL).status_code == 405
    assert client.post(URL + "/", "{}", content_type="application/json").status_code == 404
    assert not RateWindow.objects.filter(key__startswith="cekpartai:").exists()
    assert twin.calls == []


def test_a_body_over_the_size_limit_is_refused_alike(client, listed, twin):
    huge = json.dumps({"nik": NIK, "nama": "x" * 3_000_000})
    fast, full = twin.both(client, huge, address="6")
    twin.same(fast, full)
    assert fast.status_code == 413 and twin.calls == [1]
