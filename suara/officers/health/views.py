"""The officers' health pages under /petugas/adhoc/kesehatan/: the KPPS chair's phone page (check in for
the TPS, record an incident), the alerts of a PPS, PPK or health officer, the health officer's dashboard
with its daily XLSX/PDF and the ministry's export, a person's health record (every view audited) with
the screening and clearance forms, and the BPJS and facilities imports. Views stay thin: the services
decide and refuse."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from suara.accounts.authz import assignments_of
from suara.accounts.roles import Action, Role
from suara.audit.actors import Actor
from suara.core.errors import DomainError, NotFound
from suara.core.pages import forbidden
from suara.elections.models import Election
from suara.officers.errors import OfficerErrorCode
from suara.officers.health import reports, selectors, services_election_day, services_screening, slots
from suara.officers.health.aggregates import AGE_BAND_LABELS, AGE_BANDS, SYMPTOM_LABELS
from suara.officers.health.risk import CONDITION_LABELS, condition_labels, reason_labels
from suara.officers.models import HealthAlert, Incident, Officer

MAX_UPLOAD = 5 * 1024 * 1024


def _election(request) -> Election | None:
    slug = request.GET.get("pemilu") or request.POST.get("pemilu")
    if slug:
        return Election.objects.filter(slug=slug).first()
    with_officers = Officer.objects.values_list("election_id", flat=True).distinct()
    return Election.objects.filter(pk__in=with_officers).order_by("-voting_day").first()


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def checkin_page(request):
    """The KPPS chair's page, phone-sized: the TPS's slots and who reported, the roster to name who is
    unwell, and an incident."""
    tps_codes = [a.scope for a in assignments_of(request.user) if a.role == Role.KPPS]
    if not tps_codes:
        return forbidden(request, _("Halaman ini untuk ketua KPPS."))
    tps = request.GET.get("tps") or request.POST.get("tps") or tps_codes[0]
    election = _election(request)
    if election is None:
        raise Http404("election")
    status, error = 200, ""
    if request.method == "POST":
        try:
            if request.POST.get("form") == "incident":
                occurred = timezone.now()
                services_election_day.incident_record(
                    actor=Actor.of(request.user), officer_id=_int(request.POST.get("officer")) or 0,
                    kind=request.POST.get("kind", ""), symptom=request.POST.get("symptom", ""), occurred_at=occurred,
                )  # fmt: skip
                messages.success(request, _("Kejadian dicatat."))
            else:
                unwell = [v for v in (_int(x) for x in request.POST.getlist("unwell")) if v is not None]
                outcome = services_election_day.checkin_record(
                    actor=Actor.of(request.user), election=election, tps_code=tps, slot=request.POST.get("slot", ""),
                    all_well=not unwell, unwell=unwell,
                )  # fmt: skip
                messages.success(
                    request, _("Laporan tercatat.") if outcome.created else _("Jadwal ini sudah dilaporkan sebelumnya.")
                )
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            return redirect(f"{request.path}?tps={tps}&pemilu={election.slug}")
    if tps not in tps_codes:
        return forbidden(request, _("Akun Anda tidak bertugas di TPS ini."))
    every = _setting_every()
    done = selectors.checkins_of(election.pk, tps)
    context = {
        "tps": tps,
        "election": election,
        "slots": [(name, slots.slot_label(name), done.get(name)) for name in slots.slot_names(every)],
        "roster": selectors.roster_of(election.pk, tps),
        "kinds": Incident.Kind.choices,
        "symptoms": SYMPTOM_LABELS.items(),
        "error": error,
    }
    return render(request, "officers/health/checkin.html", context, status=status)


def _setting_every() -> int:
    from django.conf import settings

    return settings.SUARA_CHECKIN_COUNTING_HOURS


@require_safe
@login_required
def alert_list(request):
    """The open alerts under the user's scopes (PPS, PPK, health officer, KPU)."""
    election = _election(request)
    alerts = selectors.alerts_for(request.user, election.pk if election else None)
    if not selectors.scopes_for(request.user, Action.VIEW_INTERNAL):
        return forbidden(request)
    rows = [(a, slots.slot_label(a.slot) if a.slot else "") for a in alerts]
    return render(
        request, "officers/health/alerts.html", {"rows": rows, "election": election, "kinds": HealthAlert.Kind}
    )


def _health_region(request) -> str | None:
    scopes = selectors.scopes_for(request.user, Action.VIEW_HEALTH)
    wanted = request.GET.get("wilayah")
    if wanted is not None:
        return wanted if any(wanted.startswith(s) for s in scopes) and wanted.isdigit() else None
    return scopes[0] if scopes else None


@require_safe
@login_required
def dashboard(request):
    region = _health_region(request)
    election = _election(request)
    if region is None:
        return forbidden(request, _("Halaman ini untuk petugas kesehatan dan KPU kabupaten/kota wilayahnya."))
    if election is None:
        raise Http404("election")
    board = selectors.dashboard(region, election)
    context = {
        "board": board,
        "bands": [AGE_BAND_LABELS[b] for b in AGE_BANDS],
        "table": [(body, [counts[b] for b in AGE_BANDS], sum(counts.values())) for body, counts in board.table],
        "band_totals": [board.by_band[b] for b in AGE_BANDS],
        "may_export": any(a.role == Role.HEALTH_OFFICER for a in assignments_of(request.user)),
        "slot_label": slots.slot_label,
    }
    return render(request, "officers/health/dashboard.html", context)


@require_safe
@login_required
def report_download(request, fmt: str):
    region = _health_region(request)
    election = _election(request)
    if region is None:
        return forbidden(request)
    if election is None:
        raise Http404("election")
    board = selectors.dashboard(region, election)
    if fmt == "xlsx":
        body, kind = reports.report_xlsx(board), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, kind = reports.report_pdf(board), "application/pdf"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="laporan-kesehatan-{region}.{fmt}"'
    return response


@require_safe
@login_required
def ministry_export(request):
    election = _election(request)
    region = request.GET.get("wilayah") or next(
        (a.scope for a in assignments_of(request.user) if a.role == Role.HEALTH_OFFICER), None
    )
    if election is None or region is None:
        return forbidden(request, _("Ekspor ini hanya untuk petugas kesehatan wilayahnya."))
    try:
        text = services_election_day.health_export(actor=Actor.of(request.user), region=region, election=election)
    except DomainError:
        return forbidden(request, _("Ekspor ini hanya untuk petugas kesehatan wilayahnya."))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kemenkes-petugas-{region}.csv"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def person(request, officer_id: int):
    """A person's health record: every view audited (who viewed whose). The screening and the doctor's
    clearance are entered here by the region's health officer or the KPU office."""
    error, status = "", 200
    if request.method == "POST":
        try:
            _person_post(request, officer_id)
        except NotFound:
            raise Http404("officer") from None
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            return redirect(request.path)
    try:
        record = services_screening.health_record_view(actor=Actor.of(request.user), officer_id=officer_id)
    except NotFound:
        raise Http404("officer") from None
    screenings = [(s, reason_labels(s.risk_reasons), condition_labels(s.conditions)) for s in record["screenings"]]
    context = {
        **record,
        "screenings": screenings,
        "conditions": [(int(c), label) for c, label in CONDITION_LABELS.items()],
        "today": timezone.localdate().isoformat(),
        "error": error,
    }
    return render(request, "officers/health/person.html", context, status=status)


def _person_post(request, officer_id: int) -> None:
    post = request.POST
    if post.get("form") == "clearance":
        services_screening.clearance_record(
            actor=Actor.of(request.user), officer_id=officer_id, doctor=post.get("doctor", ""),
            cleared_on=_date(post.get("cleared_on"), "cleared_on"),
        )  # fmt: skip
        messages.success(request, _("Izin dokter dicatat."))
        return
    conditions = sum(v for v in (_int(x) for x in post.getlist("conditions")) if v is not None and 0 < v < 16)
    values = {}
    for name in ("systolic", "diastolic", "fasting_glucose", "total_cholesterol"):
        raw = post.get(name, "").strip()
        value = _int(raw)
        if raw and value is None:
            raise DomainError(OfficerErrorCode.SCREENING_BAD_VALUE, _("Nilai harus bilangan bulat."), field=name)
        values[name] = value
    services_screening.screening_record(
        actor=Actor.of(request.user), officer_id=officer_id, screened_on=_date(post.get("screened_on"), "screened_on"),
        conditions=conditions, bpjs_result=post.get("bpjs_result", ""), **values,
    )  # fmt: skip
    messages.success(request, _("Skrining dicatat."))


def _date(raw: str | None, field: str) -> date:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        raise DomainError(OfficerErrorCode.SCREENING_BAD_VALUE, _("Tanggal tidak sah."), field=field) from None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def imports(request):
    """The BPJS screening results and the health facilities, as CSV."""
    if not selectors.scopes_for(request.user, Action.RECORD_HEALTH):
        return forbidden(request, _("Halaman ini untuk petugas kesehatan dan KPU kabupaten/kota."))
    error, status = "", 200
    election = _election(request)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None or upload.size > MAX_UPLOAD:
                raise DomainError(OfficerErrorCode.HEALTH_IMPORT_INVALID, _("Pilih berkas CSV (≤ 5 MB)."), field="file")
            content = upload.read()
            if request.POST.get("kind") == "faskes":
                n = services_election_day.facilities_import(actor=Actor.of(request.user), content=content)
                messages.success(request, _("%(n)d fasilitas kesehatan diimpor.") % {"n": n})
            else:
                if election is None:
                    raise Http404("election")
                outcome = services_screening.screenings_import_bpjs(
                    actor=Actor.of(request.user), election=election, content=content
                )
                messages.success(
                    request,
                    _("%(n)d hasil skrining diimpor, %(h)d risiko tinggi.") % {"n": outcome.rows, "h": outcome.high},
                )
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            return redirect(request.path)
    return render(request, "officers/health/imports.html", {"error": error, "election": election}, status=status)


@require_POST
@login_required
def incident_close(request, incident_id: int):
    try:
        incident = services_election_day.incident_close(actor=Actor.of(request.user), incident_id=incident_id)
    except NotFound:
        raise Http404("incident") from None
    return redirect("officers_adhoc:health_person", officer_id=incident.officer_id)
