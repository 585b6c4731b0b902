"""Regions and TPS of KPU's electoral geography, by KPU code. Public: no token needed."""

from __future__ import annotations

from ninja import Path, Query, Router

from suara.core.schemas import ERRORS
from suara.regions import schemas, selectors
from suara.regions.schemas import LEVEL_NUMBERS, LevelWord, RegionDetail, RegionSummary, TpsDetail, TpsSummary

router = Router(tags=["wilayah"])

SEARCH_LIMIT = 20
REGION_CODE = "kode wilayah KPU: 2 (provinsi), 4 (kab/kota), 6 (kecamatan) atau 10 (desa) digit"


@router.get("/regions", response={200: list[RegionSummary], **ERRORS}, summary="Cari wilayah, atau daftar provinsi")
def region_list(
    request,
    search: str | None = Query(None, description="bagian nama wilayah, minimal 2 huruf"),
    level: LevelWord | None = Query(None, description="hanya wilayah tingkat ini (bersama search)"),  # noqa: B008
    limit: int = Query(SEARCH_LIMIT, ge=1, le=50, description="jumlah hasil paling banyak (bersama search)"),
):
    """Tanpa `search`: ke-38 provinsi dan wilayah luar negeri (kode 99)."""
    if search is None:
        return [schemas.region_summary(r) for r in selectors.region_children()]
    found = selectors.region_search(search, level=LEVEL_NUMBERS[level] if level else None, limit=limit)
    return [schemas.region_summary(r) for r in found]


@router.get("/regions/{code}", response={200: RegionDetail, **ERRORS}, summary="Satu wilayah")
def region_get(request, code: str = Path(..., description=REGION_CODE)):
    region = selectors.region_detail(code)
    return schemas.region_detail(region, selectors.region_ancestors(code))


@router.get("/regions/{code}/children", response={200: list[RegionSummary], **ERRORS}, summary="Wilayah di bawahnya")
def region_children(request, code: str = Path(..., description=REGION_CODE)):
    return [schemas.region_summary(r) for r in selectors.region_children(code)]


@router.get("/regions/{code}/tps", response={200: list[TpsSummary], **ERRORS}, summary="TPS di satu desa/kelurahan")
def region_tps(request, code: str = Path(..., description="kode desa/kelurahan KPU, 10 digit")):
    return [schemas.tps_summary(t) for t in selectors.tps_in_desa(code)]


@router.get("/tps/{code}", response={200: TpsDetail, **ERRORS}, summary="Satu TPS")
def tps_get(request, code: str = Path(..., description="13 digit: kode desa (10) diikuti nomor TPS (3)")):
    tps = selectors.tps_get(code)
    return schemas.tps_detail(tps, selectors.region_ancestors(code))
