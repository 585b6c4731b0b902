"""The integrator's page under /petugas/integrasi/: its integrations, their origins, and the address of
each embeddable page to put in an iframe. Thin: the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from suara.accounts.authz import assignments_of
from suara.accounts.roles import Role
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.integrations import selectors, services
from suara.integrations.embedding import EMBEDDABLE_PAGES
from suara.integrations.errors import IntegrationErrorCode


@login_required
@require_http_methods(["GET", "POST"])
def integrations_page(request):
    if not any(a.role == Role.INTEGRATOR for a in assignments_of(request.user)):
        message = _("Halaman ini untuk akun integrator (aplikasi kota).")
        return forbidden(request, message)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        embed_id = request.POST.get("embed_id", "")
        try:
            if action == "create":
                services.integration_create(actor=Actor.of(request.user), name=request.POST.get("name", ""))
                messages.success(request, _("Integrasi dibuat."))
            elif action == "add_origin":
                origin = request.POST.get("origin", "")
                allowed = services.origin_add(actor=Actor.of(request.user), embed_id=embed_id, origin=origin)
                messages.success(request, _("Origin %(origin)s didaftarkan.") % {"origin": allowed.origin})
            elif action == "remove_origin":
                origin = request.POST.get("origin", "")
                services.origin_remove(actor=Actor.of(request.user), embed_id=embed_id, origin=origin)
                messages.success(request, _("Origin %(origin)s dihapus.") % {"origin": origin})
            else:
                raise DomainError(IntegrationErrorCode.UNKNOWN_ACTION, _("Tindakan tidak dikenal."))
            return redirect("integrations:page")
        except DomainError as exc:
            error = exc
    integrations = [
        {
            "integration": integration,
            "origins": sorted(o.origin for o in integration.origins.all()),
            "pages": [
                (label, request.build_absolute_uri(f"/sematkan/{integration.embed_id}{path}"))
                for path, label in EMBEDDABLE_PAGES
            ],
        }
        for integration in selectors.integrations_of(request.user)
    ]
    context = {"integrations": integrations, "error": error, "posted": request.POST if error else None}
    return render(request, "integrations/page.html", context, status=400 if error else 200)
