"""Rumour reports over the v1 API. Public: ``POST /api/v1/hoaks/laporan`` (multipart: a city app's "lapor
hoaks" button), rate-limited per client address as the page is. Officers' (KPU, Diskominfo; their token):
the inbox of groups, a group's reports, linking a group to a clarification, dismissing it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.conf import settings
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from suara.accounts.api_auth import TOKEN_AUTH, client_key
from suara.audit.actors import Actor
from suara.core.errors import ErrorCode, NotFound, PermissionDenied
from suara.core.ratelimit import rate_check
from suara.core.schemas import ERRORS, Error
from suara.information import selectors_rumours, services_rumours
from suara.information.errors import InformationErrorCode
from suara.information.models import RumourGroup
from suara.information.screenshots import MAX_BYTES, screenshot_too_large

router = Router(tags=["hoaks"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}


class ReportedOut(Schema):
    kelompok: int = Field(description="kelompok laporan kabar yang sama")
    dilaporkan: int = Field(description="berapa kali kabar ini sudah dilaporkan")
    klarifikasi: int | None = Field(description="klarifikasi yang sudah terbit untuk kabar ini, bila ada")
    kontak_disimpan: bool = Field(description="kontak disimpan untuk memberi tahu sekali, lalu dihapus")


@router.post(
    "/hoaks/laporan",
    response={201: ReportedOut, 413: Error, 503: Error, **ERRORS},
    summary="Laporkan kabar yang beredar (tanpa akun)",
    auth=None,
)
def rumour_report(
    request,
    teks: str = Form(..., description="kabar yang beredar, 10 sampai 2.000 karakter", max_length=20_000),
    tautan: str = Form("", description="tautan http(s) tempat kabar beredar", max_length=2000),
    kontak: str = Form("", description="nomor ponsel Indonesia atau e-mail, untuk diberi tahu", max_length=300),
    tangkapan_layar: UploadedFile = File(None, description="JPEG atau PNG, paling besar 5 MB"),  # noqa: B008
):
    """Kontak hanya dipakai untuk memberi tahu pelapor sekali ketika klarifikasinya terbit, lalu dihapus; bila
    kabar itu sudah diklarifikasi, jawabannya langsung ada di `klarifikasi` dan kontak tidak disimpan."""
    rate_check(f"hoaks-lapor:addr:{client_key(request)}", settings.SUARA_RUMOUR_REPORT_RATE)
    raw = None
    if tangkapan_layar is not None:
        if tangkapan_layar.size is not None and tangkapan_layar.size > MAX_BYTES:
            raise screenshot_too_large()
        raw = tangkapan_layar.read(MAX_BYTES + 1)
    reported = services_rumours.rumour_report(text=teks, link=tautan, screenshot=raw, contact=kontak)
    return Status(
        201,
        {
            "kelompok": reported.group.pk,
            "dilaporkan": reported.group.report_count,
            "klarifikasi": reported.answer.pk if reported.answer else None,
            "kontak_disimpan": bool(reported.report.contact),
        },
    )


class GroupOut(Schema):
    id: int
    status: str = Field(description="open, answered atau dismissed")
    ringkasan: str
    dilaporkan: int
    pertama: datetime
    terakhir: datetime
    klarifikasi: int | None
    alasan: str = Field(description="alasan diabaikan")


class ReportOut(Schema):
    id: int
    teks: str
    tautan: str
    tangkapan_layar: bool
    kontak: bool = Field(description="pelapor meninggalkan kontak (kontaknya sendiri tidak pernah ditampilkan)")
    waktu: datetime


class GroupDetailOut(GroupOut):
    laporan: list[ReportOut]


def _officer(request):
    if selectors_rumours.inbox_role(request.auth.user) is None:
        raise PermissionDenied(ErrorCode.FORBIDDEN, "Hanya KPU atau Diskominfo yang menangani laporan hoaks.")
    return request.auth.user


def _group_out(group: RumourGroup) -> dict:
    return {
        "id": group.pk,
        "status": group.status,
        "ringkasan": group.summary,
        "dilaporkan": group.report_count,
        "pertama": group.first_reported_at,
        "terakhir": group.last_reported_at,
        "klarifikasi": group.clarification_id,
        "alasan": group.dismissed_reason,
    }


@router.get(
    "/hoaks/laporan",
    response={200: list[GroupOut], **WRITE_ERRORS},
    summary="Kelompok laporan kabar, yang paling banyak dilaporkan dulu",
    auth=TOKEN_AUTH,
)
def rumour_groups(request, status: Literal["open", "answered", "dismissed"] = Query("open")):
    _officer(request)
    return [_group_out(g) for g in selectors_rumours.groups(status)[: selectors_rumours.INBOX_LIMIT]]


@router.get(
    "/hoaks/laporan/{int:pk}",
    response={200: GroupDetailOut, **WRITE_ERRORS},
    summary="Satu kelompok laporan dengan laporannya",
    auth=TOKEN_AUTH,
)
def rumour_group(request, pk: int):
    _officer(request)
    group = selectors_rumours.group_get(pk)
    if group is None:
        raise NotFound(InformationErrorCode.RUMOUR_GROUP_NOT_FOUND, "Kelompok laporan tidak ditemukan.", field="id")
    reports = [
        {
            "id": r.pk,
            "teks": r.text,
            "tautan": r.link,
            "tangkapan_layar": bool(r.screenshot_sha256),
            "kontak": bool(r.contact_kind),
            "waktu": r.created_at,
        }
        for r in selectors_rumours.group_reports(group)
    ]
    return {**_group_out(group), "laporan": reports}


class LinkIn(Schema):
    klarifikasi: int = Field(description="nomor klarifikasi (terbit, atau draf di wilayah Anda)")


class DismissIn(Schema):
    alasan: str = Field(description="5 sampai 500 karakter", max_length=2000)


@router.post(
    "/hoaks/laporan/{int:pk}/tautkan",
    response={200: GroupOut, **WRITE_ERRORS},
    summary="Tautkan kelompok laporan ke klarifikasi",
    auth=TOKEN_AUTH,
)
def rumour_link(request, pk: int, body: LinkIn):
    group = services_rumours.rumour_link(
        actor=Actor.of(request.auth.user), group_id=pk, clarification_id=body.klarifikasi
    )
    return _group_out(group)


@router.post(
    "/hoaks/laporan/{int:pk}/abaikan",
    response={200: GroupOut, **WRITE_ERRORS},
    summary="Abaikan kelompok laporan (dengan alasan)",
    auth=TOKEN_AUTH,
)
def rumour_dismiss(request, pk: int, body: DismissIn):
    group = services_rumours.rumour_dismiss(actor=Actor.of(request.auth.user), group_id=pk, reason=body.alasan)
    return _group_out(group)
