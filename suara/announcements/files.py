"""An announcement's attachments: a PDF judged by its bytes (the ``%PDF-`` header, a cross-reference and an
end-of-file marker: ``rules.pdf_whole``), or an image judged and cleaned as the tally form's photos are
(``results.entry.photos``: JPEG or PNG by content, size and pixel limits, every metadata block stripped, the
pixels decoded whole by Pillow). What the name or the declared type says decides nothing.

Kept in the private folder under their SHA-256 (``PRIVATE_DIR/announcements/<ab>/<sha256>.<ext>``), like the
other uploads, written before the service's transaction commits and removed again when it does not; the
public reaches a file only through a published announcement that lists it (``views.attachment``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from suara.announcements.errors import AnnouncementErrorCode
from suara.announcements.rules import PDF_MAX_BYTES, attachment_name, pdf_whole
from suara.core.errors import DomainError
from suara.core.stored_files import discard_written, write_once
from suara.results.entry.photos import MAX_BYTES as IMAGE_MAX_BYTES
from suara.results.entry.photos import clean_photo
from suara.results.errors import ResultErrorCode

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class CleanAttachment:
    data: bytes
    sha256: str
    extension: str
    name: str

    def record(self) -> dict:
        """What the announcement keeps of it (its ``attachments`` list)."""
        return {
            "sha256": self.sha256,
            "extension": self.extension,
            "name": self.name,
            "size": len(self.data),
            "content_type": CONTENT_TYPES[self.extension],
        }


def _invalid(name: str) -> DomainError:
    return DomainError(
        AnnouncementErrorCode.ATTACHMENT_INVALID,
        f"Lampiran {attachment_name(name, 'x')[:-2]} bukan berkas PDF, JPEG atau PNG yang utuh.",
        field="attachments",
    )


def _too_large(name: str) -> DomainError:
    return DomainError(
        AnnouncementErrorCode.ATTACHMENT_TOO_LARGE,
        f"Lampiran {attachment_name(name, 'x')[:-2]} terlalu besar: PDF paling besar "
        f"{PDF_MAX_BYTES // (1024 * 1024)} MB, gambar {IMAGE_MAX_BYTES // (1024 * 1024)} MB dan 16 megapiksel.",
        field="attachments",
        status=413,
    )


def too_large(size: int) -> bool:
    """Whether an upload of ``size`` bytes is over every kind's limit (refused before it is read)."""
    return size > max(PDF_MAX_BYTES, IMAGE_MAX_BYTES)


def attachment_clean(raw: bytes, *, name: str) -> CleanAttachment:
    """The file as it will be kept, or DomainError naming the problem (and the file by its cleaned name)."""
    if raw.startswith(b"%PDF-"):
        if len(raw) > PDF_MAX_BYTES:
            raise _too_large(name)
        if not pdf_whole(raw):
            raise _invalid(name)
        return CleanAttachment(raw, hashlib.sha256(raw).hexdigest(), "pdf", attachment_name(name, "pdf"))
    if len(raw) > IMAGE_MAX_BYTES:
        raise _too_large(name)
    try:
        photo = clean_photo(raw, page=1)
    except DomainError as exc:
        if exc.code in (ResultErrorCode.PHOTO_TOO_LARGE, ResultErrorCode.PHOTOS_TOO_LARGE):
            raise _too_large(name) from None
        if exc.code == ResultErrorCode.PHOTO_NOT_IMAGE:
            raise _invalid(name) from None
        raise  # the decoder is busy: 503 with Retry-After
    return CleanAttachment(photo.data, photo.sha256, photo.extension, attachment_name(name, photo.extension))


def file_root() -> Path:
    return Path(settings.PRIVATE_DIR) / "announcements"


def file_path(sha256: str, extension: str) -> Path:
    return file_root() / sha256[:2] / f"{sha256}.{extension}"


def file_store(attachment: CleanAttachment) -> Path | None:
    """Writes the file once (``core.stored_files``); its path when this call wrote it, else None."""
    return write_once(file_path(attachment.sha256, attachment.extension), attachment.data)


file_discard = discard_written
