"""What the v1 API answers about regions and TPS."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from suara.regions.models import Region, Tps

LevelWord = Literal["provinsi", "kabkota", "kecamatan", "desa"]
LEVEL_WORDS: dict[int, LevelWord] = {1: "provinsi", 2: "kabkota", 3: "kecamatan", 4: "desa"}
LEVEL_NUMBERS: dict[str, int] = {word: number for number, word in LEVEL_WORDS.items()}


class RegionRef(Schema):
    code: str
    name: str


class RegionSummary(Schema):
    code: str
    name: str
    level: LevelWord
    child_count: int = Field(description="wilayah langsung di bawahnya")
    tps_count: int = Field(description="TPS di seluruh wilayah ini")
    kemendagri_code: str | None = Field(None, description="kode Kemendagri padanannya (hanya desa)")
    kemendagri_match: str | None = Field(None, description="cara padanan dibuat (hanya desa)")


class RegionDetail(RegionSummary):
    parent: RegionRef | None
    ancestors: list[RegionRef] = Field(description="wilayah di atasnya, dari provinsi ke bawah")


TpsKind = Literal["reguler", "khusus", "ln_tps", "ln_pos", "ln_ksk"]


class TpsSummary(Schema):
    code: str
    number: int
    kind: TpsKind = Field(description="reguler, khusus (lokasi khusus), atau jenis pos luar negeri")


class TpsDetail(TpsSummary):
    desa: RegionRef
    ancestors: list[RegionRef] = Field(description="wilayah di atas TPS, dari provinsi sampai desa")


def ref(region: Region) -> dict:
    return {"code": region.code, "name": region.name}


def region_summary(region: Region) -> dict:
    """``region`` must carry a ``child_count`` annotation (the selectors add it)."""
    desa = region.level == 4
    return {
        "code": region.code,
        "name": region.name,
        "level": LEVEL_WORDS[region.level],
        "child_count": region.child_count,
        "tps_count": region.tps_count,
        "kemendagri_code": (region.kemendagri_code or None) if desa else None,
        "kemendagri_match": (region.kemendagri_match or None) if desa else None,
    }


def region_detail(region: Region, ancestors: list[Region]) -> dict:
    return {
        **region_summary(region),
        "parent": ref(region.parent) if region.parent else None,
        "ancestors": [ref(a) for a in ancestors],
    }


def tps_summary(tps: Tps) -> dict:
    return {"code": tps.code, "number": tps.number, "kind": tps.kind}


def tps_detail(tps: Tps, ancestors: list[Region]) -> dict:
    return {**tps_summary(tps), "desa": ref(tps.desa), "ancestors": [ref(a) for a in ancestors]}
