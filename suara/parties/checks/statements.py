"""A person's signed statement (choosing one party, or denying membership), as a KPU officer uploads it:
a PDF, or a photo or scan as JPEG or PNG. Photos are judged and stripped of their metadata exactly as the
tally photos are (``results.entry.photos``: content, not name, decides the type; size and pixel limits;
the pixels decoded to prove the file whole). A PDF is judged by its structure: the ``%PDF-`` header, an
end-of-file marker in its last kilobyte, the same 8 MB limit (no PDF library is in the lock; a page is not
rendered).

Statements are personal data, so unlike the tally photos they are never published: they are kept in a
private folder (``settings.PRIVATE_DIR``), under their SHA-256 (``statement_path``), written before the
decision commits and removed again when it does not.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from suara.core.errors import DomainError
from suara.core.stored_files import write_once
from suara.parties.errors import PartyErrorCode
from suara.results.entry.photos import MAX_BYTES, clean_photo

PDF_TAIL = 1024


@dataclass(frozen=True)
class CleanStatement:
    data: bytes
    sha256: str
    content_type: str
    extension: str


def _invalid() -> DomainError:
    return DomainError(
        PartyErrorCode.STATEMENT_INVALID,
        "Surat pernyataan harus berkas PDF, JPEG atau PNG yang utuh.",
        field="statement",
    )


def statement_clean(raw: bytes | None) -> CleanStatement:
    """The statement as it will be kept; DomainError naming what is wrong."""
    if not raw:
        raise DomainError(
            PartyErrorCode.STATEMENT_REQUIRED, "Unggah surat pernyataan yang ditandatangani.", field="statement"
        )
    if len(raw) > MAX_BYTES:
        raise DomainError(
            PartyErrorCode.STATEMENT_TOO_LARGE,
            f"Surat pernyataan melebihi {MAX_BYTES // (1024 * 1024)} MB.",
            field="statement",
            status=413,
        )
    if raw.startswith(b"%PDF-"):
        if b"%%EOF" not in raw[-PDF_TAIL:]:
            raise _invalid()
        return CleanStatement(raw, hashlib.sha256(raw).hexdigest(), "application/pdf", "pdf")
    try:
        photo = clean_photo(raw, page=1)
    except DomainError:
        raise _invalid() from None
    return CleanStatement(photo.data, photo.sha256, photo.content_type, photo.extension)


def statement_root() -> Path:
    return Path(settings.PRIVATE_DIR) / "party-statements"


def statement_path(sha256: str, extension: str) -> Path:
    return statement_root() / sha256[:2] / f"{sha256}.{extension}"


def statement_store(statement: CleanStatement) -> Path | None:
    """Writes the statement to the private store once; returns its path when this call wrote it (to remove
    if the decision does not commit), None when the same file was there already."""
    return write_once(statement_path(statement.sha256, statement.extension), statement.data, folder_mode=0o700)
