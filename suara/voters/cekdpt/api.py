"""Cek DPT over the v1 API: ``POST /api/v1/cek-dpt`` with ``{"nik": ..., "nama": ...}`` in the body (never in
the URL). Public, rate-limited per client; an integrator's API key has its own rate. See ``cekdpt``."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view
from pydantic import WithJsonSchema

from suara.core import answers
from suara.core.errors import DomainError
from suara.core.schemas import ERRORS
from suara.voters.cekdpt.lookup import cek_dpt_answer, cek_dpt_rate_check

router = Router(tags=["pemilih"])

# Typed loosely so that a number, null or a missing field reaches the lookup's own check and comes back
# as a 400 with its code (invalid_nik, name_required) like any other malformed lookup.
LooseText = Annotated[Any, WithJsonSchema({"type": "string"})]


class CekDptIn(Schema):
    nik: LooseText = Field("", description="NIK, 16 digit angka (dikirim di badan permintaan, tidak di URL)")
    nama: LooseText = Field("", description="nama lengkap sesuai KTP-el; huruf besar/kecil, spasi dan gelar diabaikan")


class CekDptOut(Schema):
    terdaftar: bool = Field(description="true bila NIK terdaftar sebagai pemilih aktif dan nama cocok")
    pesan: str
    nama: str | None = Field(None, description="nama tersamar, mis. BU** SA*****")
    tps: str | None = Field(None, description="nomor TPS, 3 digit; null bila belum ditetapkan")
    tps_kode: str | None = Field(None, description="kode TPS 13 digit (halaman TPS: /tps/<kode>/); null bila belum")
    desa: str | None = None
    kecamatan: str | None = None
    kabkota: str | None = None


def _counted_before_reading(run):
    """Counts the lookup against the client's limit before ninja reads the body, so that a body refused
    as malformed or too large (413) counts as a lookup too."""

    @functools.wraps(run)
    def counted(request: HttpRequest, *args, **kwargs):
        try:
            cek_dpt_rate_check(request, api=True)
        except DomainError as exc:
            return answers.domain_error(exc)
        return run(request, *args, **kwargs)

    return counted


@router.post(
    "/cek-dpt",
    response={200: CekDptOut, **ERRORS},
    summary="Cek DPT: apakah saya terdaftar sebagai pemilih?",
)
@decorate_view(_counted_before_reading)
def cek_dpt_lookup(request, payload: CekDptIn):
    """Jawaban `terdaftar: true` hanya bila NIK ada dalam daftar pemilih aktif **dan** nama cocok; selain itu
    jawabannya selalu sama persis (NIK tidak dikenal, nama salah, atau tidak aktif), sehingga layanan ini
    tidak pernah membenarkan bahwa sebuah NIK ada. Dibatasi per alamat klien (`SUARA_CEK_DPT_RATE` per menit,
    bawaan 300; integrator memakai batas kuncinya sendiri) dan per NIK (`SUARA_CEK_DPT_NIK_RATE` per jam,
    bawaan 20, kode `nik_rate_limited`), 429 dengan `Retry-After`."""
    return cek_dpt_answer(request, payload.nik, payload.nama)
