"""The v1 API at /api/v1: one NinjaAPI that mounts each domain's router and turns every failure into
JSON with a stable machine code and an Indonesian message. No input may produce a 500.

Every operation first passes ``api_gate`` (token check and rate limit). Unknown paths and unsupported
methods under /api/v1 answer JSON too. The interactive docs load Swagger UI from django-ninja's own
files, served here, so they work inside a closed network and under the site's strict CSP.
"""

from __future__ import annotations

import functools
import json
import mimetypes
from datetime import datetime
from pathlib import Path

import ninja
from django.core.exceptions import RequestDataTooBig
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import path, re_path, reverse
from django.utils import translation
from django.utils.html import escape, json_script
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.parser import Parser
from ninja.responses import NinjaJSONEncoder

from suara.accounts.api import router as accounts_router
from suara.accounts.api_auth import TOKEN_AUTH, api_gate
from suara.accounts.roles import ROLE_LABELS, Role
from suara.announcements.api import router as announcements_router
from suara.channels.api import router as channels_router
from suara.core import answers
from suara.core.errors import DomainError, ErrorCode
from suara.core.schemas import ERRORS
from suara.elections.api import router as elections_router
from suara.information.api import router as information_router
from suara.information.api_rumours import router as rumours_router
from suara.integrations.api import router as integrations_router
from suara.jobs.api import router as jobs_router
from suara.network.api import router as network_router
from suara.officers.city.api import router as city_router
from suara.officers.health.api import router as officer_health_router
from suara.officers.recruitment.api import router as recruitment_router
from suara.officers.rosters.api import router as officer_rosters_router
from suara.officers.selection.api import router as officer_selection_router
from suara.parties.api import router as parties_router
from suara.parties.checks.api import router as party_checks_router
from suara.parties.complaints.api import router as party_complaints_router
from suara.parties.lookup.api import router as party_lookup_router
from suara.parties.members.api import router as party_members_router
from suara.parties.verification.api import router as party_verification_router
from suara.parties.watch.api import router as party_watch_router
from suara.quickcount.api import router as quickcount_router
from suara.regions.api import router as regions_router
from suara.results.comparison.api import router as comparison_router
from suara.results.entry.api import router as results_router
from suara.results.public.api import router as public_results_router
from suara.results.recap.api import router as recap_router
from suara.results.receipts.api import router as receipts_router
from suara.results.sms.api import router as sms_router
from suara.sharing.api import router as sharing_router
from suara.sharing.api_partner import router as sharing_partner_router
from suara.voters.cekdpt.api import router as voters_router
from suara.voters.places.api import router as places_router
from suara.voters.register.api import router as register_router

# Swagger UI as django-ninja ships it; only these files are served.
_NINJA_STATIC = Path(ninja.__file__).parent / "static" / "ninja"
_DOCS_ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.svg", "favicon.png"})

_DOCS_PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
<link rel="icon" href="{icon}" type="image/svg+xml">
</head>
<body data-csrf-token="" data-api-csrf="">
{settings}
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{init}"></script>
</body>
</html>
"""


class OfflineSwagger(Swagger):
    """Swagger UI from our own server. Ninja uses its local template only when "ninja" is in
    INSTALLED_APPS and otherwise falls back to a CDN; this page needs neither (ninja's init script reads
    the settings from the JSON block, so no inline script runs)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}

        def asset(name: str) -> str:
            return reverse(f"{api.urls_namespace}:docs-asset", args=[name])

        page = _DOCS_PAGE.format(
            title=escape(api.title),
            css=asset("swagger-ui.css"),
            icon=asset("favicon.svg"),
            settings=json_script(settings, "swagger-settings"),
            bundle=asset("swagger-ui-bundle.js"),
            init=asset("swagger-ui-init.js"),
        )
        return HttpResponse(page)


def _docs_asset(request: HttpRequest, name: str) -> HttpResponse:
    if name not in _DOCS_ASSETS:
        return answers.not_found()
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((_NINJA_STATIC / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


class JsonOnce(Parser):
    """Ninja's JSON parser, except that a body some check already parsed (a submission's, with its photos
    in base64: megabytes) is not parsed a second time."""

    def parse_body(self, request: HttpRequest):
        parsed = getattr(request, "suara_json", None)
        return parsed if parsed is not None else super().parse_body(request)


class SuaraAPI(NinjaAPI):
    """NinjaAPI whose URLs end with the docs assets and a JSON 404 for any other path, and whose
    405 answers are JSON too."""

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            if pattern.name == "api-root":
                # Ninja's root view raises a bare Http404 (an HTML page); the name must stay for reverse().
                pattern.callback = _unknown_path
            elif pattern.name == "openapi-json":
                pattern.callback = self._openapi_json
            else:
                pattern.callback = _json_method_not_allowed(pattern.callback)
        return [
            *urls,
            path("docs/assets/<str:name>", _docs_asset, name="docs-asset"),
            re_path(r"^[\s\S]*$", _unknown_path, name="unknown"),  # [\s\S], not ".": a newline too
        ]

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """A fresh copy of the cached document (callers may change theirs)."""
        return json.loads(self.openapi_document(path_prefix=path_prefix, path_params=path_params))

    def openapi_document(self, *, path_prefix=None, path_params=None) -> bytes:
        """The OpenAPI document as JSON, built once per prefix and language in a process: building it
        takes about a second of CPU, which an anonymous GET must not be able to ask for again and again."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language() or "")
        document = _openapi_documents.get(key)
        if document is None:
            schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            # Public operations accept a token too (it makes the rate limit the token's own): say so.
            optional_token = [{}, {"BearerToken": []}, {"ApiKey": []}]
            for methods in schema["paths"].values():
                for operation in methods.values():
                    operation.setdefault("security", optional_token)
            document = _openapi_documents[key] = json.dumps(schema, cls=NinjaJSONEncoder).encode()
        return document

    def _openapi_json(self, request: HttpRequest, **path_params) -> HttpResponse:
        return HttpResponse(self.openapi_document(path_params=path_params), content_type="application/json")


# Not in core.caches' registry, which the tests empty between tests: it holds no row of any database,
# only the code's routes and schemas (a few seconds to build in a test process, once per worker).
_openapi_documents: dict[tuple[str, str], bytes] = {}


api = SuaraAPI(
    title="Suara API",
    version="1",
    description=(
        "Informasi pemilu Indonesia: wilayah dan TPS (kode KPU), pemilu, tahapan. "
        'Galat selalu berbentuk JSON: `{"code": ..., "message": ...}`. '
        "Endpoint publik tidak memerlukan token; dengan token (`Authorization: Bearer <token>` atau "
        "`X-API-Key`), batas permintaan per menit mengikuti token tersebut. Melewati batas: 429 dengan "
        "header `Retry-After`."
    ),
    urls_namespace="api-v1",
    parser=JsonOnce(),
    docs=OfflineSwagger(settings={"validatorUrl": None}),  # no badge fetched from swagger.io
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _json_method_not_allowed(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allow = response.get("Allow", "")
            response = answers.error_answer(
                405, ErrorCode.METHOD_NOT_ALLOWED, "Metode HTTP ini tidak didukung di alamat ini."
            )
            if allow:
                response["Allow"] = allow
        return response

    return wrapped


def _unknown_path(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    # Counted like any request, so probing for paths is rate-limited too.
    try:
        api_gate(request)
    except Exception as exc:
        return api.on_exception(request, exc)
    return answers.not_found()


_unknown_path.csrf_exempt = True


def _gated(run):
    """Wraps each operation, before its own auth and input parsing, so that bad input counts too. It is
    the outermost wrapper, so whatever the wrappers inside it raise (an operation's own body reader, see
    ``results.entry.api``) is answered by the handlers below too, in JSON, never by Django's HTML error page."""

    @functools.wraps(run)
    def gated(request, *args, **kwargs):
        try:
            api_gate(request)
            return run(request, *args, **kwargs)
        except Exception as exc:
            return api.on_exception(request, exc)

    return gated


api.add_decorator(_gated, mode="view")


# Every failure answered by core.answers, which the fast paths answer with too; ninja's own exceptions
# (input errors, a missing token, an HttpError) are translated here, as only ninja raises them.
for _kind in (DomainError, Http404, RequestDataTooBig, RecursionError, Exception):
    api.add_exception_handler(_kind, answers.exception_answer)
api.add_exception_handler(NinjaValidationError, lambda request, exc: answers.invalid_input(exc.errors))
api.add_exception_handler(AuthenticationError, lambda request, exc: answers.unauthenticated())
api.add_exception_handler(HttpError, lambda request, exc: answers.http_error(exc.status_code))


class RoleOut(Schema):
    role: str
    label: str
    scope: str | None


class TokenOut(Schema):
    name: str
    prefix: str
    rate_per_minute: int
    created_at: datetime
    last_used_at: datetime | None


class MeOut(Schema):
    username: str
    token: TokenOut
    roles: list[RoleOut]


@api.get("/me", auth=TOKEN_AUTH, response={200: MeOut, **ERRORS}, tags=["akun"], summary="Pemilik token ini")
def me(request):
    token = request.auth
    assignments = token.user.assignments.order_by("role", "scope")
    return {
        "username": token.user.username,
        "token": token,
        "roles": [{"role": a.role, "label": ROLE_LABELS[Role(a.role)], "scope": a.scope or None} for a in assignments],
    }


api.add_router("", regions_router)
api.add_router("", elections_router)
api.add_router("", results_router)
api.add_router("", public_results_router)
api.add_router("", receipts_router)
api.add_router("", comparison_router)
api.add_router("", recap_router)
api.add_router("", sms_router)
api.add_router("", voters_router)
api.add_router("", places_router)
api.add_router("", integrations_router)
api.add_router("", information_router)
api.add_router("", announcements_router)
api.add_router("", rumours_router)
api.add_router("", channels_router)
api.add_router("", parties_router)
api.add_router("", party_verification_router)
api.add_router("", party_lookup_router)
api.add_router("", party_complaints_router)
api.add_router("", party_checks_router)
api.add_router("", party_members_router)
api.add_router("", party_watch_router)
api.add_router("", recruitment_router)
api.add_router("", officer_health_router)
api.add_router("", accounts_router)
api.add_router("", register_router)
api.add_router("", jobs_router)
api.add_router("", network_router)
api.add_router("", officer_selection_router)
api.add_router("", officer_rosters_router)
api.add_router("", city_router)
api.add_router("", quickcount_router)
api.add_router("", sharing_router)
api.add_router("", sharing_partner_router)
