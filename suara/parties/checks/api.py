"""The checks over the v1 API, with an API token: a party operator's double memberships and withdrawing
one, a KPU kab/kota's decision on a person's signed statement (multipart), and the requirement per
kab/kota. The same services and reads as the pages (``views``); NIKs only masked, ids in paths."""

from __future__ import annotations

from typing import Literal

from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from suara.accounts.api_auth import TOKEN_AUTH
from suara.audit.actors import Actor
from suara.core.errors import ErrorCode, PermissionDenied
from suara.core.schemas import ERRORS, Error
from suara.parties.checks import selectors, services_resolution
from suara.results.entry.photos import MAX_BYTES

router = Router(tags=["keanggotaan partai (pemeriksaan)"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error, 413: Error}


class DoubleOut(Schema):
    id: int
    nama: str
    nik: str
    kabkota: str
    partai_lain: list[str]


class DoublesOut(Schema):
    partai: str
    jumlah: int
    anggota: list[DoubleOut]


class ListingOut(Schema):
    id: int
    partai: str
    dihapus: bool
    alasan_hapus: str
    status: str


class RequirementOut(Schema):
    kabkota: str
    nama: str
    anggota: int
    memenuhi_syarat: int
    penduduk: int | None
    tahun: int | None
    sumber: str
    syarat: int
    terpenuhi: bool


def _operator_party(user, code: str):
    parties = selectors.operator_parties(user)
    party = next((p for p in parties if p.code == code), None) if code else (parties[0] if parties else None)
    if party is None:
        raise PermissionDenied(ErrorCode.FORBIDDEN, "Anda bukan operator partai ini.", field="partai")
    return party


@router.get(
    "/partai/ganda", auth=TOKEN_AUTH, response={200: DoublesOut, **WRITE_ERRORS}, summary="Keanggotaan ganda partai"
)
def doubles(request, partai: str = Query("", max_length=32, description="kode partai operator")):
    party = _operator_party(request.auth.user, partai)
    total, rows = selectors.doubles_of_party(party)
    return {
        "partai": party.code,
        "jumlah": total,
        "anggota": [
            {"id": r.listing_id, "nama": r.name, "nik": r.nik_masked, "kabkota": r.kabkota_code,
             "partai_lain": r.other_parties}
            for r in rows
        ],
    }  # fmt: skip


def _listing_out(member) -> dict:
    return {
        "id": member.pk,
        "partai": member.party.code,
        "dihapus": member.removed_at is not None,
        "alasan_hapus": member.removed_reason,
        "status": member.status,
    }


@router.post(
    "/partai/ganda/{int:id}/tarik",
    auth=TOKEN_AUTH,
    response={200: ListingOut, **WRITE_ERRORS},
    summary="Tarik data keanggotaan (keanggotaan ganda)",
)
def withdraw(request, id: int):
    return _listing_out(services_resolution.membership_withdraw(actor=Actor.of(request.auth.user), listing_id=id))


class DecisionOut(Schema):
    dihapus: int
    dipertahankan: ListingOut | None


@router.post(
    "/partai/ganda/{int:id}/putuskan",
    auth=TOKEN_AUTH,
    response={200: DecisionOut, **WRITE_ERRORS},
    summary="Surat pernyataan: memilih satu partai atau menyangkal (KPU kab/kota)",
)
def decide(
    request,
    id: int,
    keputusan: Literal["pilih", "sangkal"] = Form(..., description="pilih satu partai, atau sangkal semua"),
    partai_id: int | None = Form(None, description="partai yang dipilih (pengenal partai), untuk 'pilih'"),
    surat: UploadedFile = File(None, description="surat pernyataan bertanda tangan: PDF, JPEG atau PNG"),  # noqa: B008
):
    raw = surat.read(MAX_BYTES + 1) if surat is not None else None
    if keputusan == "sangkal":
        count = services_resolution.membership_deny(actor=Actor.of(request.auth.user), listing_id=id, statement=raw)
        return {"dihapus": count, "dipertahankan": None}
    kept = services_resolution.membership_choose(
        actor=Actor.of(request.auth.user), listing_id=id, party_id=partai_id, statement=raw
    )
    return {"dihapus": 1, "dipertahankan": _listing_out(kept)}


@router.get(
    "/partai/syarat",
    auth=TOKEN_AUTH,
    response={200: list[RequirementOut], **WRITE_ERRORS},
    summary="Anggota memenuhi syarat per kabupaten/kota terhadap syarat jumlah",
)
def requirement(request, partai: str = Query("", max_length=32, description="kode partai operator")):
    party = _operator_party(request.auth.user, partai)
    return [
        {"kabkota": r.kabkota_code, "nama": r.kabkota_name, "anggota": r.listings, "memenuhi_syarat": r.eligible,
         "penduduk": r.population, "tahun": r.year, "sumber": r.source, "syarat": r.required, "terpenuhi": r.met}
        for r in selectors.requirement_of(party)
    ]  # fmt: skip
