"""The feeds' and calendars' fast path (``announcements/fastpath.py``) answers as the full stack does: the
same status, bytes and headers for a feed, a calendar and a 304; a request it does not answer (a query
string, a session, an error) goes down the full stack."""

import gzip

import pytest
from django.conf import settings
from django.test import Client, override_settings

from suara.announcements import fastpath
from suara.announcements.tests.conftest import publish

pytestmark = pytest.mark.django_db
FULL_STACK = [m for m in settings.MIDDLEWARE if m != "suara.core.fastpath.FastPathMiddleware"]


@pytest.fixture
def fast_calls(monkeypatch):
    calls = []
    for name in ("rss", "atom", "calendar"):
        answer = getattr(fastpath, name)

        def counted(request, *args, _answer=answer, **kwargs):
            response = _answer(request, *args, **kwargs)
            if response is not None:
                calls.append(request.path)
            return response

        monkeypatch.setattr(fastpath, name, counted)
    return calls


@pytest.fixture
def board(writers, later):
    from datetime import timedelta

    from suara.core import clock

    start = clock.now() + timedelta(days=2)
    publish(writers["author"], writers["second"], event_start=start, event_location="Aula PPK Pancoran Mas")
    later(timedelta(seconds=4))


def _body(response) -> bytes:
    """The body as sent, uncompressed: the gzip layer (outside both paths) adds random bytes against BREACH."""
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


def _headers(response) -> list:
    return sorted(
        (k, v)
        for k, v in response.headers.items()
        if k != "Content-Length" or "gzip" not in str(response.get("Content-Encoding"))
    )


def both(path, **headers):
    fast = Client().get(path, **headers)
    with override_settings(MIDDLEWARE=FULL_STACK):
        full = Client().get(path, **headers)
    return fast, full


@pytest.mark.parametrize(
    "path",
    ["/pengumuman/327601/rss/", "/pengumuman/nasional/atom/", "/pengumuman/3276/rekrutmen/rss/",
     "/pengumuman/3276/hasil/atom/", "/pengumuman/3276/acara.ics"],
)  # fmt: skip
def test_feeds_and_calendars_are_answered_alike(board, fast_calls, path):
    for headers in ({}, {"HTTP_ACCEPT_ENCODING": "gzip"}, {"HTTP_COOKIE": "django_language=en"}):
        fast, full = both(path, **headers)
        assert fast.status_code == full.status_code == 200
        assert _body(fast) == _body(full)
        assert _headers(fast) == _headers(full)
        fast, full = both(path, HTTP_IF_NONE_MATCH=fast["ETag"], **headers)
        assert fast.status_code == full.status_code == 304
        assert fast.content == full.content == b""
        assert sorted(fast.headers.items()) == sorted(full.headers.items())
    assert len(fast_calls) == 6


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/pengumuman/3276/rss/?bahasa=en", {}),
        ("/pengumuman/3299/rss/", {}),
        ("/pengumuman/3276/gosip/atom/", {}),
        ("/pengumuman/3276/rss/", {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=abc"}),
        ("/pengumuman/3276/acara.ics", {"HTTP_AUTHORIZATION": "Bearer x"}),
    ],
)
def test_what_the_fast_path_does_not_answer_goes_down_the_full_stack(board, fast_calls, path, headers):
    fast, full = both(path, **headers)
    assert (fast.status_code, fast.content) == (full.status_code, full.content)
    assert fast_calls == []
