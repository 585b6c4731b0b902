"""The sign-in a session holds between a right password and its second step: the account, the page to go
to next and when, for ``PENDING_SECONDS``; the sign-in page starts it, the second step's pages finish it."""

from __future__ import annotations

import time

from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import login as otp_login

from suara.accounts.models import User
from suara.accounts.two_factor import confirmed_device

PENDING_KEY = "suara_two_factor_pending"
PENDING_SECONDS = 600


def second_step_begin(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Holds a sign-in whose password was right until its second step (called by the sign-in view)."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "next": next_url, "at": int(time.time())}
    return redirect("portal:login_otp" if confirmed_device(user) else "portal:otp_enrol")


def pending_get(request: HttpRequest) -> tuple[User | None, dict]:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, {}
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def second_step_finish(request: HttpRequest, user: User, device, pending: dict) -> None:
    request.session.pop(PENDING_KEY, None)
    auth_login(request, user, backend=pending["backend"])
    otp_login(request, device)
