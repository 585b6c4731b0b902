"""The job API under /api/v1/tugas: my jobs, one job's state and progress, its result, cancelling it, and
starting a job of any registered kind that takes no upload (uploads go through their app's endpoint, e.g.
/pemilih/tugas/impor). Thin: the services and selectors decide."""

from __future__ import annotations

from ninja import Path, Router, Status

from suara.accounts.api_auth import TOKEN_AUTH
from suara.audit.actors import Actor
from suara.core.schemas import ERRORS, Error
from suara.jobs import selectors, services
from suara.jobs.schemas import JobOut, JobStartIn, job_out, result_response

router = Router(tags=["tugas"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}


@router.get("/tugas", auth=TOKEN_AUTH, response={200: list[JobOut], **ERRORS}, summary="Tugas saya")
def job_list(request):
    """Tugas yang Anda mulai dan tugas di wilayah Anda, terbaru dahulu (50)."""
    return [job_out(job) for job in selectors.jobs_for(request.auth.user)]


@router.post("/tugas", auth=TOKEN_AUTH, response={202: JobOut, **WRITE_ERRORS}, summary="Mulai tugas")
def job_create(request, payload: JobStartIn):
    job = services.job_start(
        actor=Actor.of(request.auth.user), kind=payload.kind, scope=payload.region, params=payload.params
    )
    job.refresh_from_db()
    return Status(202, job_out(job))


@router.get("/tugas/{int:id}", auth=TOKEN_AUTH, response={200: JobOut, **WRITE_ERRORS}, summary="Status tugas")
def job_get(request, id: int = Path(..., description="pengenal tugas")):
    return job_out(selectors.job_for(request.auth.user, id))


@router.post("/tugas/{int:id}/batal", auth=TOKEN_AUTH, response={200: JobOut, **WRITE_ERRORS}, summary="Batalkan tugas")
def job_cancel(request, id: int = Path(..., description="pengenal tugas")):
    """Tugas yang menunggu dibatalkan seketika; tugas yang berjalan berhenti pada laporan kemajuan berikutnya."""
    return job_out(services.job_cancel(actor=Actor.of(request.auth.user), job_id=id))


@router.get("/tugas/{int:id}/hasil", auth=TOKEN_AUTH, response={200: None, **WRITE_ERRORS}, summary="Unduh hasil tugas")
def job_result(request, id: int = Path(..., description="pengenal tugas")):
    """Dicatat dalam log audit."""
    return result_response(*services.job_result_file(actor=Actor.of(request.auth.user), job_id=id))
