"""The public real count over the v1 API, read from the published snapshots: public and served from the
per-process snapshot cache (``selectors``): the JSON is built once per snapshot version and sent with an
ETag, so a busy recap costs no serialising and at most one small query twice a second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from ninja import Path, Query, Router

from suara.core.schemas import ERRORS
from suara.results.public import selectors
from suara.results.public.snapshots import public_version
from suara.results.recap import status as recap_status
from suara.results.schemas import ContestSummary, RecapOut, TpsRecapOut

router = Router(tags=["hasil"])

CONTEST_ID = "pengenal kontestasi, mis. ppwp-2024"
REGION_CODE = "kode wilayah KPU: 2 (provinsi), 4 (kab/kota), 6 (kecamatan) atau 10 (desa) digit"
TPS_CODE = "13 digit: kode desa (10) diikuti nomor TPS (3)"
# Clients and shared caches may keep a recap this long; the server notices a new snapshot within 0.5 s.
PUBLIC_MAX_AGE = 5


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


def recap_response(request: HttpRequest, entry: selectors.Published) -> HttpResponse:
    """Also sent by ``fastpath.PublicReadsMiddleware``: one function, so both answer alike. Says since
    when the count is paused, if it is (``recap_status``)."""
    paused = recap_status.paused_since(entry.worker_beat_at)
    return _snapshot_response(request, entry, lambda e: _recap_json(e, paused), paused=paused)


def tps_response(request: HttpRequest, entry: selectors.Published) -> HttpResponse:
    return _snapshot_response(request, entry, _tps_json)


def _recap_json(entry: selectors.Published, paused: datetime | None = None) -> bytes:
    # The snapshot row's version is the one that counts (a body may leave its own at 0).
    body = {**entry.body, "version": entry.version, "paused_since": paused}
    return RecapOut.model_validate(body).model_dump_json().encode()


def _tps_json(entry: selectors.Published) -> bytes:
    body = {
        **entry.body,
        "contest": entry.contest,
        "number": int(entry.code[10:]),
        "version": entry.body["version"],
        "versions": [public_version(v) for v in entry.body.get("versions", [])],
    }
    return TpsRecapOut.model_validate(body).model_dump_json().encode()


def _snapshot_response(
    request: HttpRequest,
    entry: selectors.Published,
    build: Callable[[selectors.Published], bytes],
    *,
    paused: datetime | None = None,
) -> HttpResponse:
    # A pause changes the answer, not the snapshot: its own tag and its own kept bytes.
    etag = entry.etag if paused is None else f'{entry.etag[:-1]}-paused-{int(paused.timestamp())}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        content = entry.derive("api" if paused is None else ("api", paused), lambda: build(entry))
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Length"] = str(len(content))
    response["ETag"] = etag
    if entry.created_at is not None:
        response["Last-Modified"] = http_date(entry.created_at.timestamp())
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response
