"""A signed-in session whose account has since gained a role that needs two-factor sign-in (say, a KPPS
made PPS while signed in) is not let through on its old password-only sign-in: it is signed out and
sent through the second step, back to the page it asked for. Without this the new role would act
without a second factor until the next sign-in."""

from __future__ import annotations

from django.contrib.auth import logout
from django_otp import DEVICE_ID_SESSION_KEY

from suara.accounts.authz import assignments_of
from suara.accounts.two_factor import TWO_FACTOR_ROLES
from suara.portal.pending_sign_in import second_step_begin


def needs_second_step_now(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if request.session.get(DEVICE_ID_SESSION_KEY):
        return False  # this sign-in passed the second step
    return any(a.role in TWO_FACTOR_ROLES for a in assignments_of(user))


class TwoFactorSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The API authenticates each request by its token, not the session.
        if not request.path_info.startswith("/api/") and needs_second_step_now(request):
            user, backend = request.user, request.session.get("_auth_user_backend", "")
            logout(request)
            user.backend = backend or "django.contrib.auth.backends.ModelBackend"
            return second_step_begin(request, user, request.get_full_path())
        return self.get_response(request)
