"""The network readiness pages under /petugas/jaringan/: the dashboard of a kab/kota, kecamatan or desa
(TPS by class, open actions, the XLSX export, election night's missing TPS), a TPS's page, the survey page
for the officer's phone, the remediation actions (plan, change, history) and the import of a list (a job).
Sign-in required; a region outside the user's area is refused (403). Views stay thin."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.errors import DomainError, NotFound, PermissionDenied
from suara.core.pages import forbidden
from suara.jobs import services as job_services
from suara.network import export, selectors, services
from suara.network.job_kinds import IMPORT_SIGNAL
from suara.network.rules import (
    KIND_LABELS,
    NIGHT_LABELS,
    READINESS_LABELS,
    READINESS_ORDER,
    REMEDY_LABELS,
    STATUS_LABELS,
    Kind,
    Remedy,
    Status,
    may_move,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FIELD = 2000


def _page(view):
    """A refusal of the area as the 403 page with its code; an unknown code as 404."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, f"{exc.message} [{exc.code}]")
        except NotFound:
            raise Http404("code") from None
        except DomainError as exc:
            if exc.status == 400:
                raise Http404("code") from None
            raise

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _labels() -> dict:
    return {
        "classes": [(r.value, _(READINESS_LABELS[r])) for r in READINESS_ORDER],
        "remedies": [(r.value, _(REMEDY_LABELS[r])) for r in Remedy],
        "statuses": {s.value: _(STATUS_LABELS[s]) for s in Status},
    }


@require_safe
@login_required
def index(request):
    areas = selectors.areas_of(request.user)
    if areas:
        code = areas[0] if len(areas[0]) <= 10 else areas[0][:10]
        return redirect("network:region", code=code)
    if (wide := selectors.first_area_beneath(request.user)) is not None:
        return redirect("network:region", code=wide)
    if selectors.areas_of(request.user, Action.SURVEY_NETWORK):
        return redirect("network:survey")
    return forbidden(request, _("Halaman ini untuk KPU, PPK, PPS, KPPS dan pemerintah daerah (Diskominfo)."))


@require_safe
@login_required
@_page
def region(request, code: str):
    found = selectors.region_open(request.user, code)
    board = selectors.dashboard(found)
    actions = list(selectors.remediations(code, open_only=True)[:50])
    totals = [(value, label, n) for (value, label), n in zip(_labels()["classes"], board.total.cells(), strict=True)]
    context = {
        "region": found, "board": board, "actions": actions, "manages": services.manages(request.user, code),
        "totals": totals,
        "child_is_tps": len(code) == 10, "contests": selectors.contests_for(code), **_labels(),
    }  # fmt: skip
    return render(request, "network/region.html", context)


@require_safe
@login_required
@_page
def region_export(request, code: str):
    board = selectors.dashboard(selectors.region_open(request.user, code))
    response = HttpResponse(export.readiness_xlsx(board), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kesiapan-jaringan-{code}.xlsx"'
    return response


@require_safe
@login_required
@_page
def night(request, code: str):
    found = selectors.region_open(request.user, code)
    contests = selectors.contests_for(code)
    wanted = request.GET.get("kontestasi", "")[:60]
    contest = next((c for c in contests if c.slug == wanted), contests[0] if contests else None)
    missing, counts = selectors.night(found, contest.slug) if contest else ([], {})
    rows = [(m, _(READINESS_LABELS[m.readiness]), _(NIGHT_LABELS[m.night])) for m in missing]
    summary = [(n.value, _(label), counts.get(n, 0)) for n, label in NIGHT_LABELS.items()]
    context = {"region": found, "contests": contests, "contest": contest, "rows": rows, "summary": summary}
    return render(request, "network/night.html", context)


@require_safe
@login_required
@_page
def tps(request, code: str):
    selectors.tps_open(request.user, code, Action.VIEW_READINESS)
    held = selectors.readiness_in(code).get(code)
    readiness = selectors.class_of({code: held} if held else {}, code)
    operators = selectors.operators()
    context = {
        "code": code, "readiness": readiness, "readiness_label": _(READINESS_LABELS[readiness]), "held": held,
        "grades": [(operators[op], int(g)) for op, g in (held.by_operator.items() if held else ())],
        "observations": list(selectors.observations_of(code)),
        "actions": list(selectors.remediations(code)), "manages": services.manages(request.user, code),
        "kinds": {k.value: _(label) for k, label in KIND_LABELS.items()}, **_labels(),
    }  # fmt: skip
    return render(request, "network/tps.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def survey(request):
    """The officer's survey on a phone: the TPS, each operator's signal as the officer sees it; the page's
    script adds the browser's effective connection type, a timed probe and (if allowed) the location."""
    areas = selectors.areas_of(request.user, Action.SURVEY_NETWORK)
    if not areas:
        return forbidden(request, _("Survei sinyal untuk KPPS, PPS dan staf pemerintah daerah."))
    tps_code = (request.POST.get("tps") or request.GET.get("tps") or "")[:13]
    if not tps_code and len(areas[0]) == 13:
        tps_code = areas[0]
    operators = selectors.operators()
    error = ""
    if request.method == "POST":
        readings = [(op, request.POST.get(f"op_{op}", "")) for op in operators if request.POST.get(f"op_{op}")]
        try:
            submission = uuid.UUID(request.POST.get("id", "")) if request.POST.get("id") else None
            outcome = services.survey_record(
                actor=Actor.of(request.user), tps=tps_code, readings=readings, submission=submission,
                effective_type=request.POST.get("jenis_koneksi", "")[:8], probe_ms=_int(request.POST.get("uji_ms")),
                latitude=_float(request.POST.get("lintang")), longitude=_float(request.POST.get("bujur")),
            )  # fmt: skip
        except (DomainError, ValueError) as exc:
            error = f"{exc.message} [{exc.code}]" if isinstance(exc, DomainError) else _("Isian tidak sah.")
        else:
            note = _("Survei tercatat.") if outcome.created else _("Survei ini sudah tercatat sebelumnya.")
            messages.success(request, note)
            return redirect(f"{request.path}?tps={tps_code}")
    context = {
        "tps": tps_code, "operators": operators.items(), "error": error, "submission": uuid.uuid4(),
        "kinds": [(k.value, _(label)) for k, label in KIND_LABELS.items()],
    }  # fmt: skip
    return render(request, "network/survey.html", context, status=400 if error else 200)


def _int(text):
    return int(text) if text not in (None, "") else None


def _float(text):
    return float(text) if text not in (None, "") else None


@require_http_methods(["GET", "POST"])
@login_required
@_page
def action_new(request):
    tps_text = (request.POST.get("tps") or request.GET.get("tps") or "")[: MAX_FIELD * 4]
    codes = tps_text.replace(",", " ").split()
    if not selectors.areas_of(request.user, Action.MANAGE_READINESS):
        return forbidden(request, _("Tindakan direncanakan oleh pemerintah daerah (Diskominfo) dan KPU kab/kota."))
    error = ""
    if request.method == "POST":
        try:
            action = services.remediation_create(
                actor=Actor.of(request.user), tps=codes, remedy=request.POST.get("tindakan", "")[:20],
                owner=request.POST.get("penanggung_jawab", "")[:MAX_FIELD],
                due_on=request.POST.get("tenggat") or None, note=request.POST.get("catatan", "")[:MAX_FIELD],
            )  # fmt: skip
        except PermissionDenied:
            raise
        except DomainError as exc:
            error = f"{exc.message} [{exc.code}]"
        else:
            messages.success(request, _("Tindakan direncanakan."))
            return redirect("network:action", pk=action.pk)
    context = {"tps": " ".join(codes), "error": error, "form": request.POST, **_labels()}
    return render(request, "network/action_new.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@login_required
@_page
def action(request, pk: int):
    found = selectors.remediation_for(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            services.remediation_update(
                actor=Actor.of(request.user), pk=pk, version=_int(request.POST.get("versi")),
                status=request.POST.get("status") or None,
                owner=request.POST.get("penanggung_jawab", "")[:MAX_FIELD] or None,
                due_on=request.POST.get("tenggat") or None, clear_due=not request.POST.get("tenggat"),
                note=request.POST.get("catatan", "")[:MAX_FIELD],
            )  # fmt: skip
        except PermissionDenied:
            raise
        except (DomainError, ValueError) as exc:
            error = f"{exc.message} [{exc.code}]" if isinstance(exc, DomainError) else _("Isian tidak sah.")
        else:
            messages.success(request, _("Tindakan diperbarui."))
            return redirect("network:action", pk=pk)
    labels = _labels()
    moves = [(s, labels["statuses"][s]) for s in Status if may_move(Status(found.status), s)]
    context = {
        "action": found, "error": error, "moves": moves, "manages": services.manages(request.user, found.area_code),
        "remedy_label": _(REMEDY_LABELS[found.remedy]), **labels,
    }  # fmt: skip
    return render(request, "network/action.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@login_required
@_page
def import_start(request):
    areas = selectors.areas_of(request.user, Action.MANAGE_READINESS)
    if not areas:
        return forbidden(request, _("Impor daftar sinyal untuk pemerintah daerah (Diskominfo) dan KPU kab/kota."))
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("berkas")
        try:
            job = job_services.job_start(
                actor=Actor.of(request.user), kind=IMPORT_SIGNAL, scope=request.POST.get("wilayah", "")[:10],
                upload=upload, upload_name=upload.name if upload else "",
            )  # fmt: skip
        except PermissionDenied:
            raise
        except DomainError as exc:
            error = f"{exc.message} [{exc.code}]"
        else:
            return redirect("jobs:job", job_id=job.pk)
    context = {"areas": areas, "error": error, "kinds": [k.value for k in Kind]}
    return render(request, "network/import.html", context, status=400 if error else 200)
