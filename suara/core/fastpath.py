"""What the fast paths share: the few requests of election season that carry nearly all the traffic
(anonymous real-count reads, cek DPT, a KPPS's submission) are answered right after the security
headers, by the same functions the full stack would call, and then given what the layers they skipped
would have added to the answer."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The visitor's choice from the language switch, else Indonesian (see IndonesianFirstMiddleware)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def as_full_stack_answers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Adds what LocaleMiddleware, CommonMiddleware and XFrameOptionsMiddleware add to every answer."""
    patch_vary_headers(response, ("Accept-Language",))
    response.headers.setdefault("Content-Language", chosen_language(request))
    response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    if not response.streaming:
        response.headers.setdefault("Content-Length", str(len(response.content)))
    return response
