"""Results written over the v1 API: a KPPS sends its TPS's tally (with photos of the form), corrections
and their approval by the PPK. A token is required; the services decide who may do what. The public
reads are in ``results.public.api``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest
from ninja import Path, Router, Status
from ninja.decorators import decorate_view

from suara.accounts.api_auth import TOKEN_AUTH, request_token
from suara.audit.actors import Actor
from suara.core import answers
from suara.core.errors import DomainError
from suara.core.schemas import ERRORS, Error
from suara.results.entry import corrections, photo_services, uploads
from suara.results.entry.answers import decode_photos, load_json_body, result_submit_answer, write_answer
from suara.results.errors import ResultErrorCode
from suara.results.schemas import (
    CorrectionIn,
    DecisionIn,
    PhotoHashesIn,
    ResultIn,
    ResultOut,
    UploadStateOut,
    result_out,
)

router = Router(tags=["hasil"])

WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error, 413: Error}


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
            return answers.domain_error(exc)
        return run(request, *args, **kwargs)

    return checked


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
    outcome = corrections.correction_propose(
        actor=Actor.of(request.auth.user),
        contest=payload.contest,
        tps=payload.tps,
        tally=payload.tally(),
        photos=functools.partial(decode_photos, payload.photos),
        reason=payload.reason,
        reason_code=payload.reason_code,
        submission_id=payload.submission_id,
    )
    return write_answer(outcome)


@router.post(
    "/results/corrections/{id}/decision",
    auth=TOKEN_AUTH,
    response={200: ResultOut, **WRITE_ERRORS},
    summary="Setujui atau tolak koreksi",
)
@decorate_view(_read_json_body)
def correction_decide(request, payload: DecisionIn, id: int = Path(..., description="pengenal versi koreksi")):
    """Oleh PPK kecamatan TPS itu, bukan pengaju koreksinya. Disetujui: menjadi versi berikutnya."""
    version = corrections.correction_decide(
        actor=Actor.of(request.auth.user),
        version_id=id,
        approve=payload.approve,
        note=payload.note,
        publish_reason=payload.publish_reason,
    )
    return Status(200, result_out(version, created=False))


SHA256_PATH = Path(..., description="SHA-256 foto (64 heksadesimal huruf kecil): nama foto menurut isinya")


def _chunk_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@router.put(
    "/photos/{sha256}",
    auth=TOKEN_AUTH,
    response={200: UploadStateOut, **WRITE_ERRORS, 422: Error},
    summary="Unggah satu potongan foto formulir (dapat dilanjutkan)",
)
def photo_upload_chunk(request, sha256: str = SHA256_PATH):
    """Untuk KPPS (TPS mana pun). Isi: byte mentah satu potongan (paling besar 256 KiB), dengan header
    `Content-Range: bytes AWAL-AKHIR/TOTAL` (AKHIR termasuk). Potongan harus mulai di `received`: bila tidak,
    409 `upload_offset_mismatch` dengan `details[0].received`. Potongan yang sudah diterima dengan isi sama:
    200 dengan keadaan sekarang. Setelah byte terakhir: 422 `photo_hash_mismatch` bila isinya tidak sesuai
    SHA-256-nya, atau kode aturan foto (`photo_not_image`, `photo_too_large`); unggahan itu dibuang."""
    if _chunk_length(request) > uploads.CHUNK_MAX:
        raise DomainError(
            ResultErrorCode.UPLOAD_CHUNK_TOO_LARGE,
            f"Potongan paling besar {uploads.CHUNK_MAX // 1024} KiB.",
            status=413,
        )
    state = photo_services.photo_chunk_receive(
        actor=Actor.of(request.auth.user),
        sha256=sha256,
        content_range=request.headers.get("Content-Range"),
        data=request.body,
    )
    return Status(200, state.as_dict())


@router.get(
    "/photos/{sha256}",
    auth=TOKEN_AUTH,
    response={200: UploadStateOut, **WRITE_ERRORS},
    summary="Keadaan unggahan foto formulir",
)
def photo_upload_state(request, sha256: str = SHA256_PATH):
    """`received` 0 dan `total` null bila belum ada yang diterima; `complete` true bila foto sudah lengkap
    dan lolos pemeriksaan (oleh akun mana pun: nama yang sama adalah isi yang sama)."""
    return uploads.photo_upload_state(actor=Actor.of(request.auth.user), sha256=sha256).as_dict()


@router.post(
    "/results/{contest}/{tps}/photos",
    auth=TOKEN_AUTH,
    response={200: ResultOut, **WRITE_ERRORS},
    summary="Sebut foto formulir hasil yang berlaku (hasil lewat SMS)",
)
def result_photos_attach(request, payload: PhotoHashesIn, contest: str, tps: str):
    """Untuk KPPS TPS itu, bila versi yang berlaku belum punya foto (hasil lewat SMS): foto yang sudah
    lengkap dilampirkan sekarang, sisanya saat unggahannya selesai (`photos_pending`). Menyebut foto yang
    sama lagi: 200 dengan keadaan sekarang; foto lain: 409 `photos_already_attached`."""
    version = photo_services.result_photos_attach(
        actor=Actor.of(request.auth.user), contest=contest, tps=tps, photo_hashes=payload.photo_hashes
    )
    return Status(200, result_out(version, created=False))
