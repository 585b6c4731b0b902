"""What the job API takes and answers, shared with the apps whose own endpoints start jobs (the register's
upload). Public types of the jobs app."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import FileResponse
from ninja import Field, Schema

from suara.jobs import selectors
from suara.jobs.models import Job
from suara.jobs.registry import label_of


class JobStartIn(Schema):
    kind: str = Field(description="jenis tugas terdaftar, mis. dedup, allocate, report_dpb")
    region: str = Field("", description="kode wilayah KPU; kosong: nasional")
    params: dict[str, Any] = Field(default_factory=dict, description="pilihan tugas menurut jenisnya")


class JobOut(Schema):
    id: int
    kind: str
    label: str
    status: str = Field(description="queued, running, done, failed atau cancelled")
    progress: int = Field(description="persen")
    done: int
    total: int | None
    message: str
    region: str
    started_by: str
    created_at: datetime
    finished_at: datetime | None
    summary: dict
    error_code: str
    error_message: str
    result: str | None = Field(description="alamat unduhan hasil (dengan token yang sama), bila ada")


def job_out(job: Job, result_url: str | None = None) -> dict:
    progress = selectors.job_progress(job)
    ready = job.state == Job.State.DONE and job.result_name
    return {
        "id": job.pk,
        "kind": job.kind,
        "label": label_of(job.kind),
        "status": job.state,
        "progress": progress.percent,
        "done": progress.done,
        "total": progress.total,
        "message": progress.message,
        "region": job.scope,
        "started_by": job.started_by,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "summary": job.summary,
        "error_code": job.error_code,
        "error_message": job.error_message,
        "result": (result_url or f"/api/v1/tugas/{job.pk}/hasil") if ready else None,
    }


def result_response(path, name) -> FileResponse:
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response
