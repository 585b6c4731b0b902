"""Where the count and another source (KPU's published numbers) differ, per region. Public, read-only; an
analysis over the published TPS snapshots (see ``results.comparison.selectors``), paginated."""

from __future__ import annotations

from typing import Any

from ninja import Field, Path, Query, Router, Schema

from suara.core.schemas import ERRORS
from suara.results.comparison import selectors as comparison

router = Router(tags=["hasil"])

CONTEST_ID = "kontestasi, mis. ppwp-2024"
REGION_CODE = "kode wilayah: 2, 4, 6 atau 10 digit, atau 13 digit untuk satu TPS"
SOURCE = "sumber pembanding: " + ", ".join(comparison.SOURCES)


class CountsOut(Schema):
    compared: int = Field(description="TPS yang punya hasil hitung dan angka sumber")
    equal: int = Field(description="... dengan angka yang sama")
    different: int = Field(description="... dengan angka yang berbeda (seperti tanda J5)")
    external_only: int = Field(description="hanya sumber yang punya angka")
    ours_only: int = Field(description="hanya hasil hitung, sumber belum punya angka")


class PlaceOut(Schema):
    code: str
    name: str


class ChildOut(Schema):
    code: str
    name: str
    counts: CountsOut


class DifferingTpsOut(Schema):
    code: str
    ours: dict[str, Any] = Field(description="hasil hitung, tally datar (votes.1, valid, ...)")
    theirs: dict[str, Any] = Field(description="angka sumber, tally datar")
    fields: list[str] = Field(description="angka yang dimiliki keduanya dan berbeda")


class ComparisonOut(Schema):
    contest: str
    source: str
    source_label: str
    code: str
    name: str
    level: int = Field(description="0 nasional, 1 provinsi ... 4 desa, 5 TPS")
    ancestors: list[PlaceOut]
    counts: CountsOut
    children: list[ChildOut]
    rows: list[DifferingTpsOut] = Field(description="TPS yang angkanya berbeda, urut kode, satu halaman")
    page: int
    pages: int
    page_size: int


def _out(found: comparison.Comparison) -> dict:
    return {
        "contest": found.contest.slug,
        "source": found.source,
        "source_label": found.source_label,
        "code": found.code,
        "name": found.name,
        "level": found.level,
        "ancestors": [{"code": c, "name": n} for c, n in found.ancestors],
        "counts": found.counts.as_dict(),
        "children": [{"code": c.code, "name": c.name, "counts": c.counts.as_dict()} for c in found.children],
        "rows": [{"code": r.code, "ours": r.ours, "theirs": r.theirs, "fields": r.fields} for r in found.rows],
        "page": found.page,
        "pages": found.pages,
        "page_size": found.page_size,
    }


def _compare(contest: str, code: str, source: str, page: int, page_size: int) -> dict:
    return _out(comparison.comparison_get(contest=contest, code=code, source=source, page=page, page_size=page_size))


@router.get(
    "/contests/{contest}/comparison",
    response={200: ComparisonOut, **ERRORS},
    summary="Perbandingan hasil hitung dengan sumber lain, nasional",
)
def comparison_national(
    request,
    contest: str = Path(..., description=CONTEST_ID),
    source: str = Query(..., description=SOURCE),
    page: int = Query(1, ge=1, description="halaman daftar TPS yang berbeda"),
    page_size: int = Query(50, ge=1, le=comparison.MAX_PAGE_SIZE, description="TPS per halaman"),
):
    """Berapa TPS yang dibandingkan, sama, berbeda, atau hanya ada di satu pihak, per provinsi; dan TPS
    yang angkanya berbeda dengan kedua tally-nya. Analisis atas angka TPS yang sudah terbit (snapshot),
    dihitung tiap permintaan: tidak di-cache."""
    return _compare(contest, "", source, page, page_size)


@router.get(
    "/contests/{contest}/comparison/{code}",
    response={200: ComparisonOut, **ERRORS},
    summary="Perbandingan hasil hitung dengan sumber lain, satu wilayah atau TPS",
)
def comparison_region(
    request,
    contest: str = Path(..., description=CONTEST_ID),
    code: str = Path(..., description=REGION_CODE),
    source: str = Query(..., description=SOURCE),
    page: int = Query(1, ge=1, description="halaman daftar TPS yang berbeda"),
    page_size: int = Query(50, ge=1, le=comparison.MAX_PAGE_SIZE, description="TPS per halaman"),
):
    """Seperti perbandingan nasional, di bawah satu wilayah (anak-anak sebuah desa adalah TPS-nya)."""
    return _compare(contest, code, source, page, page_size)
