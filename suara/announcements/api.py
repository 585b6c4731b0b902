"""Announcements over the v1 API: the published list of a region with filters, and one announcement, both
tagged for shared caches as the pages and feeds are (``answers``). Public: no token."""

from __future__ import annotations

from datetime import datetime

import orjson
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from suara.announcements import present, selectors
from suara.announcements.answers import list_answer, one_answer
from suara.announcements.errors import AnnouncementErrorCode
from suara.announcements.listing import DEFAULT_LIMIT, MAX_LIMIT, PUBLIC_MAX_AGE, ListQuery, category_of, region_code_of
from suara.announcements.models import Announcement
from suara.announcements.rules import public_tag
from suara.announcements.workflow import State
from suara.core.answers import CONTENT_TYPE
from suara.core.errors import NotFound
from suara.core.schemas import ERRORS

router = Router(tags=["pengumuman"])


class AttachmentOut(Schema):
    nama: str
    jenis: str = Field(description="application/pdf, image/jpeg atau image/png")
    ukuran: int = Field(description="byte")
    url: str


class CorrectionOut(Schema):
    pada: datetime
    catatan: str
    diubah: list[str] = Field(description="nama bidang yang diubah: title, body, event_start, …")
    versi: int


class AnnouncementOut(Schema):
    id: int
    judul: str
    isi: str
    judul_en: str = Field(description="terjemahan Inggris; kosong bila tidak ada")
    isi_en: str
    kategori: str
    wilayah: str = Field(description="kode wilayah; kosong: nasional")
    penerbit: str = Field(description="mis. KPU Kota Depok, Diskominfo Kota Depok")
    terbit: datetime
    acara_mulai: datetime | None
    acara_selesai: datetime | None
    tempat_acara: str
    lampiran: list[AttachmentOut]
    versi: int
    ralat: list[CorrectionOut]
    url: str


def public_of(announcement: Announcement, absolute) -> dict:
    return {
        "id": announcement.pk,
        "judul": announcement.title,
        "isi": announcement.body,
        "judul_en": announcement.title_en,
        "isi_en": announcement.body_en,
        "kategori": announcement.category,
        "wilayah": announcement.region_code,
        "penerbit": announcement.issuer,
        "terbit": announcement.publish_at,
        "acara_mulai": announcement.event_start,
        "acara_selesai": announcement.event_end,
        "tempat_acara": announcement.event_location,
        "lampiran": [
            {
                "nama": a["name"],
                "jenis": a["content_type"],
                "ukuran": a["size"],
                "url": absolute(present.attachment_path(announcement, a)),
            }
            for a in announcement.attachments
        ],
        "versi": announcement.version,
        "ralat": [
            {"pada": c["at"], "catatan": c["note"], "diubah": c["fields"], "versi": c["version"]}
            for c in present.corrections(announcement)
        ],
        "url": absolute(present.detail_path(announcement)),
    }


def _json(body) -> HttpResponse:
    # orjson: times as the API writes them elsewhere (UTC with "Z"), at a fraction of json's cost.
    return HttpResponse(orjson.dumps(body, option=orjson.OPT_UTC_Z), content_type=CONTENT_TYPE)


@router.get(
    "/pengumuman", response={200: list[AnnouncementOut], **ERRORS}, summary="Pengumuman terbit suatu wilayah", auth=None
)
def announcement_list(
    request,
    wilayah: str = Query("nasional", max_length=10, description="kode wilayah (2, 4, 6 atau 10 digit) atau nasional"),
    kategori: str = Query("", max_length=20, description="tahapan, rekrutmen, dpb, kampanye, pemungutan, hasil, …"),
    acara: bool = Query(False, description="hanya pengumuman dengan waktu acara"),
    batas: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="jumlah paling banyak, terbaru dulu"),
):
    """Pengumuman wilayah itu, wilayah di atasnya (nasional juga) dan di bawahnya, terbaru dulu. Jawaban
    membawa ETag dan Cache-Control; permintaan dengan If-None-Match yang masih cocok dijawab 304."""
    query = ListQuery(region_code_of(wilayah), category_of(kategori), events_only=acara, limit=batas)
    absolute = present.absolute_of(request)
    return list_answer(request, query, "api", lambda listing: _json([public_of(a, absolute) for a in listing.items]))


@router.get("/pengumuman/{pk}", response={200: AnnouncementOut, **ERRORS}, summary="Satu pengumuman", auth=None)
def announcement_one(request, pk: int):
    announcement = selectors.announcement_public(pk)
    if announcement is None or announcement.state == State.WITHDRAWN:
        raise NotFound(AnnouncementErrorCode.ANNOUNCEMENT_NOT_FOUND, "Pengumuman tidak ditemukan.", field="id")
    etag = public_tag("api-one", announcement.pk, announcement.version)
    absolute = present.absolute_of(request)
    return one_answer(request, etag, lambda: _json(public_of(announcement, absolute)), PUBLIC_MAX_AGE)
