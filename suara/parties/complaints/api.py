"""A complaint's status over the v1 API: ``GET /api/v1/aduan-partai/{kode}``, what the public status page
shows (the state and its clocks, nothing personal), for a city app that follows the case for its citizen."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from ninja import Field, Router, Schema

from suara.core.schemas import ERRORS
from suara.parties.complaints.selectors import clocks, is_overdue
from suara.parties.complaints.services import complaint_get

router = Router(tags=["partai"])


class ClockOut(Schema):
    status: str
    keterangan: str
    mulai: datetime
    batas: datetime | None = Field(description="batas waktu layanan status ini; null bila tanpa batas")
    selesai: datetime | None = Field(description="null bila status ini masih berjalan")
    terlambat: bool


class ComplaintOut(Schema):
    kode: str
    partai_nomor_urut: int
    partai: str
    status: str = Field(description="received, clarification, decided, party_notified, removed, rejected")
    keterangan: str
    diajukan: datetime
    batas: datetime | None
    terlambat: bool
    partai_menanggapi: bool
    riwayat: list[ClockOut]


@router.get("/aduan-partai/{kode}", response={200: ComplaintOut, **ERRORS}, summary="Status aduan keanggotaan partai")
def complaint_status(request, kode: str):
    """Status aduan "Saya bukan anggota" menurut kode aduannya (10 huruf/angka), tanpa data pribadi; 404
    `complaint_not_found` bila tidak ada."""
    complaint = complaint_get(kode)
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):  # the API speaks Indonesian, whatever the cookie
        return _status(complaint, now)


def _status(complaint, now) -> dict:
    return {
        "kode": complaint.code,
        "partai_nomor_urut": complaint.party.number,
        "partai": complaint.party.name,
        "status": complaint.state,
        "keterangan": complaint.get_state_display(),
        "diajukan": complaint.created_at,
        "batas": complaint.due_at,
        "terlambat": is_overdue(complaint, now),
        "partai_menanggapi": complaint.party_answered_at is not None,
        "riwayat": [
            {
                "status": c.state,
                "keterangan": str(c.label),
                "mulai": c.began,
                "batas": c.due,
                "selesai": c.ended,
                "terlambat": c.overdue,
            }
            for c in clocks(complaint, settings.SUARA_PARTY_COMPLAINT_SLA_HOURS, now)
        ],
    }
