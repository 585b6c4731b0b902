"""Rosters over the v1 API: a posting's roster, the completeness beneath a region (with its children), the
Linmas intake from the Satpol PP, for operators with an API token within their region."""

from __future__ import annotations

from datetime import date

from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from suara.accounts.api_auth import TOKEN_AUTH
from suara.accounts.authz import require
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.errors import ErrorCode, NotFound
from suara.core.schemas import ERRORS, Error
from suara.elections.selectors import election_get
from suara.officers.rosters import selectors
from suara.officers.rosters.services import linmas_intake
from suara.regions.models import Region

router = Router(tags=["petugas ad hoc: susunan"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}
MAX_UPLOAD = 8 * 1024 * 1024


class OfficerOut(Schema):
    id: int
    name: str
    position: str
    status: str
    phone: str
    term_start: date | None
    term_end: date | None


class BodyRosterOut(Schema):
    body: str
    seats: int
    filled: int
    appointed: list[OfficerOut]
    reserves: list[OfficerOut]


class RosterOut(Schema):
    posting: str
    bodies: list[BodyRosterOut]


def _posting_code(code: str) -> str:
    if len(code) not in selectors.BODIES_AT or not (code.isascii() and code.isdigit()):
        raise NotFound(ErrorCode.REGION_NOT_FOUND, "Kode kecamatan, desa atau TPS tidak dikenal.", field="posting")
    return code


@router.get(
    "/adhoc/{election}/susunan/{code}",
    auth=TOKEN_AUTH,
    response={200: RosterOut, **WRITE_ERRORS},
    summary="Susunan petugas satu kecamatan, desa atau TPS",
)
def roster(request, election: str, code: str):
    code = _posting_code(code)
    require(request.auth.user, Action.VIEW_INTERNAL, code)
    rosters = selectors.posting_roster(election_get(election), code)
    return {
        "posting": code,
        "bodies": [
            {
                "body": r.body.value,
                "seats": r.seats,
                "filled": r.filled,
                "appointed": r.appointed,
                "reserves": r.reserves,
            }
            for r in rosters
        ],
    }


class CellOut(Schema):
    body: str
    filled: int
    seats: int


class CompletenessOut(Schema):
    code: str
    name: str
    filled: int
    seats: int
    percent: float
    bodies: list[CellOut]


class CompletenessPageOut(Schema):
    region: CompletenessOut
    children: list[CompletenessOut]


def _completeness(row: selectors.Completeness) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "filled": row.total_filled,
        "seats": row.total_seats,
        "percent": row.percent(),
        "bodies": [{"body": b.value, "filled": f, "seats": s} for b, f, s in row.cells()],
    }


@router.get(
    "/adhoc/{election}/kelengkapan/{code}",
    auth=TOKEN_AUTH,
    response={200: CompletenessPageOut, **WRITE_ERRORS},
    summary="Kelengkapan susunan petugas di bawah satu wilayah",
)
def completeness(request, election: str, code: str):
    """Kursi terisi dibanding kursi, per badan, untuk wilayah dan setiap anaknya (kecamatan, desa atau TPS)."""
    region = Region.objects.filter(code=code).first() if code.isascii() and code.isdigit() else None
    if region is None:
        raise NotFound(ErrorCode.REGION_NOT_FOUND, "Wilayah tidak ditemukan.", field="code")
    require(request.auth.user, Action.VIEW_INTERNAL, code)
    total, children = selectors.completeness(election_get(election), region)
    return {"region": _completeness(total), "children": [_completeness(c) for c in children]}


class CountOut(Schema):
    jumlah: int


@router.post(
    "/adhoc/{election}/linmas",
    auth=TOKEN_AUTH,
    response={200: CountOut, **WRITE_ERRORS},
    summary="Terima usulan Linmas dari Satpol PP",
)
def linmas_upload(
    request,
    election: str,
    region: str = Form(..., max_length=10),
    file: UploadedFile = File(..., description="CSV: nik,nama,tps,telepon"),  # noqa: B008
):
    """Berkas yang memuat kesalahan ditolak seluruhnya: `details` memuat setiap kesalahan (baris, kode)."""
    count = linmas_intake(
        actor=Actor.of(request.auth.user), election=election_get(election), region=region, content=file.read(MAX_UPLOAD)
    )
    return {"jumlah": count}
