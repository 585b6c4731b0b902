"""The city's internal count over the v1 API, under /api/v1/kota/: a field officer of the city enters a
TPS's numbers; the field officer or the city's viewer reads them back with KPU's published numbers beside
them. Token required; never public. Kept apart from KPU's count: nothing here touches its tables."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Path, Router, Schema, Status

from suara.accounts.api_auth import TOKEN_AUTH
from suara.accounts.authz import authorize
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.errors import NotFound
from suara.core.schemas import ERRORS, Error
from suara.officers.city import selectors, services
from suara.officers.errors import OfficerErrorCode

router = Router(tags=["hitung kota"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}
# Bounds what is parsed; the rules bound a TPS's numbers far lower (R10: the election's TPS maximum).
MAX_NUMBER = 10**12


class CountIn(Schema):
    kontestasi: str = Field(max_length=60, description="slug kontestasi, mis. ppwp-2024")
    tps: str = Field(max_length=13, description="kode TPS, 13 digit")
    suara: dict[str, int] = Field(description="suara per nomor urut pasangan calon: {'1': 40, ...}")
    sah: int = Field(ge=0, le=MAX_NUMBER)
    tidak_sah: int = Field(ge=0, le=MAX_NUMBER)
    jumlah: int = Field(ge=0, le=MAX_NUMBER)
    versi: int | None = Field(
        None, ge=0, le=2**31, description="versi yang dibaca sebelum mengisi (0: belum ada); beda → 409"
    )


class CountOut(Schema):
    kontestasi: str
    tps: str
    versi: int
    suara: dict[str, int]
    sah: int
    tidak_sah: int
    jumlah: int
    diisi_oleh: str
    diisi_pada: datetime
    kpu: dict[str, int] | None = Field(None, description="angka TPS yang diterbitkan KPU, bila sudah ada")
    berbeda: list[str] = Field(description="kolom yang angkanya berbeda dari KPU")


def _out(count, kpu: dict | None) -> dict:
    flat = selectors.city_flat(count)
    return {
        "kontestasi": count.contest.slug,
        "tps": count.tps_code,
        "versi": count.version,
        "suara": {k.split(".", 1)[1]: v for k, v in count.votes.items()},
        "sah": count.valid,
        "tidak_sah": count.invalid,
        "jumlah": count.total,
        "diisi_oleh": count.entered_by,
        "diisi_pada": count.entered_at,
        "kpu": kpu,
        "berbeda": selectors.differences(flat, kpu) if kpu is not None else [],
    }


def _kpu_of(count) -> dict | None:
    row = next((r for r in selectors.comparison(count.contest, count.tps_code) if r.tps == count.tps_code), None)
    return row.kpu if row else None


@router.post("/kota/hitung", auth=TOKEN_AUTH, response={201: CountOut, **WRITE_ERRORS},
             summary="Isi hitung kota satu TPS")  # fmt: skip
def count_enter(request, payload: CountIn):
    """Oleh petugas lapangan pemda yang wilayahnya memuat TPS itu. 403 `city_area_forbidden` (TPS kota lain),
    404 `city_region_not_found` / `city_election_not_found`, 409 `city_count_stale`, 422 `city_count_invalid`
    dengan setiap aturan yang dilanggar di `details` (jumlah tidak konsisten, angka melebihi batas TPS)."""
    count = services.city_count_enter(
        actor=Actor.of(request.auth.user),
        contest=payload.kontestasi,
        tps=payload.tps,
        votes=payload.suara,
        valid=payload.sah,
        invalid=payload.tidak_sah,
        total=payload.jumlah,
        base_version=payload.versi,
    )
    return Status(201, _out(count, _kpu_of(count)))


@router.get("/kota/hitung/{kontestasi}/{tps}", auth=TOKEN_AUTH, response={200: CountOut, **ERRORS, 403: Error},
            summary="Hitung kota satu TPS, dengan angka KPU")  # fmt: skip
def count_read(
    request,
    kontestasi: str = Path(..., max_length=60, description="slug kontestasi"),
    tps: str = Path(..., max_length=13, description="kode TPS"),
):
    """Untuk petugas lapangan pemda dan pemerintah daerah (hanya lihat) yang wilayahnya memuat TPS itu.
    404 `city_region_not_found` bila kota belum menghitung TPS itu."""
    user = request.auth.user
    if not authorize(user, Action.VIEW_CITY, tps):
        selectors.area_open(user, tps, Action.ENTER_CITY_COUNT)
    count = selectors.city_count_read(kontestasi, tps)
    if count is None:
        raise NotFound(OfficerErrorCode.CITY_REGION_NOT_FOUND, "Kota belum menghitung TPS ini.", field="tps")
    return _out(count, _kpu_of(count))
