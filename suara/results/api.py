"""Results over the v1 API: a KPPS sends its TPS's tally (with photos of the form), corrections and
their approval by the PPK, and the public real count read from the published snapshots.

Writes need a token; the services decide who may do what. Reads are public and served from the
per-process snapshot cache (``selectors``): the JSON is built once per snapshot version and sent with
an ETag, so a busy recap costs no serialising and at most one small query twice a second.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable
from datetime import datetime

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from ninja import Path, Query, Router, Status
from ninja.decorators import decorate_view

from suara.accounts.api_auth import TOKEN_AUTH, request_token
from suara.core.errors import DomainError
from suara.core.schemas import ERRORS, Error
from suara.results import photos as photo_rules
from suara.results import recap_status, selectors, services
from suara.results import tally as tallies
from suara.results.schemas import (
    ContestSummary,
    CorrectionIn,
    DecisionIn,
    RecapOut,
    ResultIn,
    ResultOut,
    TpsRecapOut,
    result_out,
)
from suara.results.snapshots import public_version

router = Router(tags=["hasil"])

WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error, 413: Error}
CONTEST_ID = "pengenal kontestasi, mis. ppwp-2024"
REGION_CODE = "kode wilayah KPU: 2 (provinsi), 4 (kab/kota), 6 (kecamatan) atau 10 (desa) digit"
TPS_CODE = "13 digit: kode desa (10) diikuti nomor TPS (3)"
# Clients and shared caches may keep a recap this long; the server notices a new snapshot within 0.5 s.
PUBLIC_MAX_AGE = 5


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
            "payload_too_large", "Kiriman terlalu besar: paling banyak 10 foto, masing-masing 8 MB.", status=413
        )
    # Setting the body here is what Django's own HttpRequest.body does, without its global size limit.
    request._body = request.read(length) if length else b""
    try:
        # ninja's parser takes it from here (api.JsonOnce); an integer too long to read is refused by R10.
        request.suara_json = _parse_json(request._body)
    except (ValueError, UnicodeDecodeError):
        raise DomainError("invalid_input", "Isi permintaan bukan JSON yang sah.") from None


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
            "too_many_photos", f"Paling banyak {photo_rules.MAX_PHOTOS} foto per kiriman.", field="photos"
        )
    decoded = []
    for page, photo in enumerate(photos, start=1):
        text = photo.content_base64
        if text.startswith("data:"):  # a data URL, as a browser's FileReader gives it
            text = text.partition(",")[2]
        text = "".join(text.split())
        if len(text) > _base64_limit():
            raise DomainError(
                "photo_too_large",
                f"Foto halaman {page} melebihi {photo_rules.MAX_BYTES // (1024 * 1024)} MB.",
                field="photos",
            )
        try:
            decoded.append(base64.b64decode(text, validate=True))
        except (binascii.Error, ValueError):
            raise DomainError(
                "photo_not_image", f"Foto halaman {page} bukan base64 yang sah.", field="photos"
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
