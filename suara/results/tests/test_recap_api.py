"""The recapitulation sign-off over the API: lock, reopen with a reason, the document as PDF; a token
always, each refusal with its stable code and nothing half-applied."""

from __future__ import annotations

import base64

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from conftest import consistent_tally, photo_bytes
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.tests.support import CHECKS
from suara.results.models import RecapLock
from suara.results.tally import nest
from suara.results.tests.support import CONTEST, REASON, submit_all

pytestmark = pytest.mark.usefixtures("photo_dir")


def api_as(user) -> Client:
    _, plaintext = token_issue(user=user, name=f"recap {user.username}", actor=Actor.named("test"))
    return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")


def base(code: str) -> str:
    return f"/api/v1/contests/{CONTEST}/recap/{code}"


def test_the_ppk_locks_its_complete_kecamatan_fetches_the_document_and_reopens_it(complete):
    code = complete["code"]
    ppk = api_as(complete["ppk_small"])

    response = ppk.post(f"{base(code)}/lock")
    assert response.status_code == 200
    answer = response.json()
    assert answer["contest"] == CONTEST and answer["region_code"] == code
    assert (answer["locked"], answer["locked_by"], answer["reopened_at"]) == (True, "ppk_small", None)
    again = ppk.post(f"{base(code)}/lock")
    assert (again.status_code, again.json()["code"]) == (409, "recap_already_locked")

    pdf = ppk.get(f"{base(code)}/recap.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="rekap-{CONTEST}-{code}.pdf"'
    assert pdf.content.startswith(b"%PDF")

    # A KPPS beneath the lock is refused over the API too.
    kpps = api_as(complete["kpps_small"])
    payload = {
        "submission_id": "small-api-after-lock",
        "contest": CONTEST,
        "tps": complete["tps"][0],
        **nest(consistent_tally()),
        "photos": [{"content_base64": base64.b64encode(photo_bytes()).decode()}],
    }
    refused = kpps.post("/api/v1/results", payload, content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (409, "recap_locked")

    for body, status, error in (({"reason": "singkat"}, 400, "reason_required"), ({}, 422, "invalid_input")):
        response = ppk.post(f"{base(code)}/reopen", body, content_type="application/json")
        assert (response.status_code, response.json()["code"]) == (status, error)
    assert RecapLock.objects.get().reopened_at is None

    response = ppk.post(f"{base(code)}/reopen", {"reason": REASON}, content_type="application/json")
    assert response.status_code == 200
    answer = response.json()
    assert (answer["locked"], answer["reopened_by"], answer["reopen_reason"]) == (False, "ppk_small", REASON)
    event = AuditEvent.objects.get(action="results.recap_reopen")
    assert (event.actor, event.object_code) == ("ppk_small", code) and REASON not in event.summary
    again = ppk.post(f"{base(code)}/reopen", {"reason": REASON}, content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, "recap_not_locked")


def test_an_incomplete_level_is_not_locked(small):
    submit_all(small, small["tps"][:2])
    response = api_as(small["ppk_small"]).post(f"{base(small['code'])}/lock")
    assert (response.status_code, response.json()["code"]) == (409, "recap_incomplete")
    assert response.json()["message"].startswith(f"Belum semua TPS masuk: 2 dari {len(small['tps'])} TPS.")
    assert not RecapLock.objects.exists()


@pytest.mark.parametrize(
    ("who", "method", "path", "status", "error"),
    [
        ("ppk", "post", "{code}/lock", 403, "forbidden"),  # the PPK of another kecamatan
        ("kpu_bekasi", "post", "{code}/lock", 403, "forbidden"),
        ("kpu_depok", "post", "{code}/lock", 403, "lock_wrong_level"),
        ("kpu_bekasi", "get", "3276/recap.pdf", 403, "forbidden"),
        ("ppk", "get", "{code}/recap.pdf", 403, "forbidden"),
        ("kpu_depok", "post", "3276/reopen", 409, "recap_not_locked"),
        ("kpu_ri", "post", "nasional/lock", 409, "recap_incomplete"),
        ("kpu_ri", "post", "32760x/lock", 400, "invalid_region_code"),
        ("kpu_ri", "post", "3276011006/lock", 400, "invalid_region_code"),  # desa are not signed off
        ("kpu_ri", "post", "327699/lock", 404, "region_not_found"),
        ("kpu_ri", "get", "32760x/recap.pdf", 400, "invalid_region_code"),
        ("kpu_ri", "get", "327699/recap.pdf", 404, "recap_not_found"),
    ],
)
def test_refusals_carry_their_codes(small, who, method, path, status, error):
    client = api_as(small[who])
    url = base(path.format(code=small["code"]))
    if path.endswith("reopen"):
        response = client.post(url, {"reason": REASON}, content_type="application/json")
    else:
        response = getattr(client, method)(url)
    assert (response.status_code, response.json()["code"]) == (status, error)
    assert not RecapLock.objects.exists()


def test_an_unknown_contest_is_not_found(small):
    response = api_as(small["kpu_ri"]).post("/api/v1/contests/nope-2024/recap/32/lock")
    assert (response.status_code, response.json()["code"]) == (404, "contest_not_found")


@pytest.mark.parametrize(("method", "suffix"), [("post", "lock"), ("post", "reopen"), ("get", "recap.pdf")])
def test_a_token_is_required(small, client, method, suffix):
    response = getattr(client, method)(f"{base(small['code'])}/{suffix}")
    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


def test_the_national_document_is_for_kpu_ri(small):
    submit_all(small, small["tps"][:1])
    pdf = api_as(small["kpu_ri"]).get(f"{base('nasional')}/recap.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == f'attachment; filename="rekap-{CONTEST}-nasional.pdf"'
    refused = api_as(small["kpu_depok"]).get(f"{base('nasional')}/recap.pdf")
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")


def test_the_openapi_document_declares_the_sign_off(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    lock = paths["/api/v1/contests/{contest}/recap/{region_code}/lock"]["post"]
    reopen = paths["/api/v1/contests/{contest}/recap/{region_code}/reopen"]["post"]
    pdf = paths["/api/v1/contests/{contest}/recap/{region_code}/recap.pdf"]["get"]
    assert {"200", "400", "401", "403", "404", "409", "422", "429"} <= set(lock["responses"])
    assert {"200", "400", "401", "403", "404", "409", "422", "429"} <= set(reopen["responses"])
    assert "application/pdf" in pdf["responses"]["200"]["content"]
    for operation in (lock, reopen, pdf):
        assert operation["security"] == [{"BearerToken": []}, {"ApiKey": []}]
    assert "recap_incomplete" in lock["description"] and "corrections_pending" in lock["description"]


def test_fuzz_the_sign_off_with_a_real_token(wsgi_app, small):
    """Generated requests, with a token that is let in, on real and made-up regions: every answer is one
    the OpenAPI document declares, and none is a 5xx."""
    submit_all(small, small["tps"][:1])
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    _, plaintext = token_issue(
        user=small["ppk_small"], name="fuzz", rate_per_minute=1_000_000, actor=Actor.named("test")
    )
    token = {"Authorization": f"Bearer {plaintext}"}
    operations = [r.ok() for r in schema.get_all_operations() if "/recap/{region_code}" in r.ok().path]
    assert len(operations) == 3
    regions = ["nasional", "32", "3276", small["code"], small["tps"][0][:10], "3275", "327699", "99x"]
    for operation in operations:
        strategies = [
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        ] + [operation.as_strategy(path_parameters={"contest": CONTEST, "region_code": code}) for code in regions]

        @given(case=st.one_of(strategies))
        @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(headers=token, checks=CHECKS)

        run()
    assert not RecapLock.objects.exists()  # the kecamatan never was complete
