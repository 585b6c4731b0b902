"""The public real count over the v1 API, read from the published snapshots: public and served from the
per-process snapshot cache (``selectors``): the JSON is built once per snapshot version and sent with an
ETag, so a busy recap costs no serialising and at most one small query twice a second.
"""

from __future__ import annotations

from ninja import Path, Query, Router

from suara.core.schemas import ERRORS
from suara.results.public import selectors
from suara.results.public.answers import recap_response, tps_response
from suara.results.schemas import ContestSummary, RecapOut, TpsRecapOut

router = Router(tags=["hasil"])

CONTEST_ID = "pengenal kontestasi, mis. ppwp-2024"
REGION_CODE = "kode wilayah KPU: 2 (provinsi), 4 (kab/kota), 6 (kecamatan) atau 10 (desa) digit"
TPS_CODE = "13 digit: kode desa (10) diikuti nomor TPS (3)"


@router.get("/contests", response={200: list[ContestSummary], **ERRORS}, summary="Daftar kontestasi")
def contest_list(request, election: str | None = Query(None, description="hanya pemilu ini, mis. pemilu-2024")):
    return [
        {
            "id": c.slug,
            "name": c.name,
            "election": c.election.slug,
            "election_name": c.election.name,
            "ballot_type": c.ballot_type,
            "region_code": c.region_code or None,
            "recap": f"/api/v1/contests/{c.slug}/recap",
        }
        for c in selectors.contest_list(election)
    ]


@router.get(
    "/contests/{contest}/recap",
    response={200: RecapOut, 304: None, **ERRORS},
    summary="Rekapitulasi tingkat teratas kontestasi (hitung nyata)",
)
def recap_national(request, contest: str = Path(..., description=CONTEST_ID)):
    """Nasional untuk pemilu nasional; provinsi atau kabupaten/kota untuk pilkada. Dari snapshot yang
    berlaku: suara dan persentase tiap calon, suara sah dan tidak sah, TPS yang sudah melapor, tanda janggal,
    dan wilayah di bawahnya; `missing` menyebut yang belum dimuat (daftar TPS, pasangan calon). Mendukung
    `If-None-Match`."""
    return recap_response(request, selectors.region_recap(contest, ""))


@router.get(
    "/contests/{contest}/recap/{code}",
    response={200: RecapOut, 304: None, **ERRORS},
    summary="Rekapitulasi satu wilayah",
)
def recap_region(
    request, contest: str = Path(..., description=CONTEST_ID), code: str = Path(..., description=REGION_CODE)
):
    """Provinsi, kabupaten/kota, kecamatan atau desa; anak-anak sebuah desa adalah TPS-nya."""
    return recap_response(request, selectors.region_recap(contest, code))


@router.get(
    "/contests/{contest}/tps/{code}",
    response={200: TpsRecapOut, 304: None, **ERRORS},
    summary="Hasil satu TPS, dengan riwayat versi dan foto formulir",
)
def tps_result(request, contest: str = Path(..., description=CONTEST_ID), code: str = Path(..., description=TPS_CODE)):
    return tps_response(request, selectors.tps_recap(contest, code))
