"""The public's page of a comment window (/rekrutmen/tanggapan/<id>/): the posting's candidates with their
names masked (``people.names.mask_name``), the window's dates, and a form to send a comment with a contact,
which only the office sees."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from suara.accounts.api_auth import client_key
from suara.core import clock
from suara.core.errors import DomainError
from suara.officers.bodies import BODY_LABELS, Body
from suara.officers.models import CommentWindow
from suara.officers.selection import selectors, services
from suara.people.names import mask_name


@require_http_methods(["GET", "HEAD", "POST"])
def comment_window(request, window_id: int):
    window = CommentWindow.objects.select_related("election").filter(pk=window_id).first()
    if window is None:
        raise Http404("window")
    error, status = None, 200
    if request.method == "POST":
        officer = request.POST.get("officer", "")
        try:
            services.comment_rate_check(client_key(request))
            services.comment_add(
                window_id=window.pk,
                officer_id=int(officer) if officer.isascii() and officer.isdigit() and len(officer) < 19 else None,
                text=request.POST.get("text", ""),
                contact=request.POST.get("contact", ""),
            )
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("Terima kasih. Tanggapan Anda dicatat dan dibaca oleh KPU."))
            return redirect("officers:comment_window", window.pk)
    today = clock.today()
    context = {
        "window": window,
        "is_open": window.opens_on <= today <= window.closes_on,
        "body_label": BODY_LABELS[Body(window.body)],
        "name": selectors.posting_name(window.posting_code),
        "candidates": [(o.pk, mask_name(o.name)) for o in selectors.window_listed(window)],
        "error": error,
        "form": request.POST if error else {},
    }
    return render(request, "officers/selection/comment_window.html", context, status=status)
