"""Cek DPT over the v1 API: ``POST /api/v1/cek-dpt`` with ``{"nik": ..., "nama": ...}`` in the body (never in
the URL). Public, rate-limited per client; an integrator's API key has its own rate. See ``cekdpt``."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view
from pydantic import WithJsonSchema

from suara.core.errors import DomainError
from suara.core.schemas import ERRORS
from suara.voters.cekdpt import cek_dpt, cek_dpt_clean, cek_dpt_nik_rate_check, cek_dpt_rate_check

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
    desa: str | None = None
    kecamatan: str | None = None
    kabkota: str | None = None


def _counted_before_reading(run):
    """Counts the lookup against the client's limit before ninja reads the body, so that a body refused
    as malformed or too large (413) counts as a lookup too."""

    @functools.wraps(run)
    def counted(request: HttpRequest, *args, **kwargs):
        from suara.api import api  # the API imports this router

        try:
            cek_dpt_rate_check(request, api=True)
        except DomainError as exc:
            return api.on_exception(request, exc)
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


def cek_dpt_answer(request: HttpRequest, nik: object, nama: object) -> HttpResponse:
    """The operation's work and answer after ``api_gate`` and the client's count (``cek_dpt_rate_check``);
    the middleware fast path (``voters.fastpath``) calls it too, so both send the same bytes. Refusals are
    raised for the API's handlers."""
    from suara.api import api  # the API imports this router

    nik, nama = cek_dpt_clean(nik, nama)
    cek_dpt_nik_rate_check(nik)
    response = api.create_response(request, cek_dpt(nik=nik, nama=nama).as_dict(), status=200)
    response["Cache-Control"] = "no-store"
    return response
