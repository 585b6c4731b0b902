"""The partner's and the citizen's operations of data sharing over the v1 API.

A partner (an operator of an agreement's recipient organisation) calls with the API key KPU RI bound to the
agreement (``Authorization: Bearer`` or ``X-API-Key``): its terms, and the allowed fields (or counts) of its
region a page at a time, each read recorded with its row count. An expired or revoked agreement answers 403
with its code; the key's own rate limit applies (429 past it).

A citizen asks, by NIK and name in the body (never the URL), which agreements received their record: cek
DPT's privacy pattern and limits (``sharing.lookup``)."""

from __future__ import annotations

from datetime import date

from ninja import Field, Query, Router, Schema

from suara.accounts.api_auth import TOKEN_AUTH
from suara.core.schemas import ERRORS, Error
from suara.people.lookup_api import LookupIn, counted_before_reading
from suara.sharing.lookup import SHARING_LOOKUP
from suara.sharing.services_partner import partner_key, partner_read

router = Router(tags=["berbagi data (mitra dan warga)"])
PARTNER_ERRORS = {**ERRORS, 403: Error}


class PartnerAgreementOut(Schema):
    id: int
    recipient: str
    purpose: str
    legal_basis: str
    fields: list[str]
    aggregation: str
    region_code: str
    period_start: date
    period_end: date


@router.get("/berbagi-data/mitra/perjanjian", auth=TOKEN_AUTH, response={200: PartnerAgreementOut, **PARTNER_ERRORS},
            summary="Perjanjian kunci mitra ini")  # fmt: skip
def partner_agreement(request):
    agreement = partner_key(request.auth).agreement
    return {
        "id": agreement.pk, "recipient": agreement.recipient, "purpose": agreement.purpose,
        "legal_basis": agreement.legal_basis, "fields": agreement.fields, "aggregation": agreement.aggregation,
        "region_code": agreement.region_code, "period_start": agreement.period_start,
        "period_end": agreement.period_end,
    }  # fmt: skip


class PartnerDataOut(Schema):
    agreement: int
    region: str
    columns: list[str] = Field(description="id_baris (hash berkunci per kunci mitra), lalu kolom yang diizinkan")
    rows: list[dict]
    page: int
    next_page: int | None


@router.get("/berbagi-data/mitra/data", auth=TOKEN_AUTH, response={200: PartnerDataOut, **PARTNER_ERRORS},
            summary="Data pemilih menurut perjanjian (per halaman)")  # fmt: skip
def partner_data(
    request,
    region: str | None = Query(None, max_length=20, description="kode wilayah di dalam wilayah perjanjian"),
    fields: str = Query("", max_length=500, description="kolom dipisah koma; kosong: semua yang diizinkan"),
    page: int = Query(1, ge=1, le=1_000_000),
):
    """Baris per pemilih aktif (atau jumlah per wilayah bila perjanjiannya agregat), paling banyak
    500 per halaman. Setiap panggilan dicatat dengan jumlah barisnya."""
    found = partner_read(token=request.auth, region=region, fields=fields, page=page)
    return {"agreement": found.agreement.pk, "region": found.region, "columns": found.columns, "rows": found.rows,
            "page": found.page, "next_page": found.next_page}  # fmt: skip


class ReceiptOut(Schema):
    penerima: str
    tujuan: str
    dasar_hukum: str
    cara: str = Field(description="ekstrak (berkas) atau api (API mitra)")
    pertama: str = Field(description="tanggal pertama, YYYY-MM-DD (WIB)")
    terakhir: str
    kali: int


class SharingLookupOut(Schema):
    ditemukan: bool = Field(description="true bila NIK terdaftar dan nama cocok")
    pesan: str
    nama: str | None = Field(None, description="nama tersamar")
    penerima: list[ReceiptOut]


@router.post("/berbagi-data/cek", response={200: SharingLookupOut, **ERRORS},
             summary="Ke mana data pemilih saya dibagikan?")  # fmt: skip
@counted_before_reading(SHARING_LOOKUP)
def sharing_lookup(request, payload: LookupIn):
    """Jawaban hanya bila NIK ada dalam daftar pemilih **dan** nama cocok; selain itu selalu sama persis. Batas
    dan kode galatnya sama dengan cek DPT (dihitung bersama)."""
    return SHARING_LOOKUP.api_answer(request, payload.nik, payload.nama)
