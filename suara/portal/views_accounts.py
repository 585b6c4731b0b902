"""Operator sign-in and the operator's own page. Public information needs no account."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from suara.accounts.api_auth import client_key
from suara.accounts.roles import Role
from suara.core.errors import RateLimited
from suara.core.ratelimit import rate_check
from suara.portal.queries import assignments_for

# Sign-in attempts a minute from one client address: plenty for a person, too few to guess passwords.
LOGIN_ATTEMPTS_PER_MINUTE = 10


class OperatorLoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        try:
            rate_check(f"login:addr:{client_key(request)}", LOGIN_ATTEMPTS_PER_MINUTE)
        except RateLimited as exc:
            context = self.get_context_data(form=self.get_form(), retry_after=exc.retry_after)
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        return super().post(request, *args, **kwargs)


login = OperatorLoginView.as_view()
# Django's LogoutView accepts POST only, so a link or a prefetch cannot sign anyone out.
logout = auth_views.LogoutView.as_view()


# The officers' tasks, by the roles that do them: (URL name, label, roles).
TASKS = (
    ("entry:list", _("Isi hasil TPS (C.Hasil)"), {Role.KPPS}),
    ("entry:corrections", _("Koreksi hasil TPS"), {Role.KPPS, Role.PPK}),
    ("recap:index", _("Rekapitulasi"), {Role.PPK, Role.KPU_KABKOTA, Role.KPU_PROVINSI, Role.KPU_RI}),
    ("dedup:list", _("Pemilih ganda"), {Role.KPU_KABKOTA}),
    (
        "register:index",
        _("Daftar pemilih (DPB)"),
        {Role.PPS, Role.PPK, Role.KPU_KABKOTA, Role.KPU_PROVINSI, Role.KPU_RI},
    ),
)


def tasks_for(roles: set[str]) -> list[dict]:
    """The task links for a user holding ``roles`` (role values, as stored)."""
    return [{"url": reverse(name), "label": label} for name, label, doers in TASKS if doers & roles]


@require_safe
@login_required
def dashboard(request):
    assignments = assignments_for(request.user)
    tasks = tasks_for({a.role for a in assignments})
    return render(request, "portal/dashboard.html", {"assignments": assignments, "tasks": tasks})
