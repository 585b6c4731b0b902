"""The v1 API against its own OpenAPI document: property-based requests (schemathesis + hypothesis) on the
real fixture data must never produce a 5xx and must always answer as documented. Also: the document
declares the errors, and the interactive docs load everything from our own server."""

from __future__ import annotations

import re

import pytest
import schemathesis

from suara.accounts.models import User
from suara.accounts.tokens import token_issue
from suara.audit.actors import SYSTEM
from suara.core.tests.support import fuzz

PARTS = 4  # the operations are fuzzed in this many tests, so that the workers share them


@pytest.mark.parametrize("part", range(PARTS))
def test_fuzz_every_operation(wsgi_app, counting, part):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 60  # every router mounted (a lower bound: new operations keep it true)

    for operation in operations[part::PARTS]:
        fuzz(operation, None)()
    if part == 0:
        # Generated tokens are refused everywhere; a real one on /me gets its 200 checked as well.
        user = User.objects.create_user(username="fuzz", password=None)
        _, plaintext = token_issue(user=user, name="fuzz", rate_per_minute=1_000_000, actor=SYSTEM)
        fuzz(schema["/api/v1/me"]["GET"], {"Authorization": f"Bearer {plaintext}"})()


def test_openapi_document_declares_errors_for_every_operation(client, db):
    document = client.get("/api/v1/openapi.json").json()

    assert document["info"]["title"] == "Suara API"
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message"}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            declared = set(operation["responses"])
            assert any(status.startswith("2") for status in declared), (method, path)  # 200, 201 or 202
            assert {"400", "401", "404", "422", "429"} <= declared, (method, path)
            for status in ("400", "401", "404", "422", "429"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}
    ics = document["paths"]["/api/v1/elections/{id}/stages.ics"]["get"]["responses"]["200"]
    assert "text/calendar" in ics["content"]
    assert document["paths"]["/api/v1/me"]["get"]["security"] == [{"BearerToken": []}, {"ApiKey": []}]
    assert {} in document["paths"]["/api/v1/regions"]["get"]["security"]  # a token is optional there


def test_the_openapi_document_is_built_once_and_each_caller_gets_its_own_copy(client, db, monkeypatch):
    from ninja import NinjaAPI

    from suara import api as api_module
    from suara.api import api

    monkeypatch.setattr(api_module, "_openapi_documents", {})  # as a process that has not built it yet
    built = []
    build = NinjaAPI.get_openapi_schema
    monkeypatch.setattr(NinjaAPI, "get_openapi_schema", lambda self, **kw: built.append(1) or build(self, **kw))
    first = client.get("/api/v1/openapi.json", {"q": "x" * 100})
    second = client.get("/api/v1/openapi.json")
    assert first.status_code == second.status_code == 200 and first["Content-Type"] == "application/json"
    assert first.content == second.content and len(built) == 1  # an anonymous GET costs no rebuild
    mine = api.get_openapi_schema()
    mine["info"]["title"] = "changed"
    assert api.get_openapi_schema()["info"]["title"] == "Suara API" and len(built) == 1


def test_docs_load_everything_from_our_own_server(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn" not in page.lower()
    assert "http://" not in page and "https://" not in page
    assert "<script>" not in page  # no inline script: the page works under script-src 'self'
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith("/api/v1/docs/assets/")
        loaded = client.get(asset)
        assert loaded.status_code == 200, asset
        assert len(b"".join(loaded.streaming_content)) > 100
    settings_block = re.search(r'<script id="swagger-settings" type="application/json">(.*?)</script>', page, re.S)
    assert '"url": "/api/v1/openapi.json"' in settings_block.group(1)
    assert '"validatorUrl": null' in settings_block.group(1)  # no badge fetched from swagger.io
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_docs_assets_are_a_fixed_list(client, db):
    for name in ("swagger-ui.css.map", "..%2F__init__.py", "redoc.standalone.js", "x"):
        response = client.get(f"/api/v1/docs/assets/{name}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
