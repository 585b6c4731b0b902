"""The submission fast path answers exactly as the full stack does: same status, bytes and headers, case
by case (a new version's id and time aside, which no two sends share), and leaves a request without a
token to the full stack untouched."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image

from conftest import consistent_tally, photo_bytes
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.core.models import RateWindow
from suara.elections.models import Contest
from suara.results.entry import fastpath as fastpath_entry
from suara.results.entry import photos
from suara.results.models import RecapLock, ResultVersion
from suara.results.tests.support import payload

URL = "/api/v1/results"
FULL_STACK = [m for m in settings.MIDDLEWARE if m != "suara.core.fastpath.FastPathMiddleware"]

pytestmark = pytest.mark.usefixtures("photo_dir")


@pytest.fixture
def tokens(officers):
    return {
        name: token_issue(user=user, name="tes", rate_per_minute=100_000, actor=Actor.named("test"))[1]
        for name, user in officers.items()
    }


@pytest.fixture
def fast_calls(monkeypatch):
    """The requests the handler answered, not left to the full stack (the middleware takes its handlers
    when a client first sends a request)."""
    calls = []
    answer = fastpath_entry.submission

    def counted(request):
        response = answer(request)
        if response is not None:
            calls.append(1)
        return response

    monkeypatch.setattr(fastpath_entry, "submission", counted)
    return calls


def send(body, headers: dict):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return Client().post(URL, data, content_type="application/json", **headers)


def both(body, token: str | None = None, *, keep: bool = False, **headers):
    """The answer with the fast path, then without it, each from the same state: unless ``keep``, what
    the first one stored is rolled back before the second is sent."""
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    with transaction.atomic():
        fast = send(body, headers)
        transaction.set_rollback(not keep)
    with override_settings(MIDDLEWARE=FULL_STACK), transaction.atomic():
        full = send(body, headers)
        transaction.set_rollback(not keep)
    return fast, full


def same(fast, full, *, new_version: bool = False) -> None:
    assert fast.status_code == full.status_code
    fast_headers, full_headers = dict(fast.items()), dict(full.items())
    if new_version:  # the id and the time of each new version are its own, and the receipt that signs them
        fast_body, full_body = fast.json(), full.json()
        for body in (fast_body, full_body):
            body.pop("id"), body.pop("submitted_at")
            assert set(body.pop("receipt")) == {"token", "code", "verify_url", "qr_svg_url"}
        assert fast_body == full_body
        fast_headers.pop("Content-Length"), full_headers.pop("Content-Length")
    else:
        assert fast.content == full.content
    assert fast_headers == full_headers


def test_an_accepted_submission_is_answered_alike(tokens, fast_calls):
    fast, full = both(payload(), tokens["kpps"])

    assert fast.status_code == 201
    same(fast, full, new_version=True)
    assert fast_calls == [1]
    assert not ResultVersion.objects.exists()  # both were rolled back


def test_a_retry_is_answered_alike(tokens, fast_calls):
    send(payload(), {"HTTP_AUTHORIZATION": f"Bearer {tokens['kpps']}"})

    fast, full = both(payload(), tokens["kpps"])

    assert fast.status_code == 200
    same(fast, full)


def _tally_with(**changes):
    tally = consistent_tally()
    tally.update(changes)
    return tally


def _with(path: str, value):
    body = payload()
    *parents, leaf = path.split(".")
    target = body
    for parent in parents:
        target = target[parent]
    target[leaf] = value
    return body


def _without(path: str):
    body = payload()
    *parents, leaf = path.split(".")
    target = body
    for parent in parents:
        target = target[parent]
    del target[leaf]
    return body


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height)).save(out, "PNG")
    return out.getvalue()


def _cut_jpeg() -> bytes:
    data = photo_bytes()
    return data[: len(data) // 2].rstrip(b"\xff") + b"\xff\xd9"


@pytest.mark.parametrize(
    ("case", "body", "status"),
    [
        ("pixels over the limit", payload(photos=[_png(4097, 4097)]), 400),
        ("over the request's decoding budget", payload(photos=[_png(4096, 4096)] * 5), 400),
        ("too many photos", payload(photos=[photo_bytes()] * 11), 400),
        ("a JPEG cut short", payload(photos=[_cut_jpeg()]), 400),
        ("broken rules", payload(_tally_with(**{"votes.1": 71, "votes.2": 641, "invalid": 7})), 422),
        ("negative", _with("voters.dpt.l", -1), 422),
        ("fraction", _with("invalid", 2.5), 422),
        ("null", _with("valid", None), 422),
        ("missing", _without("ballots.unused"), 422),
        ("ballot number", _with("votes.satu", 1), 422),
        ("wrong type", _with("photos", "foto"), 422),
        ("a list", [payload()], 422),
        ("a string", '"halo"', 422),
        ("a number", "12", 422),
        ("not json", b'{"submission_id": ', 400),
        ("not utf-8", b"\xff\xfe", 400),
        ("empty", b"", 400),
        ("unknown TPS", payload(tps="3276011006999"), 404),
        ("bad TPS code", payload(tps="32760110"), 400),
        ("unknown contest", payload(contest="ppwp-1999"), 404),
        ("bad submission id", payload(sid="x"), 400),
        ("no photo", payload(photos=[]), 400),
        ("not an image", payload(photos=[b"%PDF-1.4 not an image"]), 400),
        ("not base64", _with("photos", [{"content_base64": "bukan base64!"}]), 400),
        ("extra field", payload(catatan="lain"), 201),
    ],
)
def test_each_answer_is_the_full_stacks(tokens, fast_calls, case, body, status):
    fast, full = both(body, tokens["kpps"])

    assert fast.status_code == status, (case, fast.content)
    same(fast, full, new_version=status == 201)
    assert fast_calls == [1]


def test_conflicts_are_answered_alike(tokens, fast_calls):
    send(payload(), {"HTTP_AUTHORIZATION": f"Bearer {tokens['kpps']}"})

    reused = both(payload(_tally_with(**{"votes.1": 41, "votes.2": 34})), tokens["kpps"])
    second = both(payload(_tally_with(**{"votes.1": 41, "votes.2": 34}), sid="api-sub-0002"), tokens["kpps"])

    assert reused[0].json()["code"] == "submission_id_reused" and second[0].json()["code"] == "result_exists"
    same(*reused)
    same(*second)


def test_a_photo_bomb_on_a_tps_with_a_result_and_a_busy_decoder_are_answered_alike(tokens, fast_calls, settings):
    send(payload(), {"HTTP_AUTHORIZATION": f"Bearer {tokens['kpps']}"})
    bomb = both(payload(sid="api-sub-0002", photos=[_png(4096, 4096)] * 10), tokens["kpps"])
    settings.SUARA_PHOTO_DECODE_WAIT_SECONDS = 0.01
    slots = photos._semaphore()
    taken = [slots.acquire(blocking=False) for _ in range(settings.SUARA_PHOTO_DECODE_SLOTS)]
    try:
        busy = both(payload(tps="3276011006002"), tokens["kpps_002"])
    finally:
        for _ in taken:
            slots.release()

    assert bomb[0].status_code == 409 and bomb[0].json()["code"] == "result_exists"
    assert busy[0].status_code == 503 and busy[0]["Retry-After"] == "2"
    same(*bomb)
    same(*busy)


def test_refusals_of_the_caller_are_answered_alike(tokens, officers, fast_calls):
    other_tps = both(payload(), tokens["kpps_002"])
    bad_token = both(payload(), "suara_not-a-real-token")
    x_api_key = both(payload(), None, HTTP_X_API_KEY="suara_not-a-real-token")
    # A standing lock on the kecamatan (as if every TPS had reported and the PPK signed off).
    RecapLock.objects.create(
        contest=Contest.objects.get(slug="ppwp-2024"), region_code="327601", locked_by="ppk_a", locked_at=timezone.now()
    )
    locked = both(payload(), tokens["kpps"])

    assert [r[0].status_code for r in (other_tps, bad_token, x_api_key, locked)] == [403, 401, 401, 409]
    for answers in (other_tps, bad_token, x_api_key, locked):
        same(*answers)
    assert len(fast_calls) == 4


def test_a_body_over_the_limit_and_the_rate_limit_are_answered_alike(officers, fast_calls, monkeypatch):
    # The rate limit's clock stands still, 30 s into a minute: both 429s say the same "Coba lagi dalam 30
    # detik" however long the requests take, and none of them crosses into the next minute's window.
    monkeypatch.setattr("suara.core.ratelimit.time", SimpleNamespace(time=lambda: 1_700_000_010.0))
    monkeypatch.setattr("suara.results.entry.photos.MAX_BYTES", 300)
    monkeypatch.setattr("suara.results.entry.photos.MAX_PHOTOS", 1)
    token = token_issue(user=officers["kpps"], name="tes", rate_per_minute=1, actor=Actor.named("test"))[1]

    too_large = both(payload(photos=[photo_bytes()] * 300), token)
    with transaction.atomic():  # the token's one request of this minute
        send(b"", {"HTTP_AUTHORIZATION": f"Bearer {token}"})
        limited = both(payload(), token)
        transaction.set_rollback(True)

    assert too_large[0].status_code == 413 and limited[0].status_code == 429
    assert limited[0]["Retry-After"] == "30"
    same(*too_large)
    same(*limited)


def test_without_a_token_the_full_stack_answers_and_nothing_is_counted(tokens, fast_calls):
    response = send(payload(), {})

    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    assert fast_calls == []
    assert not RateWindow.objects.filter(key__startswith="api:token").exists()


def test_other_methods_and_paths_go_down_the_full_stack(tokens, fast_calls):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens['kpps']}"}

    assert Client().get(URL, **headers).status_code == 405
    assert Client().post(URL + "/corrections", "{}", content_type="application/json", **headers).status_code == 422
    assert fast_calls == []
