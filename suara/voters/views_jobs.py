"""The operators' jobs under /petugas/pemilih/tugas/: start a voter import (upload), a delta import,
duplicate detection, a TPS allocation or the DPB report; follow it on its page (a progress bar that
``voters/job.js`` refreshes from the status URL, or a meta refresh without scripts); download its result.
The service (``voters.jobs``) decides who may start, see and download what."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.voters import jobs
from suara.voters.forms import JOB_FORMS, show_refusal
from suara.voters.job_runners import current_progress
from suara.voters.models import VoterJob
from suara.voters.operator_pages import NOT_OPERATOR, refused
from suara.voters.register import register_roles

Kind = VoterJob.Kind
# What a finished job's counts are called on its page (the summary's keys are the runners').
SUMMARY_LABELS = {
    "batch": gettext_lazy("Batch"),
    "rows": gettext_lazy("Baris dibaca"),
    "added": gettext_lazy("Ditambahkan"),
    "changed": gettext_lazy("Diubah"),
    "unchanged": gettext_lazy("Tetap"),
    "missing": gettext_lazy("Tidak ada lagi dalam ekstrak (perlu verifikasi)"),
    "rejected": gettext_lazy("Ditolak"),
    "records": gettext_lazy("Pemilih aktif dibandingkan"),
    "focus": gettext_lazy("Pemilih wilayah ini yang diperiksa"),
    "model": gettext_lazy("Model"),
    "proposed": gettext_lazy("Pasangan diusulkan"),
    "new": gettext_lazy("Pasangan baru"),
    "decided": gettext_lazy("Sudah diputuskan (dilewati)"),
    "desa": gettext_lazy("Desa"),
    "refused": gettext_lazy("Desa tidak diubah"),
    "voters": gettext_lazy("Pemilih"),
    "tps_used": gettext_lazy("TPS terpakai"),
    "moved": gettext_lazy("Pemilih dipindah"),
    "placed": gettext_lazy("Pemilih baru ditempatkan"),
    "dry_run": gettext_lazy("Uji coba (tidak disimpan)"),
    "active": gettext_lazy("Pemilih aktif"),
    "changes": gettext_lazy("Perubahan dalam periode"),
}


def _forms(default_region: str, posted: str = "", data=None, files=None) -> dict:
    made = {}
    for kind, form_class in JOB_FORMS.items():
        bound = kind == posted
        made[kind] = form_class(
            data if bound else None,
            files if bound else None,
            prefix=kind,
            initial={"kind": kind, "region": default_region},
        )
    return made


def _default_region(user) -> str:
    scopes = sorted((scope for _role, scope in register_roles(user)), key=len)
    return scopes[0] if scopes else ""


def _params(kind: str, data: dict) -> dict:
    if kind == Kind.ALLOCATE:
        return {"max_per_tps": data["max_per_tps"], "dry_run": data["dry_run"], "fresh": data["fresh"]}
    if kind == Kind.REPORT_DPB:
        return {"format": data["format"], "start": data["start"], "end": data["end"]}
    return {}


def _declared_length(request) -> int:
    value = request.META.get("CONTENT_LENGTH") or "0"
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def job_list(request):
    if not register_roles(request.user):
        return forbidden(request, NOT_OPERATOR)
    region = _default_region(request.user)
    if request.method == "POST" and _declared_length(request) > settings.SUARA_VOTER_UPLOAD_MAX_BYTES + 64 * 1024:
        # Refused by its declared length before any job work (Django has streamed it to a temporary file,
        # not to memory; the proxy's body limit is what keeps it from arriving: docs/deployment.md).
        limit = settings.SUARA_VOTER_UPLOAD_MAX_BYTES // (1024 * 1024)
        context = {"forms": _forms(region), "jobs": jobs.jobs_for(request.user), "too_large": True, "limit_mb": limit}
        return render(request, "voters/jobs/list.html", context, status=413)
    # Each kind's form carries its kind in a hidden field named after its prefix.
    posted = next((kind for kind in Kind.values if f"{kind}-kind" in request.POST), "")
    made = _forms(region, posted, request.POST, request.FILES)
    status = 200
    if request.method == "POST":
        status = 400
        form = made.get(posted)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            upload = data.get("file")
            try:
                job = jobs.job_start(
                    user=request.user,
                    kind=posted,
                    region_code=data["region"],
                    params=_params(posted, data),
                    upload=upload,
                    upload_name=getattr(upload, "name", ""),
                )
            except DomainError as exc:
                show_refusal(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Tugas #%(id)s dimulai.") % {"id": job.pk})
                return redirect("register:job", job.pk)
    context = {"forms": made, "jobs": jobs.jobs_for(request.user), "kinds": Kind}
    response = render(request, "voters/jobs/list.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def job_page(request, job_id: int):
    try:
        job = jobs.job_for(request.user, job_id)
    except DomainError as exc:
        return refused(request, exc)
    summary = [(SUMMARY_LABELS.get(key, key), value) for key, value in job.summary.items() if key != "by_code"]
    context = {"job": job, "progress": current_progress(job), "summary": summary}
    response = render(request, "voters/jobs/job.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def job_status(request, job_id: int):
    """What the job page's script polls: status, progress and, at the end, where to go."""
    try:
        job = jobs.job_for(request.user, job_id)
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    response = JsonResponse(
        {"status": job.status, "progress": current_progress(job), "finished": job.finished},
        headers={"Cache-Control": "no-store"},
    )
    return response


@require_safe
@login_required
def job_download(request, job_id: int):
    try:
        path, name = jobs.job_result_file(user=request.user, job_id=job_id)
    except DomainError as exc:
        return refused(request, exc)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response
