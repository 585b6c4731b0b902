"""The v1 API at /api/v1: one NinjaAPI that mounts each domain's router and turns every failure into
JSON with a stable machine code and an Indonesian message. No input may produce a 500.

Every operation first passes ``api_gate`` (token check and rate limit). Unknown paths and unsupported
methods under /api/v1 answer JSON too. The interactive docs load Swagger UI from django-ninja's own
files, served here, so they work inside a closed network and under the site's strict CSP.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
from datetime import datetime
from pathlib import Path

import ninja
from django.core.exceptions import RequestDataTooBig
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import path, re_path, reverse
from django.utils.html import escape, json_script
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.parser import Parser

from suara.accounts.api import router as accounts_router
from suara.accounts.api_auth import TOKEN_AUTH, api_gate
from suara.accounts.roles import ROLE_LABELS, Role
from suara.core.errors import DomainError, ErrorCode, RateLimited
from suara.core.schemas import ERRORS
from suara.elections.api import router as elections_router
from suara.integrations.api import router as integrations_router
from suara.jobs.api import router as jobs_router
from suara.regions.api import router as regions_router
from suara.results.comparison.api import router as comparison_router
from suara.results.entry.api import router as results_router
from suara.results.public.api import router as public_results_router
from suara.results.recap.api import router as recap_router
from suara.voters.api import router as voters_router
from suara.voters.api_register import router as register_router

log = logging.getLogger(__name__)

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
        return _error(request, 404, ErrorCode.NOT_FOUND, "Alamat tidak ditemukan.")
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
            else:
                pattern.callback = _json_method_not_allowed(pattern.callback)
        return [
            *urls,
            path("docs/assets/<str:name>", _docs_asset, name="docs-asset"),
            re_path(r"^[\s\S]*$", _unknown_path, name="unknown"),  # [\s\S], not ".": a newline too
        ]

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # Public operations accept a token too (it makes the rate limit the token's own): say so.
        optional_token = [{}, {"BearerToken": []}, {"ApiKey": []}]
        for methods in schema["paths"].values():
            for operation in methods.values():
                operation.setdefault("security", optional_token)
        return schema


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


def _error(request: HttpRequest, status: int, code: ErrorCode, message: str, **extra) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


def _json_method_not_allowed(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allow = response.get("Allow", "")
            response = _error(
                request, 405, ErrorCode.METHOD_NOT_ALLOWED, "Metode HTTP ini tidak didukung di alamat ini."
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
    return _error(request, 404, ErrorCode.NOT_FOUND, "Alamat tidak ditemukan.")


_unknown_path.csrf_exempt = True


def _gated(run):
    """Wraps each operation, before its own auth and input parsing, so that bad input counts too. It is
    the outermost wrapper, so whatever the wrappers inside it raise (an operation's own body reader, see
    ``results.api``) is answered by the handlers below too, in JSON, never by Django's HTML error page."""

    @functools.wraps(run)
    def gated(request, *args, **kwargs):
        try:
            api_gate(request)
            return run(request, *args, **kwargs)
        except Exception as exc:
            return api.on_exception(request, exc)

    return gated


api.add_decorator(_gated, mode="view")


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="suara"'
    return response


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    fields = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", []) if part not in ("body", "query", "path", "header", "payload")]
        fields.append({"field": ".".join(loc), "problem": _problem(error)})
    return _error(request, 422, ErrorCode.INVALID_INPUT, "Masukan tidak sah.", errors=fields)


def _problem(error: dict) -> str:
    """The pydantic error in Indonesian where we know it; never the input itself."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "wajib diisi"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "harus bilangan bulat"
    if kind == "greater_than_equal":
        return f"paling kecil {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"paling besar {ctx.get('le')}"
    if kind == "literal_error":
        return f"harus salah satu dari: {ctx.get('expected', '')}"
    return "tidak sah"


@api.exception_handler(AuthenticationError)
def _authentication_error(request, exc):
    response = _error(request, 401, ErrorCode.UNAUTHENTICATED, "Endpoint ini memerlukan token API.")
    response["WWW-Authenticate"] = 'Bearer realm="suara"'
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, ErrorCode.NOT_FOUND, "Alamat tidak ditemukan.")


_HTTP_MESSAGES = {
    400: (ErrorCode.BAD_REQUEST, "Permintaan tidak dapat dibaca."),
    403: (ErrorCode.FORBIDDEN, "Akses ditolak."),
    429: (ErrorCode.RATE_LIMITED, "Terlalu banyak permintaan."),
}


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    code, message = _HTTP_MESSAGES.get(exc.status_code, (ErrorCode.HTTP_ERROR, "Permintaan tidak dapat diproses."))
    return _error(request, exc.status_code, code, message)


@api.exception_handler(RequestDataTooBig)
def _body_too_large(request, exc):
    """A body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), refused from its Content-Length before
    it is read. The submission endpoints read their own larger bodies themselves (``results.api``)."""
    return _error(request, 413, ErrorCode.PAYLOAD_TOO_LARGE, "Isi permintaan terlalu besar.")


@api.exception_handler(RecursionError)
def _nested_too_deep(request, exc):
    """JSON nested deeper than Python's recursion limit (a thousand ``[``) fails in whichever parser reads
    the body first, ninja's or an operation's own (``results.api.load_json_body``): the client's
    malformed input, answered as any body that is not JSON."""
    return _error(request, 400, ErrorCode.INVALID_INPUT, "Isi permintaan bukan JSON yang sah.")


@api.exception_handler(Exception)
def _unexpected(request, exc):
    log.exception("unexpected API error on %s", request.resolver_match.route if request.resolver_match else "?")
    return _error(request, 500, ErrorCode.INTERNAL_ERROR, "Terjadi kesalahan pada server.")


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
api.add_router("", comparison_router)
api.add_router("", recap_router)
api.add_router("", voters_router)
api.add_router("", integrations_router)
api.add_router("", accounts_router)
api.add_router("", register_router)
api.add_router("", jobs_router)
