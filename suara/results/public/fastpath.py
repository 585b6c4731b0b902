"""The hottest public reads, answered by the fast-path middleware (``core/fastpath.py``; the routes are in
``results/fastroutes.py``): on election night the national recap, its API and the region pages take
nearly all the traffic, and each is a copy of a kept answer.

For a GET with no query string from a visitor with neither a session nor an API token, the handlers
answer

- the recap and TPS reads of the API with the JSON the API's operations send (``public/answers.py``
  builds both), when anonymous API requests are not rate-limited;
- the recap, region and TPS pages with the page kept for anonymous visitors (gzipped for a client that
  takes it), once the full stack has rendered it for this snapshot and language.

Anything else (errors included) goes down the full stack unchanged (None), so every refusal is answered
in one place. The session, authentication, messages and URL resolution that the full stack would run
for these requests change nothing in the answer, which tests check response by response.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from suara.core.errors import DomainError
from suara.core.fastpath import chosen_language
from suara.results.public import answers, selectors
from suara.results.public import views as views_public


def _anonymous_get(request: HttpRequest) -> bool:
    """A GET with no query string, no session cookie and no API token (the route says GET already)."""
    return (
        not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_X_API_KEY" not in request.META
    )


def recap_api(request: HttpRequest, contest: str, code: str = "") -> HttpResponse | None:
    if not _anonymous_get(request) or settings.SUARA_ANONYMOUS_API_RATE > 0:
        return None
    try:
        return answers.recap_response(request, selectors.region_recap(contest, code))
    except DomainError:
        return None


def tps_api(request: HttpRequest, contest: str, code: str) -> HttpResponse | None:
    if not _anonymous_get(request) or settings.SUARA_ANONYMOUS_API_RATE > 0:
        return None
    try:
        return answers.tps_response(request, selectors.tps_recap(contest, code))
    except DomainError:
        return None


def recap_page(request: HttpRequest, contest: str, code: str = "") -> HttpResponse | None:
    return _kept_page(request, lambda language: views_public.kept_recap_page(contest, code, language))


def tps_page(request: HttpRequest, contest: str, code: str) -> HttpResponse | None:
    return _kept_page(request, lambda language: views_public.kept_tps_page(contest, code, language))


def _kept_page(request: HttpRequest, kept) -> HttpResponse | None:
    if not _anonymous_get(request):
        return None
    language = chosen_language(request)
    with translation.override(language):
        try:
            page = kept(language)
        except DomainError:
            return None
        if page is None:  # not rendered yet for this snapshot: the full stack renders and keeps it
            return None
        response = views_public.anonymous_page_response(request, *page)
    # The full stack looks at the (empty) session to learn the visitor is anonymous, so it varies on
    # the cookie (after the language, as the session layer is outside the locale one); so does this.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
