"""TPS places over the v1 API: ``GET /api/v1/tps/{code}/lokasi`` (public: where to vote) and ``PUT`` (the
PPS of the TPS's desa or above in KPU's chain, with an API token), and ``POST /api/v1/tps-lokasi/impor``
for a CSV of many (all or nothing). See ``voters.places``."""

from __future__ import annotations

from ninja import Field, File, Form, Path, Router, Schema
from ninja.files import UploadedFile

from suara.accounts.api_auth import TOKEN_AUTH
from suara.audit.actors import Actor
from suara.core.errors import DomainError, ErrorCode, NotFound
from suara.core.schemas import ERRORS, Error
from suara.regions import selectors as regions
from suara.voters.places import selectors, services
from suara.voters.places.rules import CSV_MAX_BYTES, FLAGS

router = Router(tags=["lokasi TPS"])
WRITE_ERRORS = {**ERRORS, 403: Error}
TPS_CODE = "13 digit: kode desa (10) diikuti nomor TPS (3)"


class PlaceIn(Schema):
    address: str = Field(description="alamat TPS, 5 sampai 300 karakter")
    latitude: str = Field(description="lintang desimal, -11 sampai 6 (mis. -6.402100)")
    longitude: str = Field(description="bujur desimal, 95 sampai 141 (mis. 106.818800)")
    step_free: bool = Field(False, description="akses tanpa tangga (kursi roda)")
    help_visual: bool = Field(False, description="bantuan bagi pemilih tunanetra/low vision")
    help_hearing: bool = Field(False, description="bantuan bagi pemilih tunarungu/wicara")
    help_physical: bool = Field(False, description="bantuan bagi pemilih disabilitas fisik")
    help_intellectual: bool = Field(False, description="bantuan bagi pemilih disabilitas intelektual")
    help_mental: bool = Field(False, description="bantuan bagi pemilih disabilitas mental/psikososial")


class PlaceOut(Schema):
    tps: str
    address: str
    latitude: str
    longitude: str
    geo_uri: str = Field(description="tautan geo: untuk aplikasi peta di perangkat")
    osm_url: str = Field(description="tautan ke OpenStreetMap")
    step_free: bool
    help_visual: bool
    help_hearing: bool
    help_physical: bool
    help_intellectual: bool
    help_mental: bool


class ImportOut(Schema):
    saved: int
    scope: str


@router.get("/tps/{code}/lokasi", response={200: PlaceOut, **ERRORS}, summary="Alamat dan aksesibilitas satu TPS")
def tps_place_get(request, code: str = Path(..., description=TPS_CODE)):
    """404 `tps_not_found` bila TPS tidak ada, atau lokasinya belum dicatat PPS."""
    tps = regions.tps_get(code)
    place = selectors.place_of(tps.code)
    if place is None:
        raise NotFound(ErrorCode.TPS_NOT_FOUND, f"Lokasi TPS {tps.code} belum dicatat.", field="code")
    return place.as_dict()


@router.put(
    "/tps/{code}/lokasi", auth=TOKEN_AUTH, response={200: PlaceOut, **WRITE_ERRORS}, summary="Catat lokasi satu TPS"
)
def tps_place_put(request, payload: PlaceIn, code: str = Path(..., description=TPS_CODE)):
    """PPS desa TPS itu, atau PPK/KPU di atasnya. Koordinat di luar Indonesia: 400
    `coordinates_outside_indonesia`."""
    fields = payload.dict()
    services.tps_location_set(
        actor=Actor.of(request.auth.user),
        tps_code=code,
        address=fields.pop("address"),
        latitude=fields.pop("latitude"),
        longitude=fields.pop("longitude"),
        **{flag: fields[flag] for flag in FLAGS},
    )
    return selectors.place_of(code).as_dict()


@router.post(
    "/tps-lokasi/impor", auth=TOKEN_AUTH, response={200: ImportOut, **WRITE_ERRORS}, summary="Impor lokasi TPS (CSV)"
)
def tps_places_import(
    request,
    scope: str = Form(..., description="kode wilayah yang diimpor; setiap TPS di berkas harus di bawahnya"),
    file: UploadedFile = File(..., description="CSV: tps,alamat,lintang,bujur,step_free,help_visual,...; UTF-8"),  # noqa: B008
):
    """Semua atau tidak sama sekali: baris yang ditolak tercantum di `details` (baris dan kode)."""
    text = _read(file)
    result = services.tps_locations_import(actor=Actor.of(request.auth.user), scope=scope, text=text)
    return {"saved": result.saved, "scope": result.scope}


def _read(file) -> str:
    if file.size is not None and file.size > CSV_MAX_BYTES:
        raise DomainError(ErrorCode.PAYLOAD_TOO_LARGE, "Berkas lebih dari 4 MB.", field="file", status=413)
    try:
        return file.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(ErrorCode.INVALID_INPUT, "Berkas harus CSV berenkode UTF-8.", field="file") from exc
