"""The v1 API's answers as bytes, whichever way a request came in: the NinjaAPI (its exception handlers,
``suara/api.py``) and the middleware fast paths (``core/fastpath.py``) both build their JSON bodies and
error answers here, so the two send the same bytes by construction. Nothing here knows ninja: ninja's own
exceptions are turned into these answers in ``suara/api.py``.

An error is always ``{"code": ..., "message": ...}`` with the HTTP status of its kind (docs/api.md).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse

from suara.core.errors import DomainError, ErrorCode, RateLimited

# Logged under the API's name, as before the answers had a module of their own.
log = logging.getLogger("suara.api")

# What ninja's JSON renderer sends, and encoded as it encodes (its encoder is Django's for every type
# these bodies hold: text, numbers, lists, dicts, None, datetimes).
CONTENT_TYPE = "application/json; charset=utf-8"

# Parts of an input error's location that say where ninja found the input, not what it is.
_LOCATION_SOURCES = frozenset({"body", "query", "path", "header", "payload"})


def json_answer(body: Any, *, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(body, cls=DjangoJSONEncoder), status=status, content_type=CONTENT_TYPE)


def error_answer(status: int, code: str, message: str, **extra: Any) -> HttpResponse:
    return json_answer({"code": code, "message": message, **extra}, status=status)


def domain_error(exc: DomainError) -> HttpResponse:
    response = json_answer(exc.as_dict(), status=exc.status)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="suara"'
    return response


def invalid_input(errors: list[dict]) -> HttpResponse:
    """422 for an input's pydantic errors, each named by its field (the location without ninja's
    ``body``/``payload`` parts) and its problem in Indonesian; never the input itself."""
    fields = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", []) if part not in _LOCATION_SOURCES]
        fields.append({"field": ".".join(loc), "problem": _problem(error)})
    return error_answer(422, ErrorCode.INVALID_INPUT, "Masukan tidak sah.", errors=fields)


def _problem(error: dict) -> str:
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


def unauthenticated() -> HttpResponse:
    response = error_answer(401, ErrorCode.UNAUTHENTICATED, "Endpoint ini memerlukan token API.")
    response["WWW-Authenticate"] = 'Bearer realm="suara"'
    return response


def not_found() -> HttpResponse:
    return error_answer(404, ErrorCode.NOT_FOUND, "Alamat tidak ditemukan.")


_HTTP_MESSAGES = {
    400: (ErrorCode.BAD_REQUEST, "Permintaan tidak dapat dibaca."),
    403: (ErrorCode.FORBIDDEN, "Akses ditolak."),
    429: (ErrorCode.RATE_LIMITED, "Terlalu banyak permintaan."),
}


def http_error(status: int) -> HttpResponse:
    code, message = _HTTP_MESSAGES.get(status, (ErrorCode.HTTP_ERROR, "Permintaan tidak dapat diproses."))
    return error_answer(status, code, message)


def body_too_large() -> HttpResponse:
    """A body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), refused from its Content-Length before
    it is read. The submission endpoints read their own larger bodies themselves (``results.entry``)."""
    return error_answer(413, ErrorCode.PAYLOAD_TOO_LARGE, "Isi permintaan terlalu besar.")


def nested_too_deep() -> HttpResponse:
    """JSON nested deeper than Python's recursion limit (a thousand ``[``) fails in whichever parser reads
    the body first, ninja's or an operation's own: the client's malformed input, answered as any body
    that is not JSON."""
    return error_answer(400, ErrorCode.INVALID_INPUT, "Isi permintaan bukan JSON yang sah.")


def unexpected(request: HttpRequest) -> HttpResponse:
    match = getattr(request, "resolver_match", None)
    log.exception("unexpected API error on %s", match.route if match else "?")
    return error_answer(500, ErrorCode.INTERNAL_ERROR, "Terjadi kesalahan pada server.")


def exception_answer(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The answer to an exception raised while answering: a refusal the client can act on (4xx), else
    500, logged. Looked up along the exception's classes, as ninja looks up its handlers."""
    for kind in type(exc).__mro__:
        if kind in _BY_KIND:
            return _BY_KIND[kind](request, exc)
    raise exc  # not an Exception: a KeyboardInterrupt or SystemExit goes on up


_BY_KIND = {
    DomainError: lambda request, exc: domain_error(exc),
    Http404: lambda request, exc: not_found(),
    RequestDataTooBig: lambda request, exc: body_too_large(),
    RecursionError: lambda request, exc: nested_too_deep(),
    Exception: lambda request, exc: unexpected(request),
}
