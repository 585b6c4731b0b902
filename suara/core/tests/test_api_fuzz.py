"""The v1 API against its own OpenAPI document: property-based requests (schemathesis + hypothesis) on the
real fixture data must never produce a 5xx and must always answer as documented. Also: the document
declares the errors, and the interactive docs load everything from our own server."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from suara.accounts.models import User
from suara.accounts.tokens import token_issue

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 30
# Real codes from the fixture slice, so that the 200 answers are exercised too, not only the refusals.
KNOWN = {
    "code": ["32", "3276", "327601", "3276011006", "3276011006001", "3275011004905"],
    "region_code": ["32", "3276", "327601"],
    "id": ["pemilu-2024", "pilkada-2024"],
    "contest": ["ppwp-2024"],
}


@pytest.fixture
def wsgi_app(db):
    """The real WSGI application. Django closes "old" connections at each request's start and end, which
    inside a test's transaction would poison it; its own test client disconnects them too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def operation_strategy(operation):
    """Generated cases (valid and invalid) plus cases on known-good path values."""
    strategies = [
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    ]
    for name in re.findall(r"{(\w+)}", operation.path):
        strategies += [operation.as_strategy(path_parameters={name: value}) for value in KNOWN.get(name, [])]
    return st.one_of(strategies)


# Any printable header text a client might send as a token: refused (401) or ignored, never a 5xx.
# (HTTP drops the whitespace around a header value, and the client refuses to send it.)
header_text = st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=80).map(str.strip)
stray_token = st.one_of(
    st.none(),  # half the cases: no token, so that the endpoint's own answers get most of the examples
    st.one_of(
        st.builds(lambda text: {"Authorization": f"Bearer {text}"}, header_text),
        st.builds(lambda text: {"Authorization": text}, header_text),
        st.builds(lambda text: {"X-API-Key": text}, header_text),
    ),
)


def fuzz(operation, token: dict | None):
    """A hypothesis test for one operation; ``token``: headers to send with every case (else stray ones)."""

    @given(case=operation_strategy(operation), stray=stray_token)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case, stray):
        # identity: the WSGI transport hands the checks the body as sent, and GZipMiddleware would
        # compress it for the client's default Accept-Encoding (a real client decompresses it itself).
        case.call_and_validate(headers={"Accept-Encoding": "identity", **(token or stray or {})}, checks=CHECKS)

    return run


def test_fuzz_every_operation(wsgi_app, counting):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    user = User.objects.create_user(username="fuzz", password=None)
    _, plaintext = token_issue(user=user, name="fuzz", rate_per_minute=1_000_000, actor="system")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 59

    for operation in operations:
        fuzz(operation, None)()
    # Generated tokens are refused everywhere; a real one on /me gets its 200 checked as well.
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
