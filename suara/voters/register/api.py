"""The register over the v1 API, for KPU, PPK and PPS operators with an API token: what the pages under
/petugas/pemilih/ do (``voters.views_register``, ``voters.views_jobs``), through the same services.

A NIK travels only in request bodies: finding a voter is a POST, and so is showing one NIK in full (both
audited). Lists and records give NIK and KK masked. Body keys are the services' own names, so a refusal's
``field`` names the key at fault.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from suara.accounts.api_auth import TOKEN_AUTH
from suara.audit.actors import Actor
from suara.core.errors import DomainError, ErrorCode
from suara.core.schemas import ERRORS, Error
from suara.jobs import schemas as jobs_api
from suara.jobs import selectors as job_selectors
from suara.jobs import services as job_services
from suara.voters import locks, services
from suara.voters.errors import VoterErrorCode
from suara.voters.job_kinds import IMPORT, IMPORT_DELTA
from suara.voters.models import DpbPeriodLock, Voter, VoterEvent
from suara.voters.register import reads as register

router = Router(tags=["daftar pemilih (operator)"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}
VOTER_ID = "pengenal pemilih (angka), bukan NIK"


class EventOut(Schema):
    kind: str
    tms_code: int | None
    note: str
    actor: str
    at: datetime


class VoterOut(Schema):
    id: int
    nik: str = Field(description="tersamar, mis. 327601······0001; tampilkan penuh dengan POST .../nik")
    kk: str = Field(description="tersamar")
    name: str
    birth_place: str
    birth_date: date
    sex: str
    marital: str
    address: str
    rt: str
    rw: str
    disability: str
    desa: str | None = Field(description="kode desa KPU")
    kemendagri_desa: str
    tps: str | None
    status: str
    tms_code: int | None


class VoterDetailOut(VoterOut):
    history: list[EventOut]


class DesaPageOut(Schema):
    desa: str
    name: str
    page: int
    pages: int
    count: int
    voters: list[VoterOut]


def voter_out(voter: Voter) -> dict:
    return {
        "id": voter.pk,
        "nik": register.mask_number(voter.nik),
        "kk": register.mask_number(voter.kk),
        "name": voter.name,
        "birth_place": voter.birth_place,
        "birth_date": voter.birth_date,
        "sex": voter.sex,
        "marital": voter.marital,
        "address": voter.address,
        "rt": voter.rt,
        "rw": voter.rw,
        "disability": voter.disability,
        "desa": voter.desa_id,
        "kemendagri_desa": voter.kemendagri_desa_code,
        "tps": voter.tps_id,
        "status": voter.status,
        "tms_code": voter.tms_code,
    }


def _detail(voter: Voter) -> dict:
    events: list[VoterEvent] = register.voter_history(voter)
    return {**voter_out(voter), "history": events}


class NikIn(Schema):
    nik: str = Field(description="16 digit; hanya di badan permintaan")


class NikOut(Schema):
    nik: str


@router.post(
    "/pemilih/cari", auth=TOKEN_AUTH, response={200: VoterDetailOut, **WRITE_ERRORS}, summary="Cari pemilih dengan NIK"
)
def voter_find(request, payload: NikIn):
    """Hanya pemilih di wilayah kerja pemilik token; NIK di luar wilayah dijawab sama dengan NIK yang tidak
    terdaftar (404). Setiap pencarian dicatat dalam log audit, tanpa NIK."""
    voter = register.voter_find_by_nik(actor=Actor.of(request.auth.user), nik=payload.nik)
    if voter is None:
        raise DomainError(
            VoterErrorCode.VOTER_NOT_FOUND, "NIK ini tidak terdaftar di wilayah kerja Anda.", field="nik", status=404
        )
    return _detail(voter)


@router.get(
    "/pemilih/desa/{code}",
    auth=TOKEN_AUTH,
    response={200: DesaPageOut, **WRITE_ERRORS},
    summary="Daftar pemilih satu desa",
)
def desa_list(
    request,
    code: str = Path(..., description="kode desa KPU, 10 digit"),
    page: int = Query(1, ge=1, le=100_000, description="halaman, 50 pemilih per halaman"),
    status: Literal["", "aktif", "tms"] = Query("", description="aktif, tms, atau kosong (semua)"),
):
    listing = register.desa_register(user=request.auth.user, desa_code=code, page=page, status=status)
    return {
        "desa": listing.desa.code,
        "name": listing.desa.name,
        "page": listing.page.number,
        "pages": listing.page.paginator.num_pages,
        "count": listing.page.paginator.count,
        "voters": [voter_out(v) for v in listing.page.object_list],
    }


@router.get(
    "/pemilih/{int:id}",
    auth=TOKEN_AUTH,
    response={200: VoterDetailOut, **WRITE_ERRORS},
    summary="Satu pemilih dan riwayatnya",
)
def voter_get(request, id: int = Path(..., description=VOTER_ID)):
    return _detail(register.voter_for(request.auth.user, id))


@router.post(
    "/pemilih/{int:id}/nik", auth=TOKEN_AUTH, response={200: NikOut, **WRITE_ERRORS}, summary="Tampilkan NIK penuh"
)
def voter_nik(request, id: int = Path(..., description=VOTER_ID)):
    """Dicatat dalam log audit."""
    return {"nik": register.voter_reveal_nik(actor=Actor.of(request.auth.user), voter_id=id)}


class VoterIn(Schema):
    nik: str
    kk: str
    name: str
    birth_date: date
    sex: str = Field(description="L atau P")
    marital: str = Field(description="B (belum kawin), S (kawin) atau P (pernah kawin)")
    desa: str = Field(description="kode desa/kelurahan Kemendagri, 10 digit")
    birth_place: str = ""
    address: str = ""
    rt: str = ""
    rw: str = ""
    disability: str = ""
    tps: str = Field("", description="kode TPS 13 digit, boleh kosong (alokasi kemudian)")
    tni_polri: bool = False
    note: str = ""


@router.post("/pemilih", auth=TOKEN_AUTH, response={201: VoterDetailOut, **WRITE_ERRORS}, summary="Tambah pemilih")
def voter_create(request, payload: VoterIn):
    data = payload.dict()
    data["kemendagri_desa_code"], data["tps_code"] = data.pop("desa"), data.pop("tps")
    voter = services.voter_add(actor=Actor.of(request.auth.user), **data)
    return Status(201, _detail(voter))


class TmsIn(Schema):
    tms_code: int = Field(description="kode TMS 1-8")
    note: str = Field("", description="keterangan dan dasar (bukti), wajib")


class MoveIn(Schema):
    desa: str = Field("", description="desa tujuan, kode KPU 10 digit")
    tps: str = Field("", description="TPS tujuan, 13 digit")
    note: str = ""


class CorrectIn(Schema):
    changes: dict[str, Any] = Field(description="isian yang diperbaiki: nik, kk, name, birth_place, birth_date, ...")
    note: str = Field("", description="keterangan dan dasar, wajib")


class NoteIn(Schema):
    note: str = Field("", description="keterangan dan dasar, wajib")


@router.post(
    "/pemilih/{int:id}/tms", auth=TOKEN_AUTH, response={200: VoterDetailOut, **WRITE_ERRORS}, summary="Tandai TMS"
)
def voter_tms(request, payload: TmsIn, id: int = Path(..., description=VOTER_ID)):
    return _detail(
        services.voter_mark_tms(
            actor=Actor.of(request.auth.user), voter_id=id, tms_code=payload.tms_code, note=payload.note
        )
    )


@router.post(
    "/pemilih/{int:id}/pindah",
    auth=TOKEN_AUTH,
    response={200: VoterDetailOut, **WRITE_ERRORS},
    summary="Pindahkan pemilih",
)
def voter_move(request, payload: MoveIn, id: int = Path(..., description=VOTER_ID)):
    voter = services.voter_move(
        actor=Actor.of(request.auth.user), voter_id=id, desa_code=payload.desa, tps_code=payload.tps, note=payload.note
    )
    return _detail(voter)


@router.post(
    "/pemilih/{int:id}/perbaikan",
    auth=TOKEN_AUTH,
    response={200: VoterDetailOut, **WRITE_ERRORS},
    summary="Perbaiki data pemilih",
)
def voter_correct(request, payload: CorrectIn, id: int = Path(..., description=VOTER_ID)):
    changes = dict(payload.changes)
    if "birth_date" in changes and isinstance(changes["birth_date"], str):
        try:
            changes["birth_date"] = date.fromisoformat(changes["birth_date"])
        except ValueError:
            raise DomainError(
                VoterErrorCode.INVALID_BIRTH_DATE,
                "Tanggal lahir harus berupa tanggal (YYYY-MM-DD).",
                field="birth_date",
            ) from None
    for key, value in changes.items():
        if key != "birth_date" and not isinstance(value, str):
            raise DomainError(ErrorCode.INVALID_INPUT, f"Isian {key[:40]} harus berupa teks.", field=key[:40])
    return _detail(
        services.voter_correct(actor=Actor.of(request.auth.user), voter_id=id, changes=changes, note=payload.note)
    )


@router.post(
    "/pemilih/{int:id}/aktifkan",
    auth=TOKEN_AUTH,
    response={200: VoterDetailOut, **WRITE_ERRORS},
    summary="Aktifkan kembali",
)
def voter_reinstate(request, payload: NoteIn, id: int = Path(..., description=VOTER_ID)):
    return _detail(services.voter_reinstate(actor=Actor.of(request.auth.user), voter_id=id, note=payload.note))


# --- DPB periods ---------------------------------------------------------------------------------------------


class PeriodIn(Schema):
    region: str = Field(description="kode KPU kabupaten/kota, 4 digit")
    period_start: date
    period_end: date
    note: str = ""


class ReopenIn(Schema):
    reason: str = ""


class PeriodOut(Schema):
    id: int
    region: str
    period_start: date
    period_end: date
    locked_by: str
    locked_at: datetime
    reopened_by: str
    reopened_at: datetime | None


def period_out(lock: DpbPeriodLock) -> dict:
    return {
        "id": lock.pk,
        "region": lock.region_code,
        "period_start": lock.period_start,
        "period_end": lock.period_end,
        "locked_by": lock.locked_by,
        "locked_at": lock.locked_at,
        "reopened_by": lock.reopened_by,
        "reopened_at": lock.reopened_at,
    }


@router.post(
    "/pemilih/periode-dpb", auth=TOKEN_AUTH, response={201: PeriodOut, **WRITE_ERRORS}, summary="Tetapkan periode DPB"
)
def period_lock(request, payload: PeriodIn):
    """Oleh KPU kabupaten/kota (atau di atasnya) setelah rapat pleno."""
    lock = locks.dpb_period_lock(
        actor=Actor.of(request.auth.user),
        region_code=payload.region,
        period_start=payload.period_start,
        period_end=payload.period_end,
        note=payload.note,
    )
    return Status(201, period_out(lock))


@router.post(
    "/pemilih/periode-dpb/{int:id}/buka",
    auth=TOKEN_AUTH,
    response={200: PeriodOut, **WRITE_ERRORS},
    summary="Buka kembali periode DPB",
)
def period_reopen(request, payload: ReopenIn, id: int = Path(..., description="pengenal periode")):
    return period_out(locks.dpb_period_reopen(actor=Actor.of(request.auth.user), lock_id=id, reason=payload.reason))


# --- jobs ----------------------------------------------------------------------------------------------------


class JobIn(Schema):
    kind: Literal["dedup", "allocate", "report_dpb"]
    region: str = Field(description="kode wilayah KPU")
    max_per_tps: int | None = Field(None, description="allocate: pemilih per TPS paling banyak")
    dry_run: bool = False
    fresh: bool = False
    format: str = Field("", description="report_dpb: xlsx atau pdf")
    start: date | None = None
    end: date | None = None


def job_out(job) -> dict:
    return jobs_api.job_out(job, result_url=f"/api/v1/pemilih/tugas/{job.pk}/hasil")


@router.post("/pemilih/tugas", auth=TOKEN_AUTH, response={202: jobs_api.JobOut, **WRITE_ERRORS}, summary="Mulai tugas")
def job_create(request, payload: JobIn):
    """Deteksi ganda, alokasi TPS atau rekap DPB; impor berkas lewat `/pemilih/tugas/impor`."""
    params = payload.dict(exclude={"kind", "region"})
    job = job_services.job_start(
        actor=Actor.of(request.auth.user), kind=payload.kind, scope=payload.region, params=params
    )
    job.refresh_from_db()
    return Status(202, job_out(job))


@router.post(
    "/pemilih/tugas/impor",
    auth=TOKEN_AUTH,
    response={202: jobs_api.JobOut, **WRITE_ERRORS, 413: Error},
    summary="Impor berkas pemilih",
)
def job_import(
    request,
    file: UploadedFile = File(..., description="CSV atau XLSX, format docs/voters-import.md"),  # noqa: B008
    region: str = Form("", description="kode wilayah KPU; baris di luarnya ditolak"),
    delta: bool = Form(False, description="ekstrak lengkap yang lebih baru: tambah, ubah, daftar yang hilang"),
):
    job = job_services.job_start(
        actor=Actor.of(request.auth.user),
        kind=IMPORT_DELTA if delta else IMPORT,
        scope=region,
        upload=file,
        upload_name=file.name or "",
    )
    job.refresh_from_db()
    return Status(202, job_out(job))


@router.get(
    "/pemilih/tugas/{int:id}", auth=TOKEN_AUTH, response={200: jobs_api.JobOut, **WRITE_ERRORS}, summary="Status tugas"
)
def job_get(request, id: int = Path(..., description="pengenal tugas")):
    return job_out(job_selectors.job_for(request.auth.user, id))


@router.get(
    "/pemilih/tugas/{int:id}/hasil", auth=TOKEN_AUTH, response={200: None, **WRITE_ERRORS}, summary="Unduh hasil tugas"
)
def job_result(request, id: int = Path(..., description="pengenal tugas")):
    """Dicatat dalam log audit."""
    return jobs_api.result_response(*job_services.job_result_file(actor=Actor.of(request.auth.user), job_id=id))
