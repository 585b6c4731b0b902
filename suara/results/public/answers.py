"""The public reads' JSON answers, built from published snapshots: the same for the NinjaAPI's operations
(``public/api.py``) and the fast path (``public/fastpath.py``). Each is built once per snapshot version
(and pause) and kept with it, and sent with an ETag.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date

from suara.results.public import selectors
from suara.results.public.paused import paused_since
from suara.results.schemas import RecapOut, TpsRecapOut
from suara.results.snapshots import public_version

# Clients and shared caches may keep a recap this long; the server notices a new snapshot within 0.5 s.
PUBLIC_MAX_AGE = 5


def recap_response(request: HttpRequest, entry: selectors.Published) -> HttpResponse:
    """Says since when the count is paused, if it is (``paused.paused_since``)."""
    paused = paused_since(entry.worker_beat_at)
    return _snapshot_response(request, entry, lambda e: _recap_json(e, paused), paused=paused)


def tps_response(request: HttpRequest, entry: selectors.Published) -> HttpResponse:
    return _snapshot_response(request, entry, _tps_json)


def _recap_json(entry: selectors.Published, paused: datetime | None = None) -> bytes:
    # The snapshot row's version is the one that counts (a body may leave its own at 0).
    body = {**entry.body, "version": entry.version, "paused_since": paused}
    return RecapOut.model_validate(body).model_dump_json().encode()


def _tps_json(entry: selectors.Published) -> bytes:
    body = {
        **entry.body,
        "contest": entry.contest,
        "number": int(entry.code[10:]),
        "version": entry.body["version"],
        "versions": [public_version(v) for v in entry.body.get("versions", [])],
    }
    return TpsRecapOut.model_validate(body).model_dump_json().encode()


def _snapshot_response(
    request: HttpRequest,
    entry: selectors.Published,
    build: Callable[[selectors.Published], bytes],
    *,
    paused: datetime | None = None,
) -> HttpResponse:
    # A pause changes the answer, not the snapshot: its own tag and its own kept bytes.
    etag = entry.etag if paused is None else f'{entry.etag[:-1]}-paused-{int(paused.timestamp())}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        content = entry.derive("api" if paused is None else ("api", paused), lambda: build(entry))
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Length"] = str(len(content))
    response["ETag"] = etag
    if entry.created_at is not None:
        response["Last-Modified"] = http_date(entry.created_at.timestamp())
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response
