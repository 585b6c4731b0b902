"""A private lookup's API answered by the fast-path middleware (``core/fastpath.py``): in the weeks before
voting day cek DPT takes far more traffic than anything else, and the party-membership check is its twin.
Neither is touched by the session, locale, CSRF, authentication or message layers: it is public, reads no
cookie and sets none.

``lookup_fast_path(lookup)`` makes the handler an app declares in its ``fastroutes.py`` for the POST of its
lookup's API operation. For a JSON object body the handler runs exactly what the operation runs, in the same
order (``api_gate``, the per-client limit, then ``PrivateLookup.api_answer``: the input check, the per-NIK
limit, the lookup), and answers with the same functions (``api_answer`` for the answer, ``core.answers`` for
refusals), so the bytes are the API's. A body over Django's size limit is counted and refused (413) here,
from its Content-Length, as the full stack does. Anything else, a body that is not a JSON object included,
goes down the full stack before anything is counted. Each lookup's tests compare both paths answer by answer
(the ``fast_path_twin`` fixture).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from suara.accounts.api_auth import api_gate
from suara.core import answers
from suara.people.lookup import PrivateLookup


class LookupFastPath:
    """The fast-path handler of one lookup's API operation: ``handler(request)``."""

    def __init__(self, lookup: PrivateLookup):
        self.lookup = lookup

    def __call__(self, request: HttpRequest) -> HttpResponse | None:
        if _too_large(request):  # counted and refused here, as the full stack does, without reading it
            return self.answer(request, None)
        payload = _json_object(request)
        if payload is None:
            return None
        return self.answer(request, payload)

    def answer(self, request: HttpRequest, payload: dict | None) -> HttpResponse:
        """``payload`` None: a body over the size limit, counted then refused as the full stack refuses it."""
        try:
            api_gate(request)
            self.lookup.count_client(request, api=True)
            if payload is None:
                raise RequestDataTooBig(f"{self.lookup.rate_key} body over DATA_UPLOAD_MAX_MEMORY_SIZE")
            return self.lookup.api_answer(request, payload.get("nik", ""), payload.get("nama", ""))
        except Exception as exc:  # noqa: BLE001 - answered exactly as the API answers it (core.answers logs)
            return answers.exception_answer(request, exc)


def lookup_fast_path(lookup: PrivateLookup) -> LookupFastPath:
    """The fast-path handler for ``lookup``'s API operation, to declare in the app's ``fastroutes.py``."""
    return LookupFastPath(lookup)


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
