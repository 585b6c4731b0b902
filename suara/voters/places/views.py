"""The PPS page under /petugas/lokasi-tps/: record one TPS's place, or upload a CSV of many. Thin: the
services decide and their refusals come back onto the form (a CSV's refused lines listed with their codes).
For the roles that hold SET_TPS_LOCATION (PPS, PPK, KPU)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from suara.accounts.authz import assignments_of
from suara.accounts.roles import ALLOWED, Action
from suara.audit.actors import Actor
from suara.core.errors import DomainError, ErrorCode
from suara.core.pages import forbidden
from suara.voters.places import selectors, services
from suara.voters.places.forms import ImportForm, PlaceForm
from suara.voters.places.rules import CSV_COLUMNS, CSV_MAX_BYTES, FLAGS


def _show(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    if not any(a.role in ALLOWED[Action.SET_TPS_LOCATION] for a in assignments_of(request.user)):
        return forbidden(request, _("Halaman ini untuk PPS, PPK dan KPU."))
    which = request.POST.get("form") if request.method == "POST" else None
    tps_code = request.GET.get("tps", "")[:13]
    current = selectors.place_of(tps_code) if len(tps_code) == 13 and tps_code.isdigit() else None
    initial = {"tps_code": tps_code}
    if current is not None:  # editing: the recorded place, to correct
        initial |= {"address": current.address, "latitude": current.latitude, "longitude": current.longitude}
        initial |= current.flags
    place_form = PlaceForm(request.POST if which == "place" else None, initial=initial)
    import_form = ImportForm(request.POST if which == "import" else None, request.FILES if which == "import" else None)
    status, problems = 200, []
    if which == "place":
        status = 400
        if place_form.is_valid():
            data = place_form.cleaned_data
            try:
                services.tps_location_set(
                    actor=Actor.of(request.user),
                    tps_code=data["tps_code"],
                    address=data["address"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    **{flag: data[flag] for flag in FLAGS},
                )
            except DomainError as exc:
                _show(place_form, exc)
                status = exc.status
            else:
                messages.success(request, _("Lokasi TPS %(code)s tersimpan.") % {"code": data["tps_code"]})
                return redirect("places:index")
    elif which == "import":
        status = 400
        if import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            try:
                if upload.size > CSV_MAX_BYTES:
                    raise DomainError(
                        ErrorCode.PAYLOAD_TOO_LARGE, _("Berkas lebih dari 4 MB."), field="file", status=413
                    )
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                import_form.add_error("file", _("Berkas harus CSV berenkode UTF-8."))
            except DomainError as exc:
                _show(import_form, exc)
                status = exc.status
            else:
                try:
                    result = services.tps_locations_import(
                        actor=Actor.of(request.user), scope=import_form.cleaned_data["scope"], text=text
                    )
                except DomainError as exc:
                    _show(import_form, exc)
                    problems = exc.details or []
                    status = exc.status
                else:
                    messages.success(request, _("Lokasi %(count)d TPS tersimpan.") % {"count": result.saved})
                    return redirect("places:index")
    context = {
        "place_form": place_form,
        "import_form": import_form,
        "problems": problems,
        "columns": ",".join(CSV_COLUMNS),
        "place": current,
    }
    return render(request, "voters/places/index.html", context, status=status)
