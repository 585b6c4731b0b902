"""A complaint's files: the signed statement (photo or PDF), the optional KTP photo and the berita acara
(PDF). Photos are judged and cleaned as the tally form's photos are (``results.entry.photos``: JPEG or PNG by
content, size limits, every metadata block stripped, decoded whole); a PDF by its structure (its header, a
cross-reference and an end-of-file marker, within the same size limit). Kept privately, never under a public
URL, under their SHA-256: ``PRIVATE_DIR/parties/complaints/<ab>/<sha256>.<ext>``; the pages that show them
check who asks.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from suara.core.errors import DomainError
from suara.core.stored_files import discard_written, write_once
from suara.parties.errors import PartyErrorCode
from suara.results.entry.photos import MAX_BYTES, clean_photo
from suara.results.errors import ResultErrorCode

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")


@dataclass(frozen=True)
class CleanFile:
    data: bytes
    sha256: str
    extension: str  # jpg, png, pdf


def _invalid(field: str, label: str) -> DomainError:
    return DomainError(
        PartyErrorCode.COMPLAINT_FILE_INVALID, f"Berkas {label} bukan foto JPEG/PNG atau PDF yang utuh.", field=field
    )


def _too_large(field: str, label: str) -> DomainError:
    return DomainError(
        PartyErrorCode.COMPLAINT_FILE_TOO_LARGE,
        f"Berkas {label} terlalu besar: paling besar {MAX_BYTES // (1024 * 1024)} MB dan 16 megapiksel.",
        field=field,
    )


def pdf_whole(raw: bytes) -> bool:
    """Whether ``raw`` is shaped like a whole PDF: its header first, a cross-reference, an end-of-file marker
    in its last kilobyte."""
    return bool(_PDF_HEADER.match(raw)) and b"startxref" in raw[-2048:] and b"%%EOF" in raw[-1024:]


def clean_file(raw: bytes, *, field: str, label: str, pdf: bool = True, photo: bool = True) -> CleanFile:
    """The file as it will be kept, or DomainError (naming ``field``, never the file's content)."""
    if len(raw) > MAX_BYTES:
        raise _too_large(field, label)
    if raw.startswith(b"%PDF-"):
        if not pdf or not pdf_whole(raw):
            raise _invalid(field, label)
        return CleanFile(raw, hashlib.sha256(raw).hexdigest(), "pdf")
    if not photo:
        raise _invalid(field, label)
    try:
        cleaned = clean_photo(raw, page=1)
    except DomainError as exc:
        if exc.code in (ResultErrorCode.PHOTO_TOO_LARGE, ResultErrorCode.PHOTOS_TOO_LARGE):
            raise _too_large(field, label) from None
        if exc.code == ResultErrorCode.PHOTO_NOT_IMAGE:
            raise _invalid(field, label) from None
        raise  # the decoder is busy: 503 with Retry-After, as for the tally form
    return CleanFile(cleaned.data, cleaned.sha256, cleaned.extension)


def file_root() -> Path:
    return Path(settings.PRIVATE_DIR) / "parties" / "complaints"


def file_path(sha256: str, extension: str) -> Path:
    return file_root() / sha256[:2] / f"{sha256}.{extension}"


def file_store(file: CleanFile) -> Path | None:
    """Writes the file once (``core.stored_files``); its path when this call wrote it (for ``file_discard``
    should the service's transaction fail), None when it was there already."""
    return write_once(file_path(file.sha256, file.extension), file.data)


file_discard = discard_written
