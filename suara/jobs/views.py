"""The operators' job pages under /petugas/tugas/: the list of my jobs (and those in my regions), one job's
page (a progress bar that ``jobs/job.js`` refreshes from the status URL, or a meta refresh without
scripts), its status as JSON, the download of its result and cancelling it. Jobs are started from their
app's pages (the kind's ``start_url``) or the API; the services decide who may see and do what."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.jobs import selectors, services
from suara.jobs.registry import kinds, label_of
from suara.jobs.services import INTERRUPTED


def _missing(request, exc: DomainError):
    return render(request, "jobs/missing.html", {"message": exc.message}, status=exc.status)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _row(job) -> dict:
    return {"job": job, "label": label_of(job.kind), "progress": selectors.job_progress(job)}


def _start_links() -> list[tuple[str, str]]:
    """One link per page that starts jobs (several kinds may share one)."""
    seen: dict[str, list[str]] = {}
    for kind in kinds().values():
        if kind.start_url:
            seen.setdefault(reverse(kind.start_url), []).append(str(kind.label))
    return [(url, ", ".join(labels)) for url, labels in seen.items()]


@require_safe
@login_required
def job_list(request):
    rows = [_row(job) for job in selectors.jobs_for(request.user)]
    return _no_store(render(request, "jobs/list.html", {"rows": rows, "start_links": _start_links()}))


def error_text(job) -> str:
    """The refusal as the page shows it: the interruption in the page's language, else the service's."""
    if job.error_code == INTERRUPTED:
        return _("Tugas terhenti: pekerja tugas berhenti sebelum tugas selesai. Mulai tugas ini lagi.")
    return job.error_message


@require_safe
@login_required
def job_page(request, job_id: int):
    try:
        job = selectors.job_for(request.user, job_id)
    except DomainError as exc:
        return _missing(request, exc)
    kind = kinds().get(job.kind)
    labels = kind.summary_labels if kind else {}
    summary = [(labels.get(key, key), value) for key, value in job.summary.items() if key != "by_code"]
    context = {
        **_row(job),
        "summary": summary,
        "error_text": error_text(job),
        "message": _(selectors.job_progress(job).message) if selectors.job_progress(job).message else "",
    }
    return _no_store(render(request, "jobs/job.html", context))


def status_body(job) -> dict:
    progress = selectors.job_progress(job)
    return {
        "state": job.state,
        "label": str(job.get_state_display()),
        "progress": progress.percent,
        "done": progress.done,
        "total": progress.total,
        "message": _(progress.message) if progress.message else "",
        "finished": job.finished,
    }


@require_safe
@login_required
def job_status(request, job_id: int):
    """What the job page's script polls: state, progress and, at the end, that it ended."""
    try:
        job = selectors.job_for(request.user, job_id)
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    return _no_store(JsonResponse(status_body(job)))


@require_safe
@login_required
def job_download(request, job_id: int):
    try:
        path, name = services.job_result_file(actor=Actor.of(request.user), job_id=job_id)
    except DomainError as exc:
        return _missing(request, exc)
    return _no_store(FileResponse(path.open("rb"), as_attachment=True, filename=name))


@require_POST
@login_required
def job_cancel(request, job_id: int):
    try:
        job = services.job_cancel(actor=Actor.of(request.user), job_id=job_id)
    except DomainError as exc:
        if exc.status == 409:
            messages.error(request, _("Tugas ini sudah berakhir."))
            return redirect("jobs:job", job_id)
        return _missing(request, exc)
    if job.finished:
        messages.success(request, _("Tugas #%(id)s dibatalkan.") % {"id": job.pk})
    else:
        messages.success(request, _("Pembatalan tugas #%(id)s diminta; tugas berhenti sebentar lagi.") % {"id": job.pk})
    return redirect("jobs:job", job.pk)
