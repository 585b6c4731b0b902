"""The check-in's API schemas, shared by the API operation and its fast path."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class CheckInIn(Schema):
    pemilu: str = Field(max_length=40, description="slug pemilu, mis. pemilu-2024")
    tps: str = Field(min_length=13, max_length=13, description="kode TPS, 13 digit")
    jadwal: str = Field(max_length=12, description="buka, tutup, hitung-1, hitung-2, …, selesai")
    semua_sehat: bool = Field(description="semua petugas hadir dan sehat")
    tidak_sehat: list[int] = Field(
        default_factory=list, max_length=20, description="id petugas TPS ini yang tidak sehat"
    )


class CheckInOut(Schema):
    baru: bool = Field(description="false: jadwal ini sudah dilaporkan; tidak ada yang ditulis")
    tps: str
    jadwal: str
    semua_sehat: bool
    tidak_sehat: list[int]
    waktu: datetime
