"""KPU RI's pages for when voter data leaks, under /petugas/berbagi-data/: trace a leaked copy (upload it,
see which extract and agency it came from, and open a breach record from the result), the breach records
with their 3 × 24 hour clock, and one breach with its notices. Thin: the services decide; the file given
to trace is not kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.core.translatable import gettext_noop
from suara.sharing import selectors, services_breaches, services_trace
from suara.sharing.errors import SharingErrorCode
from suara.sharing.notices import breach_notices
from suara.sharing.rules import breach_clock
from suara.sharing.uploads import trace_bytes

ONLY_KPU_RI = gettext_noop("Halaman ini untuk KPU RI.")


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def trace_page(request):
    if not selectors.is_national(request.user):
        return forbidden(request, _(ONLY_KPU_RI))
    result, error = None, None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            raw = trace_bytes(upload)
            if raw is None:
                raise DomainError(SharingErrorCode.TRACE_FILE_EMPTY, "Pilih berkas yang akan ditelusuri.", field="file")
            result = services_trace.leak_trace(actor=Actor.of(request.user), raw=raw)
        except DomainError as exc:
            error = exc
    status = error.status if error else 200
    return _no_store(render(request, "sharing/trace.html", {"result": result, "error": error}, status=status))


def _clock(breach):
    return breach_clock(found_at=breach.found_at, now=timezone.now(), notified_at=breach.notified_at)


def _breach_input(post) -> services_breaches.BreachInput:
    return services_breaches.BreachInput(
        found_at=post.get("found_at", ""),
        description=post.get("description", ""),
        measures=post.get("measures", ""),
        contact=post.get("contact", ""),
        agreements=post.get("agreements", "").replace(",", " ").split(),
        extracts=post.get("extracts", "").replace(",", " ").split(),
        evidence=post.get("evidence", ""),
    )


@require_http_methods(["GET", "POST"])
@login_required
def breach_list(request):
    try:
        breaches = list(selectors.breaches_for(request.user)[:100])
    except DomainError:
        return forbidden(request, _(ONLY_KPU_RI))
    error = None
    if request.method == "POST" and request.POST.get("action") == "create":
        try:
            breach = services_breaches.breach_record(actor=Actor.of(request.user), data=_breach_input(request.POST))
            messages.success(request, _("Insiden dicatat. Jam 3 × 24 jam berjalan sejak insiden diketahui."))
            return redirect("sharing:breach", breach.pk)
        except DomainError as exc:
            error = exc
    # A trace's result prefills the form (its "catat insiden" button posts here without action=create).
    prefill = request.POST if request.method == "POST" else request.GET
    context = {
        "rows": [(b, _clock(b)) for b in breaches],
        "error": error,
        "form": {
            "found_at": prefill.get("found_at") or timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            **{
                name: prefill.get(name, "")
                for name in ("description", "measures", "contact", "agreements", "extracts", "evidence")
            },
        },  # fmt: skip
    }
    return _no_store(render(request, "sharing/breaches.html", context, status=error.status if error else 200))


@require_http_methods(["GET", "POST"])
@login_required
def breach_page(request, pk: int):
    try:
        selectors.breaches_for(request.user)
    except DomainError:
        return forbidden(request, _(ONLY_KPU_RI))
    try:
        breach = selectors.breach_get(pk)
    except DomainError:
        raise Http404 from None
    error = None
    if request.method == "POST":
        try:
            services_breaches.breach_notified(actor=Actor.of(request.user), pk=breach.pk)
            messages.success(request, _("Pemberitahuan dicatat terkirim."))
            return redirect("sharing:breach", breach.pk)
        except DomainError as exc:
            error = exc
    clock = _clock(breach)
    context = {
        "b": breach,
        "clock": clock,
        "deadline_iso": clock.deadline.isoformat(),
        "notices": breach_notices(breach),
        "people": selectors.people_affected(breach),
        "error": error,
    }
    return _no_store(render(request, "sharing/breach.html", context, status=error.status if error else 200))
