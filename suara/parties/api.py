"""The parties of an election, read over the API: GET /api/v1/partai."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from suara.core.errors import NotFound
from suara.core.schemas import ERRORS
from suara.parties.errors import PartyErrorCode
from suara.parties.selectors import election_with_parties, parties_of

router = Router(tags=["partai"])


class PartyOut(Schema):
    nomor_urut: int = Field(alias="number")
    kode: str = Field(alias="code")
    nama: str = Field(alias="name")
    singkatan: str = Field(alias="abbreviation")
    jenis: str = Field(alias="kind", description="nasional, atau lokal (Aceh)")
    provinsi: str = Field(alias="province_code", description="provinsi partai lokal; kosong bila nasional")


class PartiesOut(Schema):
    pemilu: str
    sumber: str
    partai: list[PartyOut]


@router.get("/partai", response={200: PartiesOut, **ERRORS}, summary="Partai politik peserta pemilu")
def party_list(
    request,
    pemilu: str = Query("", max_length=50, pattern=r"^[a-z0-9-]*$", description="slug pemilu, mis. pemilu-2024"),
):
    slug = pemilu or election_with_parties()
    parties = list(parties_of(slug)) if slug else []
    if not parties:
        raise NotFound(PartyErrorCode.PARTY_NOT_FOUND, "Pemilu ini tidak memiliki partai peserta.", field="pemilu")
    return {"pemilu": slug, "sumber": parties[0].source, "partai": parties}
