"""Cek anggota partai answered by the fast-path middleware (``core/fastpath.py``; the route is in
``parties/fastroutes.py``), as cek DPT is: a public lookup that reads no cookie and sets none, so none of
the session, locale, CSRF, authentication or message layers has anything to say about it.

For ``POST /api/v1/cek-anggota-partai`` with a JSON object body ``lookup`` runs exactly what the API
operation runs, in the same order (``api_gate``, the per-client limit, the input check, the lookup), and
answers with the same functions, so the bytes are the API's. A body over Django's size limit is counted and
refused (413) here, as the full stack does. Anything else, a body that is not a JSON object included, goes
down the full stack before anything is counted. Tests compare both paths answer by answer.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from suara.accounts.api_auth import api_gate
from suara.core import answers
from suara.parties.lookup.lookup import party_lookup_answer, party_lookup_rate_check


def lookup(request: HttpRequest) -> HttpResponse | None:
    if _too_large(request):  # counted and refused here, as the full stack does, without reading it
        return _answer(request, None)
    payload = _json_object(request)
    if payload is None:
        return None
    return _answer(request, payload)


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    except ValueError:
        return False


def _json_object(request: HttpRequest) -> dict | None:
    if request.content_type != "application/json":
        return None
    try:
        payload = json.loads(request.body)
    except Exception:  # noqa: BLE001 - too large, not UTF-8, not JSON: the full stack answers it
        return None
    return payload if isinstance(payload, dict) else None


def _answer(request: HttpRequest, payload: dict | None) -> HttpResponse:
    """``payload`` None: a body over the size limit, counted then refused as the full stack refuses it."""
    try:
        api_gate(request)
        party_lookup_rate_check(request, api=True)
        if payload is None:
            raise RequestDataTooBig("party lookup body over DATA_UPLOAD_MAX_MEMORY_SIZE")
        return party_lookup_answer(request, payload.get("nik", ""), payload.get("nama", ""))
    except Exception as exc:  # noqa: BLE001 - answered exactly as the API answers it (core.answers logs)
        return answers.exception_answer(request, exc)
