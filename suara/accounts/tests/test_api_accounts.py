"""Accounts over the API: each operation by the chain of command, refusals with their codes, activation."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import make_officer
from suara.accounts.models import User
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent

DESA = "3276011006"
NEW_PASSWORD = "a-brand-new-passphrase-42"


def api_as(user) -> Client:
    _, plaintext = token_issue(user=user, name=f"api {user.username}", actor=Actor.named("test"))
    return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")


@pytest.fixture
def chain(geography):
    return {
        "depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "ppk": make_officer("ppk_pancoranmas", "ppk", "327601"),
        "pps": make_officer("pps_depok", "pps", DESA),
    }


def test_a_pps_creates_lists_and_manages_its_kpps(chain):
    pps = api_as(chain["pps"])
    response = pps.post(
        "/api/v1/accounts",
        {"username": "kpps_tps3", "role": "kpps", "scope": f"{DESA}003", "full_name": "Petugas Tiga"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    created = response.json()
    code, account = created["activation_code"], created["account"]
    assert account["status"] == "pending" and account["roles"][0]["scope"] == f"{DESA}003"

    listed = pps.get("/api/v1/accounts").json()
    assert [a["username"] for a in listed["accounts"]] == ["kpps_tps3"] and listed["count"] == 1

    url = f"/api/v1/accounts/{account['id']}"
    assert pps.get(url).json()["live_tokens"] == 0
    assert pps.post(f"{url}/suspend").json()["status"] == "suspended"
    assert pps.post(f"{url}/suspend").json()["code"] == "already_suspended"
    assert pps.post(f"{url}/reactivate").json()["status"] == "pending"

    activated = Client().post(
        "/api/v1/accounts/activate",
        {"username": "kpps_tps3", "code": code, "password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert activated.json() == {"username": "kpps_tps3", "activated": True}
    assert pps.get(url).json()["status"] == "active"

    with_role = pps.post(f"{url}/roles", {"role": "kpps", "scope": f"{DESA}004"}, content_type="application/json")
    assert [r["scope"] for r in with_role.json()["roles"]] == [f"{DESA}003", f"{DESA}004"]
    extra = with_role.json()["roles"][1]["id"]
    assert len(pps.delete(f"{url}/roles/{extra}").json()["roles"]) == 1
    only = pps.get(url).json()["roles"][0]["id"]
    assert pps.delete(f"{url}/roles/{only}").json()["code"] == "last_role"

    reset = pps.post(f"{url}/reset").json()
    assert reset["account"]["status"] == "pending" and reset["activation_code"] != code


def test_a_suspended_officers_token_stops_working(chain):
    kpps = make_officer("kpps_001", "kpps", f"{DESA}001")
    kpps_api = api_as(kpps)
    assert kpps_api.get("/api/v1/me").status_code == 200
    api_as(chain["pps"]).post(f"/api/v1/accounts/{kpps.pk}/suspend")
    refused = kpps_api.get("/api/v1/me")
    assert (refused.status_code, refused.json()["code"]) == (401, "unauthenticated")


def test_revoke_tokens_over_the_api(chain):
    kpps = make_officer("kpps_001", "kpps", f"{DESA}001")
    kpps_api = api_as(kpps)
    pps = api_as(chain["pps"])
    assert pps.post(f"/api/v1/accounts/{kpps.pk}/revoke-tokens").json() == {"revoked": 1}
    assert kpps_api.get("/api/v1/me").status_code == 401
    assert pps.post(f"/api/v1/accounts/{kpps.pk}/revoke-tokens").json()["code"] == "no_live_tokens"


def test_bulk_over_the_api(chain):
    answer = api_as(chain["pps"]).post(
        "/api/v1/accounts/bulk", {"role": "kpps", "region": DESA}, content_type="application/json"
    )
    body = answer.json()
    assert answer.status_code == 200 and body["skipped"] == 0
    assert body["created"][0]["username"] == f"kpps-{DESA}001"
    assert User.objects.filter(username__startswith=f"kpps-{DESA}").count() == len(body["created"])
    assert AuditEvent.objects.filter(action="accounts.bulk_create").count() == 1


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("post", "/api/v1/accounts", {"username": "x_y_z", "role": "kpps", "scope": "3276011007001"}, 403, "forbidden"),
        ("post", "/api/v1/accounts", {"username": 5, "role": None, "scope": []}, 400, "invalid_username"),
        ("post", "/api/v1/accounts", {"username": "x_y_z", "role": "kpps", "scope": "abc"}, 400, "invalid_scope"),
        ("post", "/api/v1/accounts/bulk", {"role": "kpps", "region": "3276011007"}, 403, "forbidden"),
        ("post", "/api/v1/accounts/bulk", {"role": "kpps", "region": 7}, 400, "invalid_region_code"),
        ("get", "/api/v1/accounts/999999", None, 404, "account_not_found"),
        ("get", f"/api/v1/accounts/{2**70}", None, 422, "invalid_input"),
        ("get", "/api/v1/accounts?region=32x", None, 400, "invalid_region_code"),
    ],
)
def test_refusals(chain, method, path, body, status, code):
    client = api_as(chain["pps"])
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    before = User.objects.count()
    response = getattr(client, method)(path, **kwargs)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert User.objects.count() == before


def test_nobody_manages_upwards_or_sideways(chain):
    pps = api_as(chain["pps"])
    for target in (chain["ppk"], chain["depok"], chain["pps"]):
        response = pps.post(f"/api/v1/accounts/{target.pk}/suspend")
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert not User.objects.filter(is_active=False).exists()


def test_no_token_no_management(chain):
    assert Client().get("/api/v1/accounts").status_code == 401
    assert Client().post(f"/api/v1/accounts/{chain['pps'].pk}/suspend").status_code == 401


def test_activation_attempts_are_limited_per_account(chain):
    anonymous = Client()
    for _ in range(10):
        wrong = anonymous.post(
            "/api/v1/accounts/activate",
            {"username": "pps_depok", "code": "AAAAA-AAAAA", "password": NEW_PASSWORD},
            content_type="application/json",
        )
        assert wrong.json()["code"] == "invalid_code"
    limited = anonymous.post(
        "/api/v1/accounts/activate",
        {"username": "PPS_depok ", "code": "AAAAA-AAAAA", "password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert limited.status_code == 429 and limited.has_header("Retry-After")
    other = anonymous.post(
        "/api/v1/accounts/activate",
        {"username": "someone_else", "code": "AAAAA-AAAAA", "password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert other.json()["code"] == "invalid_code"  # another account is not locked out with it


def test_reissue_over_the_api(chain):
    pps = api_as(chain["pps"])
    body = {"role": "kpps", "region": DESA}
    refused = pps.post("/api/v1/accounts/bulk/reissue", body, content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (409, "nothing_to_reissue")
    created = pps.post("/api/v1/accounts/bulk", body, content_type="application/json").json()["created"]
    again = pps.post("/api/v1/accounts/bulk/reissue", body, content_type="application/json").json()["created"]
    assert [c["username"] for c in again] == [c["username"] for c in created]
    assert all(a["activation_code"] != b["activation_code"] for a, b in zip(again, created, strict=True))


def test_an_odd_account_path_is_answered_in_json(chain):
    response = api_as(chain["pps"]).post("/api/v1/accounts/%0A%22E%F1%B2%BB%AE_/reset")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
