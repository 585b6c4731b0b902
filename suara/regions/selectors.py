"""Reads of the electoral geography that the API and the pages share."""

from __future__ import annotations

import unicodedata

from django.db.models import Count, QuerySet

from suara.core.errors import DomainError, ErrorCode, NotFound
from suara.core.region_codes import OVERSEAS_PROVINCE, ancestor_codes, is_tps_code, region_level
from suara.regions.errors import RegionErrorCode
from suara.regions.models import Region, Tps


def _check_region_code(code: str) -> None:
    if region_level(code) is None:
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE,
            "Kode wilayah harus berupa angka 2, 4, 6 atau 10 digit.",
            field="code",
        )


def region_get(code: str) -> Region:
    _check_region_code(code)
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Wilayah dengan kode {code} tidak ditemukan.", field="code")
    return region


def region_detail(code: str) -> Region:
    """One region with its parent and its own child count (one query)."""
    _check_region_code(code)
    region = Region.objects.select_related("parent").annotate(child_count=Count("children")).filter(code=code).first()
    if region is None:
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Wilayah dengan kode {code} tidak ditemukan.", field="code")
    return region


def region_children(code: str | None = None) -> QuerySet[Region]:
    """Children of a region with their own child counts; no code: the provinces (overseas, 99, last)."""
    if code is None:
        qs = Region.objects.filter(level=1)
    else:
        qs = Region.objects.filter(parent_id=region_get(code).code)
    return qs.annotate(child_count=Count("children")).order_by("code")


def region_ancestors(code: str) -> list[Region]:
    """The regions above a region or TPS code, from the province down."""
    codes = ancestor_codes(code)
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


SEARCH_MAX_LENGTH = 100


def region_search(query: str, *, level: int | None = None, limit: int = 20) -> list[Region]:
    """Regions whose name contains the query (case-insensitive), the higher levels first, each with its
    child count."""
    query = " ".join(query.split())
    if len(query) < 2:
        raise DomainError(RegionErrorCode.SEARCH_TOO_SHORT, "Kata pencarian minimal 2 huruf.", field="search")
    # PostgreSQL refuses NUL in a string and no region name holds a control character or 100+ letters.
    if len(query) > SEARCH_MAX_LENGTH or any(unicodedata.category(c) in ("Cc", "Cs") for c in query):
        raise DomainError(
            RegionErrorCode.INVALID_SEARCH,
            f"Kata pencarian paling banyak {SEARCH_MAX_LENGTH} huruf, tanpa karakter kontrol.",
            field="search",
        )
    qs = Region.objects.filter(name__icontains=query)
    if level is not None:
        qs = qs.filter(level=level)
    return list(
        qs.select_related("parent").annotate(child_count=Count("children")).order_by("level", "name", "code")[:limit]
    )


def tps_get(code: str) -> Tps:
    if not is_tps_code(code):
        raise DomainError(ErrorCode.INVALID_TPS_CODE, "Kode TPS harus berupa 13 digit angka.", field="code")
    tps = Tps.objects.select_related("desa").filter(code=code).first()
    if tps is None:
        raise NotFound(ErrorCode.TPS_NOT_FOUND, f"TPS dengan kode {code} tidak ditemukan.", field="code")
    return tps


def tps_in_desa(code: str) -> QuerySet[Tps]:
    """The TPS of one desa/kelurahan; a code of another level is refused rather than answered empty."""
    region = region_get(code)
    if region.level != 4:
        raise DomainError(
            RegionErrorCode.NOT_A_DESA, "Daftar TPS hanya tersedia untuk desa/kelurahan (kode 10 digit).", field="code"
        )
    return Tps.objects.filter(desa_id=region.code).order_by("number")


def national_counts() -> dict[str, int]:
    provinces = Region.objects.filter(level=1)
    return {
        "provinces": provinces.exclude(code=OVERSEAS_PROVINCE).count(),
        "tps": sum(provinces.values_list("tps_count", flat=True)),
    }
