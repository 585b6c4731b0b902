"""Cek anggota partai over the v1 API: ``POST /api/v1/cek-anggota-partai`` with ``{"nik": ..., "nama": ...}``
in the body (never in the URL). Public, rate-limited per client and per NIK; see ``lookup`` and
``people.lookup_api``."""

from __future__ import annotations

from ninja import Field, Router, Schema

from suara.core.schemas import ERRORS
from suara.parties.lookup.lookup import PARTY_LOOKUP
from suara.people.lookup_api import LookupIn, counted_before_reading

router = Router(tags=["partai"])


class PartyLookupIn(LookupIn):
    pass


class ListingOut(Schema):
    nomor_urut: int = Field(description="nomor urut partai")
    partai: str
    singkatan: str
    sejak: str = Field(description="tanggal dicatat dalam daftar anggota partai (WIB), YYYY-MM-DD")
    status: str = Field(description="MS (memenuhi syarat), BMS (belum memenuhi syarat), kosong bila belum diperiksa")


class PartyLookupOut(Schema):
    tercatat: bool = Field(description="true bila NIK tercatat sebagai anggota partai dan nama cocok")
    pesan: str
    nama: str | None = Field(None, description="nama tersamar, mis. BU** SA*****")
    partai: list[ListingOut] = Field(description="partai yang mencatat NIK ini; kosong bila tidak tercatat")


@router.post(
    "/cek-anggota-partai",
    response={200: PartyLookupOut, **ERRORS},
    summary="Cek anggota partai: apakah NIK saya dicatat oleh partai politik?",
)
@counted_before_reading(PARTY_LOOKUP)
def party_member_lookup(request, payload: PartyLookupIn):
    """Jawaban `tercatat: true` hanya bila NIK tercatat dalam daftar anggota partai **dan** nama cocok; selain
    itu jawabannya selalu sama persis (NIK tidak dikenal, nama salah, atau tidak lagi tercatat), sehingga
    layanan ini tidak pernah membenarkan bahwa sebuah NIK ada atau menjadi anggota. Dibatasi per alamat
    klien (`SUARA_PARTY_LOOKUP_RATE` per menit, bawaan 300; integrator memakai batas kuncinya sendiri) dan
    per NIK (`SUARA_PARTY_LOOKUP_NIK_RATE` per jam, bawaan 20, kode `nik_rate_limited`), 429 dengan
    `Retry-After`."""
    return PARTY_LOOKUP.api_answer(request, payload.nik, payload.nama)
