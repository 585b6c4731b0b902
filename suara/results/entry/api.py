"""Results written over the v1 API: a KPPS sends its TPS's tally (with photos of the form), corrections
and their approval by the PPK. A token is required; the services decide who may do what. The public
reads are in ``results.public.api``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from ninja import Path, Router, Status
from ninja.decorators import decorate_view

from suara.accounts.api_auth import TOKEN_AUTH, request_token
from suara.core.errors import DomainError, ErrorCode
from suara.core.schemas import ERRORS, Error
from suara.results.entry import photos as photo_rules
from suara.results.entry import services
from suara.results.entry import tally as tallies
from suara.results.errors import ResultErrorCode
from suara.results.schemas import (
    CorrectionIn,
    DecisionIn,
    ResultIn,
    ResultOut,
    result_out,
)

router = Router(tags=["hasil"])

WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error, 413: Error}


def _base64_limit() -> int:
    return 4 * -(-photo_rules.MAX_BYTES // 3)


def _body_limit() -> int:
    """A whole submission: the largest photos allowed, in base64, plus room for the numbers."""
    return photo_rules.MAX_PHOTOS * _base64_limit() + 256 * 1024


def _read_json_body(run: Callable) -> Callable:
    """Reads a write's body before ninja does: up to a submission's own limit (Django's 2.5 MB default
    is too small for photos), and answers ``invalid_input`` when it is not JSON. Only with a token:
    without one, ninja answers 401 without reading anything."""

    @functools.wraps(run)
    def checked(request: HttpRequest, *args, **kwargs):
        try:
            if request_token(request) is not None:
                load_json_body(request)
        except DomainError as exc:
            from suara.api import api  # the API imports this router

            return api.on_exception(request, exc)
        return run(request, *args, **kwargs)

    return checked


def load_json_body(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > _body_limit():
        raise DomainError(
            ErrorCode.PAYLOAD_TOO_LARGE, "Kiriman terlalu besar: paling banyak 10 foto, masing-masing 8 MB.", status=413
        )
    # Setting the body here is what Django's own HttpRequest.body does, without its global size limit.
    request._body = request.read(length) if length else b""
    try:
        # ninja's parser takes it from here (api.JsonOnce); an integer too long to read is refused by R10.
        request.suara_json = _parse_json(request._body)
    except (ValueError, UnicodeDecodeError):
        raise DomainError(ErrorCode.INVALID_INPUT, "Isi permintaan bukan JSON yang sah.") from None


def _parse_json(body: bytes) -> object:
    """The body read as JSON, its integers as ``tallies.json_int`` reads them. json reads the integers Python
    can read exactly as that hook does, so the hook, which costs a call for every number, is used only for
    a body json refuses: one not JSON at all, or one with an integer too long for Python to read."""
    try:
        return json.loads(body)
    except ValueError:
        return json.loads(body, parse_int=tallies.json_int)


def _decode_photos(photos) -> list[bytes]:
    if len(photos) > photo_rules.MAX_PHOTOS:
        raise DomainError(
            ResultErrorCode.TOO_MANY_PHOTOS, f"Paling banyak {photo_rules.MAX_PHOTOS} foto per kiriman.", field="photos"
        )
    decoded = []
    for page, photo in enumerate(photos, start=1):
        text = photo.content_base64
        if text.startswith("data:"):  # a data URL, as a browser's FileReader gives it
            text = text.partition(",")[2]
        text = "".join(text.split())
        if len(text) > _base64_limit():
            raise DomainError(
                ResultErrorCode.PHOTO_TOO_LARGE,
                f"Foto halaman {page} melebihi {photo_rules.MAX_BYTES // (1024 * 1024)} MB.",
                field="photos",
            )
        try:
            decoded.append(base64.b64decode(text, validate=True))
        except (binascii.Error, ValueError):
            raise DomainError(
                ResultErrorCode.PHOTO_NOT_IMAGE, f"Foto halaman {page} bukan base64 yang sah.", field="photos"
            ) from None
    return decoded


def _write_answer(request: HttpRequest, outcome: services.Outcome) -> HttpResponse:
    """201 with the stored version, or 200 for a retry of one; serialised as ninja serialises a ``Status``
    of the operation's response schema, but here, so that the fast path sends the same bytes."""
    from suara.api import api  # the API imports this router

    body = ResultOut.model_validate(result_out(outcome.version, created=outcome.created)).model_dump()
    return api.create_response(request, body, status=201 if outcome.created else 200)


def result_submit_answer(request: HttpRequest, payload: ResultIn) -> HttpResponse:
    """The submission's work and answer once its body is read and valid; the middleware fast path
    (``fastpath_entry``) calls it too. Refusals are raised for the API's handlers."""
    outcome = services.result_submit(
        user=request.auth.user,
        contest=payload.contest,
        tps=payload.tps,
        tally=payload.tally(),
        # Decoded only when the service gets that far: a refusal that needs no photo costs no base64 work.
        photos=functools.partial(_decode_photos, payload.photos),
        submission_id=payload.submission_id,
    )
    return _write_answer(request, outcome)


@router.post(
    "/results",
    auth=TOKEN_AUTH,
    response={200: ResultOut, 201: ResultOut, **WRITE_ERRORS},
    summary="Kirim hasil penghitungan satu TPS (formulir C.Hasil)",
)
@decorate_view(_read_json_body)
def result_submit(request, payload: ResultIn):
    """Untuk KPPS TPS itu. 201: tersimpan sebagai versi 1. 200: kiriman ulang dengan `submission_id` dan isi
    yang sama (tidak dihitung dua kali). Angka yang melanggar aturan C.Hasil ditolak seluruhnya: 422
    `rules_broken`, dengan `details` berisi setiap aturan yang dilanggar (`code`, `message`, `fields`).
    409: `submission_id_reused` (ID kiriman berlaku per akun), `result_exists` (ubah lewat koreksi),
    `recap_locked`. 503 `photo_decode_busy` dengan `Retry-After`: server sedang memeriksa banyak foto.
    Foto paling besar 16 megapiksel (mis. 4096x4096)."""
    return result_submit_answer(request, payload)


@router.post(
    "/results/corrections",
    auth=TOKEN_AUTH,
    response={200: ResultOut, 201: ResultOut, **WRITE_ERRORS},
    summary="Ajukan koreksi hasil satu TPS",
)
@decorate_view(_read_json_body)
def correction_propose(request, payload: CorrectionIn):
    """Oleh KPPS TPS itu atau PPK kecamatannya; berlaku setelah disetujui PPK lain (status `pending`). Wajib
    dengan foto formulir yang benar dan alasan: `reason_code` (publik) dan `reason` (penjelasan, hanya untuk
    PPK ke atas kecuali diterbitkan PPK yang memutuskan). Paling banyak satu koreksi menunggu per TPS dan
    kontestasi: 409 `correction_pending`."""
    outcome = services.correction_propose(
        user=request.auth.user,
        contest=payload.contest,
        tps=payload.tps,
        tally=payload.tally(),
        photos=functools.partial(_decode_photos, payload.photos),
        reason=payload.reason,
        reason_code=payload.reason_code,
        submission_id=payload.submission_id,
    )
    return _write_answer(request, outcome)


@router.post(
    "/results/corrections/{id}/decision",
    auth=TOKEN_AUTH,
    response={200: ResultOut, **WRITE_ERRORS},
    summary="Setujui atau tolak koreksi",
)
@decorate_view(_read_json_body)
def correction_decide(request, payload: DecisionIn, id: int = Path(..., description="pengenal versi koreksi")):
    """Oleh PPK kecamatan TPS itu, bukan pengaju koreksinya. Disetujui: menjadi versi berikutnya."""
    version = services.correction_decide(
        user=request.auth.user,
        version_id=id,
        approve=payload.approve,
        note=payload.note,
        publish_reason=payload.publish_reason,
    )
    return Status(200, result_out(version, created=False))
