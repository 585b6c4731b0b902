"""Cross-origin API calls from registered city apps (django-cors-headers decides the headers; this says
which origins). Only the API: pages are never readable cross-origin, they are framed instead
(``embedding``)."""

from __future__ import annotations

from suara.integrations.selectors import cors_origin_allowed

API_PREFIX = "/api/v1/"


def cors_origin_registered(sender, request, **kwargs) -> bool:
    # Called for every request without a matching CORS_URLS_REGEX too: it must stay this cheap.
    origin = request.headers.get("origin")
    if not origin or not request.path_info.startswith(API_PREFIX):
        return False
    return cors_origin_allowed(origin)
