"""Photos of the tally form: JPEG or PNG judged by their content, limited in size, stripped of EXIF and
every other metadata block (location, device) with their pixels untouched (``photo_metadata``), and
stored under their SHA-256."""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from suara.core.errors import DomainError
from suara.results.photo_metadata import PNG_SIGNATURE, MalformedImage, strip_jpeg, strip_png

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_PHOTOS = 10
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
STRIP = {"JPEG": strip_jpeg, "PNG": strip_png}


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    sha256: str
    content_type: str
    extension: str
    width: int
    height: int


def clean_photo(raw: bytes, *, page: int) -> CleanPhoto:
    """The photo as it will be published, or a DomainError naming what is wrong with it."""
    if len(raw) > MAX_BYTES:
        raise DomainError(
            "photo_too_large", f"Foto halaman {page} melebihi {MAX_BYTES // (1024 * 1024)} MB.", field="photos"
        )
    # Judged by the first bytes, whatever the name or declared type; then Pillow must agree and decode.
    kind = "JPEG" if raw.startswith(b"\xff\xd8\xff") else "PNG" if raw.startswith(PNG_SIGNATURE) else None
    try:
        if kind is None:
            raise UnidentifiedImageError
        data = STRIP[kind](raw)
        with Image.open(io.BytesIO(data)) as image:
            if image.format != kind:
                raise UnidentifiedImageError
            if image.width * image.height > MAX_PIXELS:
                raise DomainError("photo_too_large", f"Foto halaman {page} terlalu besar ukurannya.", field="photos")
            width, height = image.size
            if kind == "JPEG":
                # Decoding at an eighth of the size still reads every block of the compressed data, so a
                # truncated or broken file fails here, at a fraction of a full decode's cost.
                image.draft(None, (max(width // 8, 1), max(height // 8, 1)))
            image.load()
    except (UnidentifiedImageError, MalformedImage, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise DomainError(
            "photo_not_image", f"Berkas halaman {page} bukan foto JPEG atau PNG yang utuh.", field="photos"
        ) from exc
    content_type, extension = FORMATS[kind]
    return CleanPhoto(data, hashlib.sha256(data).hexdigest(), content_type, extension, width, height)


def photo_root() -> Path:
    return Path(settings.VAR_DIR) / "photos"


def photo_path(sha256: str, extension: str) -> Path:
    return photo_root() / sha256[:2] / f"{sha256}.{extension}"


def photo_store(photo: CleanPhoto) -> None:
    """Content-addressed: writing the same photo twice is harmless, and a file never changes."""
    path = photo_path(photo.sha256, photo.extension)
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # A part file of this writer's own: two requests storing the same photo at once (a retry racing its
    # original) must not write into, or rename away, each other's part file.
    tmp = path.with_name(f"{path.name}.{secrets.token_hex(8)}.part")
    try:
        tmp.write_bytes(photo.data)
        tmp.replace(path)  # atomic; the same content whoever renames last
    finally:
        tmp.unlink(missing_ok=True)
