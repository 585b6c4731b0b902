"""The feeds and calendars of announcements on the fast path (``core/fastpath.py``; the routes are in
``announcements/fastroutes.py``): what feed readers, calendar apps and a shared cache's revalidations ask
for, again and again, anonymously. Such a request (a GET without a query string, a session or an API token)
is answered by the views' own functions (``views.feed_answer``, ``views.calendar_answer``) before the
session, authentication, CSRF and message layers, which change nothing in these answers; the middleware
adds what the locale, common and frame layers would (``core.fastpath.as_full_stack_answers``). Anything else,
errors included, goes down the full stack (None); ``tests/test_fastpath.py`` holds the two equal, header by
header."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from suara.announcements import views


def _anonymous_get(request: HttpRequest) -> bool:
    return (
        not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_X_API_KEY" not in request.META
    )


def _answered(response: HttpResponse) -> HttpResponse | None:
    if response.status_code not in (200, 304):
        return None
    # The full stack's two-factor check looks at the (empty) session to learn the visitor is anonymous, so
    # its answers vary on the cookie (after the language: the session layer is outside the locale one).
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def rss(request: HttpRequest, word: str, category: str | None = None) -> HttpResponse | None:
    if not _anonymous_get(request):
        return None
    return _answered(views.feed_answer(request, word, category, "rss"))


def atom(request: HttpRequest, word: str, category: str | None = None) -> HttpResponse | None:
    if not _anonymous_get(request):
        return None
    return _answered(views.feed_answer(request, word, category, "atom"))


def calendar(request: HttpRequest, word: str) -> HttpResponse | None:
    if not _anonymous_get(request):
        return None
    return _answered(views.calendar_answer(request, word))
