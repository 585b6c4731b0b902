"""The rumour reports' pages. Public: "Laporkan kabar" (/hoaks/lapor/), the form anyone fills without an
account (rate-limited per client address; the contact travels only in the POST body and the page that
answers it is not cached). Officers', under /petugas/hoaks/laporan/: the inbox of groups, the most reported
first, filtered by status; a group with its reports and their screenshots (served privately), linked to a
clarification, started as one, or dismissed. Thin: the services decide."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from suara.accounts.api_auth import client_key
from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.core.ratelimit import rate_check
from suara.information import selectors, selectors_rumours, services_rumours
from suara.information.models import RumourGroup
from suara.information.screenshots import CONTENT_TYPES, MAX_BYTES, screenshot_path, screenshot_too_large

FIELDS = ("text", "link", "contact")
MAX_BODY = MAX_BYTES + 64 * 1024  # the screenshot and the form's few fields


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def report_rate_check(request) -> None:
    rate_check(f"hoaks-lapor:addr:{client_key(request)}", settings.SUARA_RUMOUR_REPORT_RATE)


def _form_facts() -> dict:
    return {"max_mb": MAX_BYTES // (1024 * 1024), "contact_days": settings.SUARA_RUMOUR_CONTACT_DAYS}


@require_http_methods(["GET", "HEAD", "POST"])
def report_page(request):
    """The form (``?teks=`` fills the text, as the search's "nothing found" link does), and its answer."""
    if request.method != "POST":
        context = {"values": {"text": request.GET.get("teks", "")[:2000]}, **_form_facts()}
        return _no_store(render(request, "information/report.html", context))
    values: dict = {}
    try:
        report_rate_check(request)
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:  # refused before the body is read
            raise screenshot_too_large()
        values = {name: request.POST.get(name, "") for name in FIELDS}
        upload = request.FILES.get("screenshot")
        raw = upload.read(MAX_BYTES + 1) if upload is not None else None
        reported = services_rumours.rumour_report(
            text=values["text"], link=values["link"], screenshot=raw, contact=values["contact"]
        )
    except DomainError as exc:
        context = {"values": values, "error": exc, **_form_facts()}
        return _no_store(render(request, "information/report.html", context, status=exc.status))
    context = {"reported": reported, "contact_kept": bool(reported.report.contact)}
    return _no_store(render(request, "information/reported.html", context, status=201))


# --- officers --------------------------------------------------------------------------------------------


def _inbox_refusal(request):
    return forbidden(request, _("Halaman ini untuk KPU dan Diskominfo."))


@require_safe
@login_required
def inbox_page(request):
    if selectors_rumours.inbox_role(request.user) is None:
        return _inbox_refusal(request)
    status = request.GET.get("status", RumourGroup.Status.OPEN)
    if status not in RumourGroup.Status.values:
        status = RumourGroup.Status.OPEN
    counts = selectors_rumours.status_counts()
    context = {
        "status": status,
        "statuses": [(value, label, counts[value]) for value, label in RumourGroup.Status.choices],
        "groups": list(selectors_rumours.groups(status)[: selectors_rumours.INBOX_LIMIT]),
    }
    return render(request, "information/inbox.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def group_page(request, pk: int):
    if selectors_rumours.inbox_role(request.user) is None:
        return _inbox_refusal(request)
    group = selectors_rumours.group_get(pk)
    if group is None:
        raise Http404("group")
    error = None
    if request.method == "POST":
        actor = Actor.of(request.user)
        try:
            if request.POST.get("action") == "dismiss":
                services_rumours.rumour_dismiss(actor=actor, group_id=group.pk, reason=request.POST.get("reason"))
                messages.success(request, _("Kelompok laporan diabaikan; kontak pelapornya dihapus."))
            else:
                clarification_id = int(request.POST.get("clarification", "0") or 0)
                services_rumours.rumour_link(actor=actor, group_id=group.pk, clarification_id=clarification_id)
                messages.success(request, _("Kelompok laporan ditautkan ke klarifikasi."))
            return redirect("information_officers:rumour_group", pk=group.pk)
        except DomainError as exc:
            error = exc
        except ValueError:
            raise Http404("clarification") from None
        group = selectors_rumours.group_get(pk)
    query = request.GET.get("q", "")[:200].strip()
    context = {
        "group": group,
        "reports": list(selectors_rumours.group_reports(group)),
        "error": error,
        "query": query,
        "found": selectors.search(query, limit=10) if query else [],
        "drafts": list(selectors.drafts_for(selectors.writer_regions(request.user))[:20]),
    }
    return render(request, "information/group.html", context, status=error.status if error else 200)


@require_safe
@login_required
def screenshot(request, pk: int, report: int):
    """A report's screenshot, for the inbox's officers only; never cached."""
    if selectors_rumours.inbox_role(request.user) is None:
        return _inbox_refusal(request)
    found = selectors_rumours.report_screenshot(pk, report)
    path = screenshot_path(*found) if found else None
    if path is None or not path.is_file():
        raise Http404("screenshot")
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[found[1]])
    response["Content-Disposition"] = f'inline; filename="laporan-{report}.{found[1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)
