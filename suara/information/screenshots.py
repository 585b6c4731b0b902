"""A rumour report's screenshot: judged as the tally form's photos are (``results.entry.photos``: JPEG or
PNG by its content, at most ``MAX_BYTES`` and 16 megapixels, every metadata block stripped, decoded whole
by Pillow under one of the process's decoding slots), its difference hash taken (``similarity.dhash``),
and kept privately under its SHA-256, never under a public URL: ``PRIVATE_DIR/information/rumours/<ab>/
<sha256>.<ext>``; only the officers' inbox serves it, to the officers who may see the inbox.

A file that is not such an image is refused with ``screenshot_not_image``, one too large with
``screenshot_too_large`` (413); nothing is written then."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image

from suara.core.errors import DomainError
from suara.core.stored_files import write_once
from suara.information.errors import InformationErrorCode
from suara.information.similarity import dhash
from suara.results.entry.photos import clean_photo, decode_slot
from suara.results.errors import ResultErrorCode

MAX_BYTES = 5 * 1024 * 1024
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class Screenshot:
    data: bytes
    sha256: str
    extension: str
    dhash: int | None  # None: a nearly flat image, not used for grouping


def _not_image() -> DomainError:
    return DomainError(
        InformationErrorCode.SCREENSHOT_NOT_IMAGE,
        "Tangkapan layar harus gambar JPEG atau PNG yang utuh.",
        field="screenshot",
    )


def screenshot_too_large() -> DomainError:
    return DomainError(
        InformationErrorCode.SCREENSHOT_TOO_LARGE,
        f"Tangkapan layar terlalu besar: paling besar {MAX_BYTES // (1024 * 1024)} MB dan 16 megapiksel.",
        field="screenshot",
        status=413,
    )


def screenshot_clean(raw: bytes) -> Screenshot:
    """The screenshot as it will be kept, with its hash; DomainError otherwise (naming the field, never
    the file's content). A decoder busy with other uploads answers 503 with Retry-After, as for the
    tally form."""
    if len(raw) > MAX_BYTES:
        raise screenshot_too_large()
    if not raw:
        raise _not_image()
    try:
        photo = clean_photo(raw, page=1)
    except DomainError as exc:
        if exc.code in (ResultErrorCode.PHOTO_TOO_LARGE, ResultErrorCode.PHOTOS_TOO_LARGE):
            raise screenshot_too_large() from None
        if exc.code == ResultErrorCode.PHOTO_NOT_IMAGE:
            raise _not_image() from None
        raise
    with decode_slot(), Image.open(io.BytesIO(photo.data)) as image:
        image.draft("L", (64, 64))  # a JPEG is decoded at a fraction of its size: the hash needs 9x8
        value = dhash(image)
    return Screenshot(photo.data, photo.sha256, photo.extension, value)


def screenshot_root() -> Path:
    return Path(settings.PRIVATE_DIR) / "information" / "rumours"


def screenshot_path(sha256: str, extension: str) -> Path:
    return screenshot_root() / sha256[:2] / f"{sha256}.{extension}"


def screenshot_store(shot: Screenshot) -> Path | None:
    """Writes the file once (``core.stored_files``); its path when this call wrote it (for
    ``screenshot_discard`` should the service's transaction fail), None when it was there already."""
    return write_once(screenshot_path(shot.sha256, shot.extension), shot.data)


def screenshot_discard(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)
