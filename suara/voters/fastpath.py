"""Cek DPT answered before most of the middleware stack: in the weeks before voting day the lookup takes
far more traffic than anything else, and none of the session, locale, CSRF, authentication or message
layers has anything to say about it (it is public, reads no cookie and sets none).

``CekDptMiddleware`` sits right after the security headers. For ``POST /api/v1/cek-dpt`` with a JSON
object body it runs exactly what the API operation runs, in the same order (``api_gate``, the per-client
limit, the input check, the lookup), and answers with the same functions (``cekdpt_response`` for the
answer, the API's own exception handlers for refusals), so the bytes are the API's; it adds what the
skipped layers add to an API answer (Vary, Content-Language, X-Frame-Options, Content-Length). A body over
Django's size limit is counted and refused (413) here, from its Content-Length, as the full stack does.
Anything else, a body that is not a JSON object included, goes down the full stack before anything is
counted.
Tests compare both paths answer by answer.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from suara.accounts.api_auth import api_gate
from suara.core.fastpath import as_full_stack_answers
from suara.voters.cekdpt import cek_dpt_rate_check

PATH = "/api/v1/cek-dpt"


class CekDptMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info != PATH or request.method != "POST":
            return self.get_response(request)
        if _too_large(request):  # counted and refused here, as the full stack does, without reading it
            return as_full_stack_answers(request, _answer(request, None))
        payload = _json_object(request)
        if payload is None:
            return self.get_response(request)
        return as_full_stack_answers(request, _answer(request, payload))


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
    from suara.api import api  # the whole NinjaAPI: loaded on first use, not at start-up
    from suara.voters.api import cek_dpt_answer

    try:
        api_gate(request)
        cek_dpt_rate_check(request, api=True)
        if payload is None:
            raise RequestDataTooBig("cek DPT body over DATA_UPLOAD_MAX_MEMORY_SIZE")
        return cek_dpt_answer(request, payload.get("nik", ""), payload.get("nama", ""))
    except Exception as exc:  # noqa: BLE001 - answered exactly as the API answers it (its handlers log)
        return api.on_exception(request, exc)
