"""The quick count's pages. For an organisation's operator, under /petugas/hitung-cepat/: its quick counts,
a new design, the draw, enumerator accounts and the live dashboard. For an enumerator: its sampled TPS and
the entry of their numbers. In public, under /hitung-cepat/: each quick count from 15:00 WIB on voting day
with the disclaimer, and the registry of survey institutions with the scoreboard. Views stay thin."""

from __future__ import annotations

import csv
import json
import math
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from suara.audit.actors import Actor
from suara.core import clock
from suara.core.errors import DomainError, ErrorCode, NotFound
from suara.core.pages import forbidden
from suara.quickcount import embargo, history, selectors, services
from suara.quickcount.charts import estimates_chart
from suara.quickcount.models import QuickCount

MAX_NUMBER_CHARS = 12


def _run(request, quick_count_id: int) -> QuickCount:
    try:
        qc = selectors.quick_count_get(quick_count_id)
    except NotFound:
        raise Http404("quick count") from None
    if not selectors.may_run(request.user, qc):
        raise Http404("quick count")  # another organisation's: not even its existence
    return qc


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    """The operator's quick counts and the form for a new one."""
    organisations = selectors.organisations_run_by(request.user)
    if not organisations:
        return forbidden(request, _("Halaman ini untuk operator organisasi penyelenggara hitung cepat."))
    error = None
    if request.method == "POST":
        try:
            qc = services.quickcount_create(
                actor=Actor.of(request.user),
                organisation=request.POST.get("organisation", "")[:32],
                contest=request.POST.get("contest", "")[:60],
                name=request.POST.get("name", "")[:200],
                margin=_number(request.POST.get("margin", "1"), "margin") / 100,
                allocation=request.POST.get("allocation", "proporsional")[:12],
                sample_size=_optional_int(request.POST.get("sample_size", "")),
                reserve_rate=_number(request.POST.get("reserve", "10"), "reserve_rate") / 100,
            )
        except DomainError as exc:
            error = f"{exc.message} [{exc.code}]"
        else:
            messages.success(request, _("Desain hitung cepat tersimpan. Tarik sampelnya bila sudah siap."))
            return redirect("quickcount_officers:detail", qc.pk)
    return render(
        request,
        "quickcount/index.html",
        {
            "organisations": organisations,
            "quick_counts": selectors.quick_counts_of(request.user),
            "contests": selectors.contests(),
            "error": error,
            "typed": request.POST,
        },
        status=400 if error else 200,
    )


def _number(text: str, field: str) -> float:
    message = _("Isian %(field)s harus angka.") % {"field": field}
    try:
        value = float(str(text).replace(",", ".")[:MAX_NUMBER_CHARS])
    except ValueError:
        raise DomainError(ErrorCode.INVALID_INPUT, message, field=field) from None
    if not math.isfinite(value):
        raise DomainError(ErrorCode.INVALID_INPUT, message, field=field)
    return value


def _optional_int(text: str) -> int | None:
    text = str(text).strip()[:MAX_NUMBER_CHARS]
    if not text:
        return None
    if not text.isdigit():
        raise DomainError(ErrorCode.INVALID_INPUT, _("Jumlah TPS sampel harus bilangan bulat."), field="sample_size")
    return int(text)


@login_required
@require_safe
def detail(request, quick_count_id: int):
    """The dashboard: TPS in of sampled, the estimates with both intervals, turnout, the leader's chance,
    the estimates over time and the arrival by province."""
    qc = _run(request, quick_count_id)
    try:
        result = selectors.estimate_of(qc)
    except Exception as exc:  # noqa: BLE001 - a pure-package refusal shows as a warning, never a 500
        result, warning = None, str(exc)
    else:
        warning = ""
    body = selectors.estimate_body(qc, result)
    snapshots = selectors.timeline(qc)
    return render(
        request,
        "quickcount/detail.html",
        {
            "qc": qc,
            "body": body,
            "warning": warning,
            "arrivals": selectors.arrivals(qc),
            "chart": estimates_chart(snapshots, body["candidates"]),
            "opens": embargo.published_from(qc.contest.election.voting_day),
            "strata": sorted(qc.strata.items()),
        },
    )


@login_required
@require_POST
def draw(request, quick_count_id: int):
    qc = _run(request, quick_count_id)
    try:
        services.quickcount_draw(actor=Actor.of(request.user), quick_count_id=qc.pk)
    except DomainError as exc:
        messages.error(request, f"{exc.message} [{exc.code}]")
    else:
        messages.success(request, _("Sampel ditarik. Seed dan digest kerangka tercatat dan diumumkan bersama hasil."))
    return redirect("quickcount_officers:detail", qc.pk)


@login_required
@require_POST
def enumerators(request, quick_count_id: int):
    """Makes the enumerator accounts and shows their activation codes once."""
    qc = _run(request, quick_count_id)
    try:
        issued = services.enumerators_create(actor=Actor.of(request.user), quick_count_id=qc.pk)
    except DomainError as exc:
        messages.error(request, f"{exc.message} [{exc.code}]")
        return redirect("quickcount_officers:detail", qc.pk)
    response = render(request, "quickcount/enumerators.html", {"qc": qc, "issued": issued})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def frame_csv(request, quick_count_id: int):
    """The frame's export (kode_tps, strata, dpt) for ``tools/redraw_quickcount.py``."""
    qc = _run(request, quick_count_id)
    return _frame_response(qc)


def _frame_response(qc: QuickCount) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kerangka-hitung-cepat-{qc.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["kode_tps", "strata", "dpt"])
    for tps in selectors.frame_of(qc.contest).tps:
        writer.writerow([tps.code, tps.stratum, "" if tps.registered is None else tps.registered])
    return response


def _design_response(qc: QuickCount) -> HttpResponse:
    body = {
        "algorithm": qc.algorithm,
        "seed": qc.seed,
        "frame_digest": qc.frame_digest,
        "strata": {k: {"sample": v["sample"], "reserve": v["reserve"]} for k, v in sorted(qc.strata.items())},
    }
    response = HttpResponse(json.dumps(body, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="desain-hitung-cepat-{qc.pk}.json"'
    return response


@login_required
@require_safe
def design_json(request, quick_count_id: int):
    return _design_response(_run(request, quick_count_id))


@login_required
@require_http_methods(["GET", "POST"])
def report(request):
    """An enumerator's sampled TPS and, for one of them, the entry of its numbers."""
    assignments = selectors.enumerator_assignments(request.user)
    if not assignments:
        return forbidden(request, _("Halaman ini untuk enumerator hitung cepat."))
    chosen = next((a for a in assignments if a.pk == _optional_int(request.GET.get("tps", "") or "0")), None)
    error, problems = None, []
    if request.method == "POST":
        chosen = next((a for a in assignments if str(a.pk) == request.POST.get("assignment", "")), None)
        if chosen is None:
            raise Http404("assignment")
        try:
            tally = _tally_from(request.POST, selectors.candidates_of(chosen.quick_count))
            services.report_submit(
                actor=Actor.of(request.user),
                quick_count_id=chosen.quick_count_id,
                tps=chosen.tps_code,
                tally=tally,
                submission_id=request.POST.get("submission_id", "")[:64] or uuid.uuid4().hex,
            )
        except DomainError as exc:
            error = f"{exc.message} [{exc.code}]"
            problems = exc.details if isinstance(exc.details, list) else []
        else:
            messages.success(request, _("Laporan TPS %(tps)s terkirim.") % {"tps": chosen.tps_code})
            return redirect("quickcount_officers:report")
    reported = selectors.reported_codes(assignments)
    return render(
        request,
        "quickcount/report.html",
        {
            "assignments": assignments,
            "chosen": chosen,
            "reported": reported,
            "error": error,
            "problems": problems,
            "candidates": selectors.candidates_of(chosen.quick_count) if chosen else [],
            "typed": request.POST,
            "submission_id": uuid.uuid4().hex,
        },
        status=400 if error else 200,
    )


def _tally_from(post, candidates) -> dict:
    tally = {}
    fields = [(f"votes.{n}", f"votes_{n}") for n, _name in candidates]
    fields += [("valid", "valid"), ("invalid", "invalid"), ("total", "total")]
    for key, name in fields:
        text = post.get(name, "").strip()[:MAX_NUMBER_CHARS]
        if not text.isdigit():
            raise DomainError(ErrorCode.INVALID_INPUT, _("Setiap isian harus bilangan bulat 0 atau lebih."), field=name)
        tally[key] = int(text)
    return tally


@require_safe
def public_index(request):
    return render(
        request, "quickcount/public_index.html", {"quick_counts": selectors.public_quick_counts(), "now": clock.now()}
    )


@require_safe
def public_detail(request, quick_count_id: int):
    """Closed (with when it opens) before 15:00 WIB on voting day; then the estimates with the disclaimer."""
    try:
        qc = selectors.quick_count_get(quick_count_id)
    except NotFound:
        raise Http404("quick count") from None
    if qc.status != QuickCount.Status.DRAWN:
        raise Http404("quick count")
    opens = embargo.published_from(qc.contest.election.voting_day)
    if not embargo.may_publish(clock.now(), qc.contest.election.voting_day):
        return render(request, "quickcount/public_closed.html", {"qc": qc, "opens": opens})
    body = selectors.estimate_body(qc, selectors.estimate_of(qc))
    return render(
        request,
        "quickcount/public_detail.html",
        {"qc": qc, "body": body, "chart": estimates_chart(selectors.timeline(qc), body["candidates"])},
    )


@require_safe
def public_design(request, quick_count_id: int):
    try:
        qc = selectors.quick_count_get(quick_count_id)
    except NotFound:
        raise Http404("quick count") from None
    if qc.status != QuickCount.Status.DRAWN or not embargo.may_publish(clock.now(), qc.contest.election.voting_day):
        raise Http404("quick count")
    return _design_response(qc) if request.GET.get("berkas") != "kerangka" else _frame_response(qc)


@require_safe
def institutions(request):
    return render(
        request,
        "quickcount/institutions.html",
        {"registered": selectors.institutions(), "elections": history.elections(), "live": selectors.live_scoreboard()},
    )
