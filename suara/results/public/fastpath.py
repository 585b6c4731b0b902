"""The hottest public reads answered before most of the middleware stack: on election night the national
recap, its API and the region pages take nearly all the traffic, and each is a copy of a kept answer.

``PublicReadsMiddleware`` sits right after the security headers (SecurityMiddleware and the CSP). For a
GET with no query string from a visitor with neither a session nor an API token, it answers

- ``/api/v1/contests/<c>/recap[/<code>]`` and ``/api/v1/contests/<c>/tps/<code>`` with the JSON the API
  view would send (the same function builds both), when anonymous API requests are not rate-limited;
- ``/hasil/<c>/``, ``/hasil/<c>/wilayah/<code>/`` and ``/hasil/<c>/tps/<code>/`` with the page kept for
  anonymous visitors (gzipped for a client that takes it), once the full stack has rendered it for this
  snapshot and language.

Anything else (errors included) goes down the full stack unchanged, so every refusal is answered in
one place. The session, authentication, messages and URL resolution that the full stack would run for
these requests change nothing in the answer, which tests check response by response.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from suara.core.errors import DomainError
from suara.core.fastpath import as_full_stack_answers, chosen_language
from suara.results.public import selectors

_API = re.compile(r"/api/v1/contests/([^/]+)/(?:recap(?:/([^/]+))?|tps/([^/]+))")
_PAGE = re.compile(r"/hasil/([-a-zA-Z0-9_]+)/(?:wilayah/([^/.]+)/|tps/([^/]+)/)?")


class PublicReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = None
        if request.method == "GET" and not request.META.get("QUERY_STRING") and self._anonymous(request):
            path = request.path_info
            if path.startswith("/api/v1/contests/"):
                response = self._api(request, path)
            elif path.startswith("/hasil/"):
                response = self._page(request, path)
        if response is None:
            return self.get_response(request)
        return as_full_stack_answers(request, response)

    @staticmethod
    def _anonymous(request: HttpRequest) -> bool:
        return (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and "HTTP_X_API_KEY" not in request.META
        )

    def _api(self, request: HttpRequest, path: str) -> HttpResponse | None:
        match = _API.fullmatch(path)
        if match is None or settings.SUARA_ANONYMOUS_API_RATE > 0:
            return None
        from suara.results.public import api  # the API module imports the whole NinjaAPI; load it lazily

        contest, code, tps = match.groups()
        try:
            if tps is not None:
                return api.tps_response(request, selectors.tps_recap(contest, tps))
            return api.recap_response(request, selectors.region_recap(contest, code or ""))
        except DomainError:
            return None

    def _page(self, request: HttpRequest, path: str) -> HttpResponse | None:
        match = _PAGE.fullmatch(path)
        if match is None:
            return None
        from suara.results.public import views as views_public

        contest, code, tps = match.groups()
        language = chosen_language(request)
        with translation.override(language):
            try:
                if tps is not None:
                    page = views_public.kept_tps_page(contest, tps, language)
                else:
                    page = views_public.kept_recap_page(contest, code or "", language)
            except DomainError:
                return None
            if page is None:  # not rendered yet for this snapshot: the full stack renders and keeps it
                return None
            response = views_public.anonymous_page_response(request, *page)
        # The full stack looks at the (empty) session to learn the visitor is anonymous, so it varies on
        # the cookie (after the language, as the session layer is outside the locale one); so does this.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
