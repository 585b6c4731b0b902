"""The register's job forms under /petugas/pemilih/tugas/: start a voter import (upload), a delta import,
duplicate detection, a TPS allocation or the DPB report, and the register's recent jobs. A started job is
followed on the job kernel's page (/petugas/tugas/<id>/, ``jobs.views``); the register's old job addresses
redirect there. The service (``jobs.services``) decides who may start, see and download what."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.jobs import selectors as job_selectors
from suara.jobs import services as job_services
from suara.jobs.registry import label_of
from suara.voters.job_kinds import ALLOCATE, KINDS, REPORT_DPB
from suara.voters.register.forms import JOB_FORMS, show_refusal
from suara.voters.register.pages import NOT_OPERATOR
from suara.voters.register.reads import register_roles


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
    if kind == ALLOCATE:
        return {"max_per_tps": data["max_per_tps"], "dry_run": data["dry_run"], "fresh": data["fresh"]}
    if kind == REPORT_DPB:
        return {"format": data["format"], "start": data["start"], "end": data["end"]}
    return {}


def _declared_length(request) -> int:
    value = request.META.get("CONTENT_LENGTH") or "0"
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0


def _rows(user) -> list[dict]:
    jobs = job_selectors.jobs_for(user, kinds_of=set(KINDS))
    return [{"job": job, "label": label_of(job.kind), "progress": job_selectors.job_progress(job)} for job in jobs]


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
        context = {"forms": _forms(region), "rows": _rows(request.user), "too_large": True, "limit_mb": limit}
        return render(request, "voters/jobs/list.html", context, status=413)
    # Each kind's form carries its kind in a hidden field named after its prefix.
    posted = next((kind for kind in JOB_FORMS if f"{kind}-kind" in request.POST), "")
    made = _forms(region, posted, request.POST, request.FILES)
    status = 200
    if request.method == "POST":
        status = 400
        form = made.get(posted)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            upload = data.get("file")
            try:
                job = job_services.job_start(
                    actor=Actor.of(request.user),
                    kind=posted,
                    scope=data["region"],
                    params=_params(posted, data),
                    upload=upload,
                    upload_name=getattr(upload, "name", ""),
                )
            except DomainError as exc:
                show_refusal(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Tugas #%(id)s dimulai.") % {"id": job.pk})
                return redirect("jobs:job", job.pk)
    context = {"forms": made, "rows": _rows(request.user)}
    response = render(request, "voters/jobs/list.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def moved(name: str):
    """The register's old address of a job page: redirects to the job kernel's (bookmarks, old links)."""

    def view(request, job_id: int):
        return redirect(f"jobs:{name}", job_id, permanent=True)

    view.__name__ = f"job_{name}_moved"
    return view
