"""The survey's API schemas, shared by the API operation (``api.py``) and its fast path (``fastpath.py``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from ninja import Field, Schema

KindIn = Literal["none", "voice", "3g", "4g"]


class ReadingIn(Schema):
    operator: str = Field(max_length=20, description="kode operator (GET /jaringan/operator)")
    jenis: KindIn = Field(description="none, voice (telepon dan SMS saja), 3g, 4g")


class SurveyIn(Schema):
    tps: str = Field(max_length=13, description="kode TPS, 13 digit")
    id: uuid.UUID | None = Field(None, description="id survei dari perangkat: kirim ulang yang sama tercatat sekali")
    waktu: datetime | None = Field(None, description="saat survei (bawaan: sekarang)")
    sinyal: list[ReadingIn] = Field(max_length=8, description="sinyal tiap operator yang diperiksa")
    jenis_koneksi: str = Field("", max_length=8, description="navigator.connection.effectiveType bila ada")
    uji_ms: int | None = Field(None, ge=0, le=120_000, description="waktu pulang-pergi uji ke server, ms")
    lintang: float | None = Field(None, description="hanya bila petugas mengizinkan lokasi")
    bujur: float | None = None


class SurveyOut(Schema):
    tps: str
    id: uuid.UUID | None
    tercatat: int = Field(description="pengamatan yang tersimpan (satu per operator)")
    kelas: str = Field(description="kelas kesiapan TPS sesudah survei: siap, terbatas, blank_spot, belum")
