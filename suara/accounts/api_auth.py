"""Who is calling the API, and how often they may.

A token travels as ``Authorization: Bearer <token>`` or ``X-API-Key: <token>``. ``api_gate`` runs before
every API operation: a token presented must be valid (401 otherwise, even on public endpoints, so a
client with a revoked key finds out at once), and each request counts against a limit: the token's own
``rate_per_minute``, or, without a token, the anonymous limit per client address.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyHeader, HttpBearer

from suara.accounts.models import ApiToken
from suara.accounts.tokens import token_authenticate
from suara.core.errors import DomainError, ErrorCode
from suara.core.ratelimit import rate_check

_UNSET = object()


class Unauthenticated(DomainError):
    status = 401

    def __init__(self, message: str = "Endpoint ini memerlukan token API."):
        super().__init__(ErrorCode.UNAUTHENTICATED, message)


def presented_token(request: HttpRequest) -> str | None:
    """The token text a request carries, or None. Authorization schemes other than Bearer (a proxy's
    Basic auth in front of a staging server) are not ours and are ignored."""
    scheme, _, value = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    key = request.headers.get("X-API-Key")
    return key.strip() if key is not None else None


def request_token(request: HttpRequest) -> ApiToken | None:
    """The request's valid token, None when it carries none; Unauthenticated when it carries a bad one.
    Resolved once per request."""
    token = getattr(request, "_suara_api_token", _UNSET)
    if token is _UNSET:
        plaintext = presented_token(request)
        token = token_authenticate(plaintext) if plaintext is not None else None
        if plaintext is not None and token is None:
            raise Unauthenticated("Token API tidak sah atau sudah dicabut.")
        request._suara_api_token = token
    return token


def client_key(request: HttpRequest) -> str:
    """The client address, keyed-hashed: the rate table needs to tell clients apart, not to know them.

    REMOTE_ADDR is the peer; behind a reverse proxy that is the proxy, so run the proxy with a per-client
    limit of its own, or set REMOTE_ADDR from X-Forwarded-For in the proxy-facing server.
    """
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def api_gate(request: HttpRequest) -> None:
    """Checks the token (if any) and counts the request; raises Unauthenticated or RateLimited."""
    try:
        token = request_token(request)
    except Unauthenticated:
        # A bad token counts as the address's request, so guessing tokens is rate-limited too.
        _count_address(request)
        raise
    if token is not None:
        rate_check(f"api:token:{token.pk}", token.rate_per_minute)
    else:
        _count_address(request)


def _count_address(request: HttpRequest) -> None:
    rate_check(f"api:addr:{client_key(request)}", settings.SUARA_ANONYMOUS_API_RATE)


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``. Never logs the header (ninja's own class does, in DEBUG)."""

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        return request_token(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return request_token(request)


class ApiKey(APIKeyHeader):
    """``X-API-Key: <token>``, for clients that cannot set Authorization."""

    param_name = "X-API-Key"

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        return request_token(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiToken | None:
        return request_token(request)


# For endpoints that need a token: either header will do.
TOKEN_AUTH = [BearerToken(), ApiKey()]
