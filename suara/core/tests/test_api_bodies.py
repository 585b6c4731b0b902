"""Bodies no parser should choke on, sent to every API operation that reads one: JSON nested deeper than
Python's recursion limit, and a body over Django's size limit. Each answers a 4xx in the API's JSON
error shape, on the fast paths and the full stack alike, never a 500 or Django's HTML error page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor

NESTED = "[" * 1000 + "]" * 1000
FULL_STACK = [m for m in settings.MIDDLEWARE if m != "suara.core.fastpath.FastPathMiddleware"]
# (path, who sends it, the status for a body over Django's 2.5 MB): the submission endpoints read bodies
# up to their own photo limit, so there a 3 MB body is read and refused for its content; the lock reads
# no body at all (the region is not complete yet: 409).
WRITES = [
    ("/api/v1/results", "kpps", 422),
    ("/api/v1/results/corrections", "kpps", 422),
    ("/api/v1/results/corrections/1/decision", "ppk", 422),
    ("/api/v1/contests/ppwp-2024/recap/327601/lock", "ppk", 409),
    ("/api/v1/contests/ppwp-2024/recap/327601/reopen", "kpu_depok", 413),
    ("/api/v1/cek-dpt", None, 413),
]


@pytest.fixture
def tokens(officers):
    return {
        name: token_issue(user=user, name="tes", rate_per_minute=100_000, actor=Actor.named("test"))[1]
        for name, user in officers.items()
    }


def answers(url: str, body: str, who: str | None, tokens: dict) -> list:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[who]}"} if who else {}
    fast = Client().post(url, body, content_type="application/json", **headers)
    with override_settings(MIDDLEWARE=FULL_STACK):
        full = Client().post(url, body, content_type="application/json", **headers)
    return [fast, full]


@pytest.mark.parametrize(("url", "who", "_"), WRITES)
def test_json_nested_too_deep_is_a_4xx_in_json(tokens, url, who, _):
    for response in answers(url, NESTED, who, tokens):
        assert response["Content-Type"].startswith("application/json"), (url, response.status_code)
        expected = 409 if url.endswith("/lock") else 400
        assert response.status_code == expected, (url, response.content[:200])
        if expected == 400:
            assert response.json()["code"] in ("invalid_input", "bad_request")


@pytest.mark.parametrize(("url", "who", "status"), WRITES)
def test_a_body_over_the_size_limit_is_a_4xx_in_json(tokens, url, who, status):
    for response in answers(url, '{"x": "' + "x" * 3_000_000 + '"}', who, tokens):
        assert response.status_code == status, (url, response.content[:200])
        assert response["Content-Type"].startswith("application/json")
        if status == 413:
            assert response.json() == {"code": "payload_too_large", "message": "Isi permintaan terlalu besar."}
