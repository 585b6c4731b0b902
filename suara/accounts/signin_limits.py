"""Sign-in lockout on django-axes: failures are counted, per account and per client address; successes
never are.

One address can carry thousands of officers (a mobile carrier's NAT on election night), so the address
limit is far higher than the account limit: ``SUARA_LOGIN_ACCOUNT_FAILURES`` wrong passwords for one
account (from any number of addresses) lock that account, ``SUARA_LOGIN_ADDRESS_FAILURES`` from one
address lock the address, each for ``SUARA_LOGIN_COOLOFF_MINUTES`` after its last counted failure. Axes
compares one number against one limit (``AXES_FAILURE_LIMIT``, the account limit), so
``SharedNetworkHandler.get_failures`` reports the address's failures scaled to that limit. See
docs/security.md for the figures and why.
"""

from __future__ import annotations

import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def client_address(request: HttpRequest) -> str | None:
    """The peer address, as ``accounts.api_auth.client_key`` takes it: a header a client can set (such as
    X-Forwarded-For) is never trusted here; behind a proxy, set REMOTE_ADDR in the proxy-facing server."""
    return request.META.get("REMOTE_ADDR") or None


def attempted_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username a sign-in tried, as axes stores it (AXES_USERNAME_CALLABLE): cut to its column's 255
    characters, since Django's sign-in form does not enforce the username's length before
    ``authenticate`` (no account has a longer name, so nothing is lost)."""
    username = credentials.get("username") if credentials else request.POST.get("username")
    return username[:255] if isinstance(username, str) else None


class SharedNetworkHandler(AxesDatabaseHandler):
    """Axes's database handler with a separate, higher limit for the address than for the account."""

    def failure_counts(self, request: HttpRequest, credentials: dict | None = None) -> tuple[int, int]:
        """(the account's failures, the address's failures) within the cool-off period; AXES_LOCKOUT_PARAMETERS
        is ["username", "ip_address"], in that order."""
        account, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return account, address

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        account, address = self.failure_counts(request, credentials)
        account_limit = settings.AXES_FAILURE_LIMIT
        # An address reaches the account limit exactly when it reaches its own.
        return max(account, address * account_limit // settings.SUARA_LOGIN_ADDRESS_FAILURES)

    def last_failure(self, request: HttpRequest, credentials: dict | None, *, by_account: bool):
        attempts = self.get_user_attempts(request, credentials)[0 if by_account else 1]
        return attempts.aggregate(last=Max("attempt_time"))["last"]


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The sign-in page again, status 429 with Retry-After, saying whether the account or the network is
    locked and for how long (AXES_LOCKOUT_CALLABLE)."""
    handler = SharedNetworkHandler()
    credentials = credentials or {}
    account, _ = handler.failure_counts(request, credentials)
    by_account = account >= settings.AXES_FAILURE_LIMIT
    last = handler.last_failure(request, credentials, by_account=by_account) or timezone.now()
    seconds = max(1, math.ceil((last + get_cool_off(request) - timezone.now()).total_seconds()))
    context = {
        "form": AuthenticationForm(request),
        "lockout": "account" if by_account else "address",
        "lockout_minutes": math.ceil(seconds / 60),
        "next": request.POST.get("next", "") if request.method == "POST" else "",
    }
    response = render(request, "portal/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(seconds)
    return response
