"""Cek anggota partai over the v1 API: ``POST /api/v1/cek-anggota-partai`` with ``{"nik": ..., "nama": ...}``
in the body (never in the URL). Public, rate-limited per client and per NIK; see ``lookup``."""

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
from suara.parties.lookup.lookup import party_lookup_answer, party_lookup_rate_check

router = Router(tags=["partai"])

# Typed loosely so that a number, null or a missing field reaches the lookup's own check and comes back as a
# 400 with its code (invalid_nik, name_required) like any other malformed lookup.
LooseText = Annotated[Any, WithJsonSchema({"type": "string"})]


class PartyLookupIn(Schema):
    nik: LooseText = Field("", description="NIK, 16 digit angka (dikirim di badan permintaan, tidak di URL)")
    nama: LooseText = Field("", description="nama lengkap sesuai KTP-el; huruf besar/kecil, spasi dan gelar diabaikan")


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


def _counted_before_reading(run):
    """Counts the lookup against the client's limit before ninja reads the body, so that a body refused as
    malformed or too large (413) counts as a lookup too."""

    @functools.wraps(run)
    def counted(request: HttpRequest, *args, **kwargs):
        try:
            party_lookup_rate_check(request, api=True)
        except DomainError as exc:
            return answers.domain_error(exc)
        return run(request, *args, **kwargs)

    return counted


@router.post(
    "/cek-anggota-partai",
    response={200: PartyLookupOut, **ERRORS},
    summary="Cek anggota partai: apakah NIK saya dicatat oleh partai politik?",
)
@decorate_view(_counted_before_reading)
def party_member_lookup(request, payload: PartyLookupIn):
    """Jawaban `tercatat: true` hanya bila NIK tercatat dalam daftar anggota partai **dan** nama cocok; selain
    itu jawabannya selalu sama persis (NIK tidak dikenal, nama salah, atau tidak lagi tercatat), sehingga
    layanan ini tidak pernah membenarkan bahwa sebuah NIK ada atau menjadi anggota. Dibatasi per alamat
    klien (`SUARA_PARTY_LOOKUP_RATE` per menit, bawaan 300; integrator memakai batas kuncinya sendiri) dan
    per NIK (`SUARA_PARTY_LOOKUP_NIK_RATE` per jam, bawaan 20, kode `nik_rate_limited`), 429 dengan
    `Retry-After`."""
    return party_lookup_answer(request, payload.nik, payload.nama)
