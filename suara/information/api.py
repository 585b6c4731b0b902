"""Hoax clarifications over the v1 API: the public search and reads (``GET /api/v1/hoaks?q=``), and the
KPU's and Diskominfo's writes with their token (draft, publish by a second person)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status

from suara.accounts.api_auth import TOKEN_AUTH
from suara.audit.actors import Actor
from suara.core.errors import NotFound
from suara.core.schemas import ERRORS, Error
from suara.information import selectors, services
from suara.information.errors import InformationErrorCode
from suara.information.pages import public_of

router = Router(tags=["hoaks"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}


class ClarificationOut(Schema):
    id: int
    klaim: str = Field(description="klaim sebagaimana beredar")
    vonis: str = Field(description="HOAKS, DISINFORMASI, MISINFORMASI, MENYESATKAN atau BENAR")
    arti_vonis: str
    penjelasan: str
    platform: str
    tautan_beredar: str
    pertama_terlihat: date | None
    bukti: list[str]
    wilayah: str = Field(description="kode wilayah; kosong: nasional")
    versi: int
    terbit: datetime | None


class AnswersIn(Schema):
    facts_true: bool | None = Field(None, description="Apakah fakta dalam klaim benar?")
    misleading_frame: bool | None = Field(None, description="Jika benar: dibingkai sehingga menyesatkan?")
    fabricated: bool | None = Field(None, description="Jika salah: dibuat-buat (rekaan, palsu, suntingan)?")
    intent_to_deceive: bool | None = Field(None, description="Jika salah dan tidak dibuat-buat: sengaja menipu?")


class ClarificationIn(Schema):
    claim: str = Field(max_length=4000)
    platform: str = Field(description="facebook, x, tiktok, instagram, whatsapp, youtube atau lainnya", max_length=20)
    verdict: str | None = Field(None, max_length=20)
    explanation: str = Field(max_length=20_000)
    answers: AnswersIn = Field(default_factory=AnswersIn)
    appearance_url: str = Field("", max_length=1000)
    first_seen: str = Field("", description="YYYY-MM-DD", max_length=20)
    evidence: list[str] = Field(default_factory=list, max_length=50)
    region_code: str = Field("", max_length=20)
    rumour_group: int | None = Field(
        None, description="kelompok laporan warga yang dijawab draf ini (hanya saat menulis draf; /hoaks/laporan)"
    )


class DraftOut(Schema):
    id: int
    status: str
    versi: int


@router.get("/hoaks", response={200: list[ClarificationOut], **ERRORS}, summary="Cari klarifikasi hoaks", auth=None)
def clarification_search(request, q: str = Query("", max_length=200, description="kata kunci; kosong: terbaru")):
    found = selectors.search(q) if q.strip() else list(selectors.published()[: selectors.SEARCH_LIMIT])
    return [public_of(c) for c in found]


@router.get("/hoaks/{int:pk}", response={200: ClarificationOut, **ERRORS}, summary="Satu klarifikasi hoaks", auth=None)
def clarification_one(request, pk: int):
    clarification = selectors.published_one(pk)
    if clarification is None:
        raise NotFound(InformationErrorCode.CLARIFICATION_NOT_FOUND, "Klarifikasi tidak ditemukan.", field="id")
    return public_of(clarification)


def _input(body: ClarificationIn) -> services.ClarificationInput:
    return services.ClarificationInput(**{**body.dict(), "answers": body.answers.dict()})


@router.post("/hoaks", response={201: DraftOut, **WRITE_ERRORS}, summary="Tulis draf klarifikasi", auth=TOKEN_AUTH)
def clarification_create(request, body: ClarificationIn):
    clarification = services.clarification_create(actor=Actor.of(request.auth.user), data=_input(body))
    return Status(201, {"id": clarification.pk, "status": clarification.status, "versi": clarification.version})


@router.put(
    "/hoaks/{int:pk}",
    response={200: DraftOut, **WRITE_ERRORS},
    summary="Ubah klarifikasi (versi baru)",
    auth=TOKEN_AUTH,
)
def clarification_update(request, pk: int, body: ClarificationIn):
    clarification = services.clarification_update(actor=Actor.of(request.auth.user), pk=pk, data=_input(body))
    return {"id": clarification.pk, "status": clarification.status, "versi": clarification.version}


@router.post(
    "/hoaks/{int:pk}/terbitkan",
    response={200: DraftOut, **WRITE_ERRORS},
    summary="Terbitkan (orang kedua)",
    auth=TOKEN_AUTH,
)
def clarification_publish(request, pk: int):
    clarification = services.clarification_publish(actor=Actor.of(request.auth.user), pk=pk)
    return {"id": clarification.pk, "status": clarification.status, "versi": clarification.version}
