"""The recapitulation sign-off over the v1 API: a level locks its region's recapitulation once complete,
reopens it with a reason, and fetches its recapitulation document as a PDF. Token required; the services
decide who may (``locks``), and the document needs VIEW_INTERNAL over the region, as the officers' pages do.
National is the region code ``nasional``."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Path, Router, Schema

from suara.accounts.api_auth import TOKEN_AUTH
from suara.accounts.authz import require
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.region_codes import from_url_word, url_word
from suara.core.schemas import ERRORS, Error
from suara.results.models import RecapLock
from suara.results.public.selectors import check_region_code
from suara.results.recap import locks
from suara.results.recap.fold import contest_resolve
from suara.results.recap.pdf import recap_document

router = Router(tags=["rekapitulasi"])

CONTEST_ID = "pengenal kontestasi, mis. ppwp-2024"
LOCK_REGION = (
    "wilayah yang direkapitulasi: kecamatan (6 digit, PPK), kabupaten/kota (4, KPU kab/kota), provinsi (2, KPU "
    "provinsi) atau `nasional` (KPU RI)"
)
PDF_REGION = "kode wilayah (2, 4, 6 atau 10 digit) atau `nasional`"
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}

_PDF_OPENAPI = {
    "responses": {
        "200": {
            "description": "Dokumen rekapitulasi (PDF): angka tiap wilayah atau TPS di bawahnya, jumlahnya, tanda "
            "janggal, status kunci, dan kepala rantai log audit saat dibuat",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class ReopenIn(Schema):
    reason: str = Field(max_length=500, description="alasan membuka kembali, minimal 10 karakter")


class LockOut(Schema):
    contest: str = Field(description="pengenal kontestasi")
    region_code: str = Field(description="kode wilayah, atau `nasional`")
    locked: bool = Field(description="apakah kunci ini masih berlaku")
    locked_by: str
    locked_at: datetime
    reopened_by: str | None = None
    reopened_at: datetime | None = None
    reopen_reason: str | None = None


def _lock_out(lock: RecapLock, contest: str) -> dict:
    return {
        "contest": contest,
        "region_code": url_word(lock.region_code),
        "locked": lock.reopened_at is None,
        "locked_by": lock.locked_by,
        "locked_at": lock.locked_at,
        "reopened_by": lock.reopened_by or None,
        "reopened_at": lock.reopened_at,
        "reopen_reason": lock.reopen_reason or None,
    }


@router.post(
    "/contests/{contest}/recap/{region_code}/lock",
    auth=TOKEN_AUTH,
    response={200: LockOut, **WRITE_ERRORS},
    summary="Kunci rekapitulasi satu tingkat",
)
def recap_lock(
    request,
    contest: str = Path(..., description=CONTEST_ID),
    region_code: str = Path(..., description=LOCK_REGION),
):
    """Oleh petugas tingkat itu sendiri, setelah semua TPS di bawahnya masuk dan tidak ada koreksi yang
    menunggu. Selama kunci berlaku, hasil TPS di bawahnya tidak dapat berubah. 403: `forbidden`,
    `lock_wrong_level`. 409: `recap_incomplete`, `corrections_pending`, `recap_already_locked`. 400:
    `invalid_region_code`, `region_outside_contest`. 404: `contest_not_found`, `region_not_found`."""
    lock = locks.recap_lock(actor=Actor.of(request.auth.user), contest=contest, region_code=from_url_word(region_code))
    return _lock_out(lock, contest)


@router.post(
    "/contests/{contest}/recap/{region_code}/reopen",
    auth=TOKEN_AUTH,
    response={200: LockOut, **WRITE_ERRORS},
    summary="Buka kembali rekapitulasi yang dikunci",
)
def recap_reopen(
    request,
    payload: ReopenIn,
    contest: str = Path(..., description=CONTEST_ID),
    region_code: str = Path(..., description=LOCK_REGION),
):
    """Oleh tingkat itu atau tingkat di atasnya, dengan alasan (tercatat pada kunci; log audit mencatat
    peristiwanya). 400: `reason_required`. 409: `recap_not_locked`."""
    lock = locks.recap_reopen(
        actor=Actor.of(request.auth.user),
        contest=contest,
        region_code=from_url_word(region_code),
        reason=payload.reason,
    )
    return _lock_out(lock, contest)


@router.get(
    "/contests/{contest}/recap/{region_code}/recap.pdf",
    auth=TOKEN_AUTH,
    response={**ERRORS, 403: Error},
    openapi_extra=_PDF_OPENAPI,
    summary="Dokumen rekapitulasi satu wilayah (PDF)",
)
def recap_pdf(
    request,
    contest: str = Path(..., description=CONTEST_ID),
    region_code: str = Path(..., description=PDF_REGION),
):
    """Untuk petugas yang berwenang atas wilayah itu. Dibuat dari snapshot rekapitulasi yang berlaku."""
    contest_obj = contest_resolve(contest)
    code = from_url_word(region_code) or contest_obj.region_code  # `nasional`: the contest's own top
    check_region_code(code)
    require(request.auth.user, Action.VIEW_INTERNAL, code)
    document = recap_document(contest=contest_obj, region_code=code)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rekap-{contest_obj.slug}-{url_word(code)}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
