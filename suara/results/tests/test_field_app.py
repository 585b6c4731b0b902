"""The KPPS field app's server side (views_app.py): the shell, its service worker and manifest, what the
device keeps for the signed-in KPPS, and the device's own API token (accounts.tokens.device_token_issue)."""

from __future__ import annotations

import json

import pytest

from conftest import consistent_tally, photo_bytes
from suara.accounts.models import ApiToken
from suara.accounts.tokens import DEVICE_TOKEN_PREFIX, device_token_issue, token_authenticate, token_revoke
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.results.entry.services import result_submit
from suara.results.entry.views_app import SHELL_FILES, shell_version
from suara.results.tests.support import TPS

APP = "/petugas/aplikasi/"


def test_the_shell_is_the_same_page_for_everybody_and_names_its_parts(client, db):
    response = client.get(APP)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    page = response.content.decode()
    for name in ("results/app/app.js", "results/app/outbox.js", "results/rules.js", "results/app/app.css"):
        assert f"/static/{name}" in page
    assert 'rel="manifest" href="/petugas/aplikasi/manifest.webmanifest"' in page
    assert "Kirim sekarang" in page
    assert 'id="rule-texts"' in page and 'id="app-texts"' in page
    assert "<script>" not in page  # the policy allows no inline script: the data blocks are JSON
    assert "csrfmiddlewaretoken" not in page


def test_the_service_worker_names_the_shell_and_its_version_and_answers_304_while_unchanged(client, db):
    response = client.get(APP + "sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    head, _, code = response.content.decode().partition("\n")
    config = json.loads(head.removeprefix("self.SUARA_APP = ").removesuffix(";"))
    assert config["version"] == shell_version()
    assert config["shell"][:2] == [APP, APP + "manifest.webmanifest"]
    assert {f"/static/{name}" for name in SHELL_FILES} <= set(config["shell"])
    assert "importScripts(APP.outbox)" in code
    assert client.get(APP + "sw.js", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(APP + "sw.js", HTTP_IF_NONE_MATCH='"old"').status_code == 200


def test_the_manifest_makes_the_app_installable(client, db):
    body = json.loads(client.get(APP + "manifest.webmanifest").content)
    assert body["start_url"] == body["scope"] == APP
    assert body["display"] == "standalone" and body["theme_color"]
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in body["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_data_is_the_kpps_tps_contests_and_candidates(client, officers, photo_dir):
    response = client.get(APP + "data.json")
    assert response.status_code == 401
    assert json.loads(response.content)["login_url"] == "/masuk/?next=/petugas/aplikasi/"
    client.force_login(officers["ppk"])
    assert client.get(APP + "data.json").status_code == 403

    client.force_login(officers["kpps"])
    response = client.get(APP + "data.json")
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    body = json.loads(response.content)
    assert body["user"] == "kpps_001"
    [entry] = body["entries"]
    assert entry["contest"] == "ppwp-2024" and entry["tps"] == TPS and entry["tps_number"] == 1
    assert [c["number"] for c in entry["candidates"]] == [1, 2, 3]
    assert entry["tps_max"] > 0 and entry["sent_version"] is None
    assert client.get(APP + "data.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304

    result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(),
        photos=[photo_bytes()],
        submission_id="app-test-0001",
    )
    body = json.loads(client.get(APP + "data.json").content)
    assert body["entries"][0]["sent_version"] == 1


def test_a_device_gets_its_own_token_with_csrf(officers):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officers["kpps"])
    assert client.post(APP + "perangkat/", {"label": "HP Ani"}).status_code == 403  # no CSRF token
    client.get(APP + "data.json")
    csrf = client.cookies["csrftoken"].value
    before = AuditEvent.objects.count()
    response = client.post(APP + "perangkat/", {"label": "HP Ani"}, HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201 and response["Cache-Control"] == "no-store"
    body = json.loads(response.content)
    assert body["name"] == DEVICE_TOKEN_PREFIX + "HP Ani"
    token = token_authenticate(body["token"])
    assert token is not None and token.user_id == officers["kpps"].pk
    assert [e.action for e in AuditEvent.objects.order_by("id")[before:]] == ["accounts.device_token_issue"]

    # The same device asking again (its storage wiped): the former token stops, one event says both.
    again = json.loads(client.post(APP + "perangkat/", {"label": "HP Ani"}, HTTP_X_CSRFTOKEN=csrf).content)
    assert token_authenticate(body["token"]) is None and token_authenticate(again["token"]) is not None
    events = list(AuditEvent.objects.order_by("id")[before + 1 :])
    assert [e.action for e in events] == ["accounts.device_token_issue"]
    assert f"menggantikan token #{body['id']}" in events[0].summary and body["token"][6:] not in events[0].summary

    bad = client.post(APP + "perangkat/", {"label": " "}, HTTP_X_CSRFTOKEN=csrf)
    assert bad.status_code == 400 and json.loads(bad.content)["code"] == "invalid_device_label"
    assert client.post(APP + "perangkat/", {"label": "x" * 61}, HTTP_X_CSRFTOKEN=csrf).status_code == 400
    assert client.get(APP + "perangkat/").status_code == 405

    # Revocable like any token.
    token_revoke(token=ApiToken.objects.get(pk=again["id"]), actor=Actor.named("test"))
    assert token_authenticate(again["token"]) is None


def test_only_a_kpps_gets_a_device_token(client, officers):
    with pytest.raises(DomainError) as refused:
        device_token_issue(actor=Actor.of(officers["ppk"]), label="HP")
    assert refused.value.code == "device_not_allowed" and refused.value.status == 403
    with pytest.raises(TypeError):
        device_token_issue(actor=Actor.named("script"), label="HP")
    client.force_login(officers["ppk"])
    client.get(APP + "data.json")
    response = client.post(APP + "perangkat/", {"label": "HP"})
    assert response.status_code == 403
    assert not ApiToken.objects.filter(name__startswith=DEVICE_TOKEN_PREFIX).exists()


def test_the_entry_list_links_to_the_app(client, officers):
    client.force_login(officers["kpps"])
    assert 'href="/petugas/aplikasi/"' in client.get("/petugas/hasil/").content.decode()
