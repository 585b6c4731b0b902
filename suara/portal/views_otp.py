"""Two-factor sign-in pages: the second step after the password, and enrolling an authenticator app.

After a right password, an account that needs a second step (``accounts.two_factor.second_step_needed``)
is not signed in: the session holds only a pending sign-in (the account, the page to go to next, when)
for ``PENDING_SECONDS``. With a confirmed device it goes to the code page; without one (a role that
requires it, first time) to the enrolment page, and nowhere else. Only a right code makes the session.
A wrong code counts as a failed sign-in of the account (django-axes: the same lockout as passwords),
and each device also throttles its own failures.
"""

from __future__ import annotations

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from suara.accounts.models import User
from suara.accounts.signin_limits import lockout_response
from suara.accounts.two_factor import (
    backup_codes_left,
    confirmed_device,
    totp_enrol_confirm,
    totp_enrol_start,
    totp_secret,
    two_factor_required,
    two_factor_verify,
)
from suara.core.errors import DomainError
from suara.portal.pending_sign_in import PENDING_KEY, pending_get, second_step_finish


def _locked(request: HttpRequest, user: User) -> HttpResponse | None:
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    request.session.pop(PENDING_KEY, None)
    return lockout_response(request, None, credentials)


def _count_failure(request: HttpRequest, user: User) -> None:
    """A wrong code is a failed sign-in of the account, for django-axes's lockout."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


@never_cache
@require_http_methods(["GET", "POST"])
def login_otp(request: HttpRequest) -> HttpResponse:
    user, pending = pending_get(request)
    if user is None:
        return redirect("portal:login")
    if confirmed_device(user) is None:
        return redirect("portal:otp_enrol")
    locked = _locked(request, user)
    if locked is not None:
        return locked
    context: dict = {}
    if request.method == "POST":
        device = two_factor_verify(user=user, code=request.POST.get("code", ""))
        if device is not None:
            second_step_finish(request, user, device, pending)
            return redirect(pending["next"])
        _count_failure(request, user)
        context["error"] = True
    return render(request, "portal/otp_verify.html", context, status=400 if context else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Enrolment: during a pending sign-in (an account without a device), or for a signed-in account
    that chooses two-factor sign-in. Shows the QR code and the secret, then confirms a code from the app
    and shows the backup codes once."""
    user, pending = pending_get(request)
    if user is None:
        if not request.user.is_authenticated:
            return redirect("portal:login")
        user, pending = request.user, {}
    if confirmed_device(user) is not None:
        if pending:
            return redirect("portal:login_otp")
        return render(request, "portal/otp_status.html", {"backup_codes_left": backup_codes_left(user)})
    if pending:
        locked = _locked(request, user)
        if locked is not None:
            return locked
    device = totp_enrol_start(user=user)
    context = {"required": two_factor_required(user), "pending": bool(pending)}
    if request.method == "POST":
        try:
            device, codes = totp_enrol_confirm(user=user, code=request.POST.get("code", ""))
        except DomainError as exc:
            if pending:
                _count_failure(request, user)
            context["error"] = exc
        else:
            next_url = pending.get("next") or "/dasbor/"
            if pending:
                second_step_finish(request, user, device, pending)
            return render(request, "portal/otp_backup_codes.html", {"codes": codes, "next_url": next_url})
    qr = segno.make(device.config_url, error="m")
    context |= {
        "secret": totp_secret(device),
        "qr_svg": mark_safe(qr.svg_inline(scale=4, light="#fff", title="QR", omitsize=False)),  # noqa: S308 - segno's own markup
    }
    return render(request, "portal/otp_enrol.html", context, status=400 if "error" in context else 200)
