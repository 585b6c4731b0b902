"""The survey's fast path (``network/fastpath.py``) answers as the full stack does: the same status, body and
headers for a survey, a resend and each refusal."""

import json
import uuid

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from suara.network import fastpath
from suara.network.models import Observation
from suara.network.tests.conftest import TPS_1, TPS_2, token

pytestmark = pytest.mark.django_db
URL = "/api/v1/jaringan/survei"
FULL_STACK = [m for m in settings.MIDDLEWARE if m != "suara.core.fastpath.FastPathMiddleware"]


@pytest.fixture
def fast_calls(monkeypatch):
    calls = []
    answer = fastpath.survey

    def counted(request):
        response = answer(request)
        if response is not None:
            calls.append(1)
        return response

    monkeypatch.setattr(fastpath, "survey", counted)
    return calls


def both(body, headers):
    data = body if isinstance(body, str) else json.dumps(body)
    with transaction.atomic():
        fast = Client().post(URL, data, content_type="application/json", **headers)
        transaction.set_rollback(True)
    with override_settings(MIDDLEWARE=FULL_STACK), transaction.atomic():
        full = Client().post(URL, data, content_type="application/json", **headers)
        transaction.set_rollback(True)
    return fast, full


def body(**extra):
    return {"tps": TPS_1, "id": "6f1f7c36-2d1c-4c38-9e3e-6d7b1d2f0a11", "sinyal": [{"operator": "xl", "jenis": "4g"}],
            "jenis_koneksi": "4g", "uji_ms": 300, **extra}  # fmt: skip


@pytest.mark.parametrize(
    "payload",
    [
        body(tps=TPS_2),
        body(sinyal=[{"operator": "axis", "jenis": "4g"}]),
        body(sinyal=[{"operator": "xl", "jenis": "5g"}]),
        body(jenis_koneksi="wifi"),
        body(tps="3276011006999"),
        body(id="x"),
        "{not json",
    ],
    ids=["other tps", "operator", "kind schema", "effective type", "unknown tps", "id schema", "json"],
)
def test_refusals_are_answered_alike(people, fast_calls, payload):
    fast, full = both(payload, token(people["kpps"]))
    assert fast.status_code == full.status_code and fast.status_code >= 400
    assert fast.content == full.content
    assert fast_calls == ([] if isinstance(payload, str) else [1])  # a body it cannot read: the full stack


def test_a_survey_and_a_resend_are_answered_alike(people, fast_calls):
    headers = token(people["kpps"])
    fast, full = both(body(id=str(uuid.uuid4())), headers)
    assert fast.status_code == full.status_code == 201 and fast.content == full.content
    assert sorted(fast.headers.items()) == sorted(full.headers.items())
    sent = body()
    Client().post(URL, json.dumps(sent), content_type="application/json", **headers)
    fast, full = both(sent, headers)
    assert fast.status_code == 200 and fast.content == full.content
    assert Observation.objects.count() == 1 and len(fast_calls) == 3
