"""A write of the results API from its body to its answer, the same for the NinjaAPI's operations
(``entry/api.py``) and the submission's fast path (``entry/fastpath.py``): reading a body within a
submission's own size limit, decoding its photos, the submission's work and the stored version as JSON.
Refusals are raised as ``DomainError`` for ``core.answers``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json

from django.http import HttpRequest, HttpResponse

from suara.audit.actors import Actor
from suara.core import answers
from suara.core.errors import DomainError, ErrorCode
from suara.results import tally as tallies
from suara.results.entry import photos as photo_rules
from suara.results.entry import services
from suara.results.errors import ResultErrorCode
from suara.results.schemas import ResultIn, ResultOut, result_out


def _base64_limit() -> int:
    return 4 * -(-photo_rules.MAX_BYTES // 3)


def _body_limit() -> int:
    """A whole submission: the largest photos allowed, in base64, plus room for the numbers."""
    return photo_rules.MAX_PHOTOS * _base64_limit() + 256 * 1024


def load_json_body(request: HttpRequest) -> None:
    """Reads the body up to a submission's own limit (Django's 2.5 MB default is too small for photos) and
    parses it once into ``request.suara_json``, which ninja's parser then takes (``suara.api.JsonOnce``)."""
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


def decode_photos(photos) -> list[bytes]:
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


def write_answer(outcome: services.Outcome) -> HttpResponse:
    """201 with the stored version, or 200 for a retry of one; serialised as ninja serialises a ``Status``
    of the operation's response schema."""
    body = ResultOut.model_validate(result_out(outcome.version, created=outcome.created)).model_dump()
    return answers.json_answer(body, status=201 if outcome.created else 200)


def result_submit_answer(request: HttpRequest, payload: ResultIn) -> HttpResponse:
    """The submission's work and answer once its body is read and valid. ``request.auth`` is the token."""
    outcome = services.result_submit(
        actor=Actor.of(request.auth.user),
        contest=payload.contest,
        tps=payload.tps,
        tally=payload.tally(),
        # Decoded only when the service gets that far: a refusal that needs no photo costs no base64 work.
        photos=functools.partial(decode_photos, payload.photos),
        submission_id=payload.submission_id,
        photo_hashes=named_photos(payload),
    )
    return write_answer(outcome)


def named_photos(payload: ResultIn) -> list[str] | None:
    """``photo_hashes`` when the tally names its photos; both ways at once is refused."""
    if payload.photo_hashes is not None and payload.photos:
        raise DomainError(
            ResultErrorCode.PHOTO_HASH_INVALID,
            "Kirim foto dengan `photos` atau sebut dengan `photo_hashes`, tidak keduanya.",
            field="photo_hashes",
        )
    return payload.photo_hashes
