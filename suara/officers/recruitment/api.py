"""Recruitment over the API: the openings of a region (``GET /api/v1/rekrutmen/lowongan``), an
application (``POST /api/v1/rekrutmen/pendaftaran``) and its status by code (``POST
/api/v1/rekrutmen/status``: the code in the body, never in the URL). Public; the writes and the status
checks are rate-limited per client address."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Query, Router, Schema, Status
from pydantic import WithJsonSchema

from suara.accounts.api_auth import client_key
from suara.core.ratelimit import rate_check
from suara.core.schemas import ERRORS
from suara.officers.recruitment.applications import application_status, application_submit
from suara.officers.recruitment.documents import from_names
from suara.officers.recruitment.openings import body_get, openings, recruiting_election
from suara.officers.recruitment.rows import COLUMNS

router = Router(tags=["rekrutmen"])
FORM_RATE = 30
LooseText = Annotated[Any, WithJsonSchema({"type": "string"})]


class PostingOut(Schema):
    kode: str = Field(alias="code")
    nama: str = Field(alias="name")
    kursi: int = Field(alias="seats")
    pendaftar: int = Field(alias="applications")


class BodyOut(Schema):
    badan: str = Field(alias="body")
    nama: str = Field(alias="label")
    penempatan: int = Field(alias="postings")
    kursi: int = Field(alias="seats")
    pendaftar: int = Field(alias="applications")
    daftar: list[PostingOut] = Field(alias="listed", description="tiap penempatan (wilayah kecamatan/desa)")


class OpeningsOut(Schema):
    pemilu: str
    wilayah: str
    badan: list[BodyOut]


@router.get("/rekrutmen/lowongan", response={200: OpeningsOut, **ERRORS}, summary="Lowongan badan ad hoc per wilayah")
def openings_read(
    request,
    wilayah: str = Query(..., max_length=10, description="kode wilayah KPU"),
    pemilu: str = Query("", max_length=40),
):
    election = recruiting_election(pemilu)
    region, entries = openings(election, wilayah)
    return {"pemilu": election.slug, "wilayah": region.code, "badan": entries}


class ApplicationIn(Schema):
    pemilu: LooseText = ""
    badan: LooseText = Field("", description="ppk, pps, kpps, pantarlih atau linmas")
    penempatan: LooseText = Field("", description="kode kecamatan (PPK), desa (PPS) atau TPS (lainnya)")
    nik: LooseText = ""
    kk: LooseText = ""
    nama: LooseText = ""
    jenis_kelamin: LooseText = ""
    tanggal_lahir: LooseText = Field("", description="YYYY-MM-DD")
    status_kawin: LooseText = Field("", description="B, S atau P")
    telepon: LooseText = ""
    email: LooseText = ""
    alamat: LooseText = ""
    kode_desa_domisili: LooseText = ""
    pendidikan: LooseText = Field("", description="sd, smp, sma, d3, s1, s2, s3")
    pekerjaan: LooseText = ""
    surat_keterangan_pendidikan: bool = False
    dokumen: list[str] = Field(
        default_factory=list,
        description="dokumen yang dikonfirmasi: ktp, ijazah, surat_sehat, bukan_anggota_partai, surat_pernyataan, "
        "surat_keterangan_pendidikan",
    )


class SubmittedOut(Schema):
    kode: str = Field(description="kode pendaftaran: hanya diberikan sekali")
    status: str


@router.post("/rekrutmen/pendaftaran", response={201: SubmittedOut, 403: Any, 409: Any, **ERRORS},
             summary="Mendaftar sebagai anggota badan ad hoc")  # fmt: skip
def application_create(request, payload: ApplicationIn):
    rate_check(f"rekrutmen:addr:{client_key(request)}", FORM_RATE)
    election = recruiting_election(payload.pemilu if isinstance(payload.pemilu, str) else "")
    body = body_get(payload.badan)
    values = {name: str(getattr(payload, name) or "") for name in COLUMNS[:12]}
    submitted = application_submit(
        election=election, body=body, posting_code=str(payload.penempatan or ""), values=values,
        documents=from_names(payload.dokumen), letter=payload.surat_keterangan_pendidikan,
    )  # fmt: skip
    return Status(201, {"kode": submitted.code, "status": submitted.officer.status})


class StatusIn(Schema):
    kode: LooseText = ""


class StatusOut(Schema):
    pemilu: str = Field(alias="election")
    badan: str = Field(alias="body")
    penempatan: str = Field(alias="posting_code")
    status: str
    status_nama: str = Field(alias="status_label")
    alasan: list[str] = Field(alias="reasons", description="tidak menyebut nama partai")
    catatan: list[str] = Field(alias="notes")


@router.post("/rekrutmen/status", response={200: StatusOut, **ERRORS}, summary="Status pendaftaran dengan kode")
def application_status_read(request, payload: StatusIn):
    rate_check(f"rekrutmen:addr:{client_key(request)}", FORM_RATE)
    return application_status(payload.kode)
