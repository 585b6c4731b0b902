"""The check-in's fast path (``health/fastpath.py``) answers as the full stack does: the same status,
body and headers for a check-in, a resend and each refusal."""

import json

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from suara.audit.actors import Actor
from suara.officers.health import fastpath
from suara.officers.health.tests.support import TPS, TPS_OTHER
from suara.officers.models import CheckIn

pytestmark = pytest.mark.django_db
URL = "/api/v1/kesehatan/checkin"
FULL_STACK = [m for m in settings.MIDDLEWARE if m != "suara.core.fastpath.FastPathMiddleware"]


@pytest.fixture
def fast_calls(monkeypatch):
    calls = []
    answer = fastpath.checkin

    def counted(request):
        response = answer(request)
        if response is not None:
            calls.append(1)
        return response

    monkeypatch.setattr(fastpath, "checkin", counted)
    return calls


def both(body, token):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    data = body if isinstance(body, str) else json.dumps(body)
    with transaction.atomic():
        fast = Client().post(URL, data, content_type="application/json", **headers)
        transaction.set_rollback(True)
    with override_settings(MIDDLEWARE=FULL_STACK), transaction.atomic():
        full = Client().post(URL, data, content_type="application/json", **headers)
        transaction.set_rollback(True)
    return fast, full


@pytest.fixture
def token(accounts):
    from suara.accounts.tokens import token_issue

    return token_issue(user=accounts["kpps"], name="kesehatan", actor=Actor.named("test"))[1]


def body(**extra):
    return {"pemilu": "pemilu-2024", "tps": TPS, "jadwal": "buka", "semua_sehat": True, **extra}


@pytest.mark.parametrize(
    "payload",
    [
        body(tps=TPS_OTHER),
        body(jadwal="sore"),
        body(semua_sehat=False, tidak_sehat=[999_999]),
        body(pemilu="pemilu-1999"),
        body(tps="123"),
        "{not json",
    ],
    ids=["other tps", "slot", "roster", "election", "schema", "json"],
)
def test_refusals_are_answered_alike(election, roster, token, fast_calls, payload):
    fast, full = both(payload, token)
    assert fast.status_code == full.status_code and fast.status_code >= 400
    assert fast.content == full.content
    assert fast_calls == ([] if isinstance(payload, str) else [1])  # a body it cannot read: the full stack


def test_a_check_in_and_a_resend_are_answered_alike(election, roster, token, fast_calls):
    assert settings.MIDDLEWARE != FULL_STACK
    fast, full = both(body(), token)
    assert fast.status_code == full.status_code == 201
    fast_body, full_body = fast.json(), full.json()
    fast_body.pop("waktu"), full_body.pop("waktu")
    assert fast_body == full_body
    Client().post(URL, body(), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    fast, full = both(body(), token)
    assert fast.status_code == 200 and fast.content == full.content
    assert CheckIn.objects.count() == 1
