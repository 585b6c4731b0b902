"""Cek DPT over the v1 API: ``POST /api/v1/cek-dpt`` with ``{"nik": ..., "nama": ...}`` in the body (never in
the URL). Public, rate-limited per client; an integrator's API key has its own rate. See ``cekdpt`` and
``people.lookup_api``."""

from __future__ import annotations

from ninja import Field, Router, Schema

from suara.core.schemas import ERRORS
from suara.people.lookup_api import LookupIn, counted_before_reading
from suara.voters.cekdpt.lookup import CEK_DPT

router = Router(tags=["pemilih"])


class CekDptIn(LookupIn):
    pass


class CekDptOut(Schema):
    terdaftar: bool = Field(description="true bila NIK terdaftar sebagai pemilih aktif dan nama cocok")
    pesan: str
    nama: str | None = Field(None, description="nama tersamar, mis. BU** SA*****")
    tps: str | None = Field(None, description="nomor TPS, 3 digit; null bila belum ditetapkan")
    tps_kode: str | None = Field(None, description="kode TPS 13 digit (halaman TPS: /tps/<kode>/); null bila belum")
    desa: str | None = None
    kecamatan: str | None = None
    kabkota: str | None = None


@router.post(
    "/cek-dpt",
    response={200: CekDptOut, **ERRORS},
    summary="Cek DPT: apakah saya terdaftar sebagai pemilih?",
)
@counted_before_reading(CEK_DPT)
def cek_dpt_lookup(request, payload: CekDptIn):
    """Jawaban `terdaftar: true` hanya bila NIK ada dalam daftar pemilih aktif **dan** nama cocok; selain itu
    jawabannya selalu sama persis (NIK tidak dikenal, nama salah, atau tidak aktif), sehingga layanan ini
    tidak pernah membenarkan bahwa sebuah NIK ada. Dibatasi per alamat klien (`SUARA_CEK_DPT_RATE` per menit,
    bawaan 300; integrator memakai batas kuncinya sendiri) dan per NIK (`SUARA_CEK_DPT_NIK_RATE` per jam,
    bawaan 20, kode `nik_rate_limited`), 429 dengan `Retry-After`."""
    return CEK_DPT.api_answer(request, payload.nik, payload.nama)
