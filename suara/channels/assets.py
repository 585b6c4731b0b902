"""The channels' files: cards rendered for items and the images and videos officers upload for playlists,
kept once by their SHA-256 under the private folder (``PRIVATE_DIR/channels/<ab>/<sha256>.<ext>``). An
upload is judged by its bytes, never its name or declared type (``playlist.sniff``), and an image must
also decode whole in Pillow. A file is written before its row's transaction commits; one whose row rolled
back is left behind, harmless (it is named by its content, and nothing serves a file without a row)."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image

from suara.channels import playlist
from suara.channels.errors import ChannelErrorCode
from suara.core.errors import DomainError

IMAGE_MAX_PIXELS = 40_000_000
HEAD_BYTES = 64


@dataclass(frozen=True)
class Stored:
    """A file in the store, as a ``ChannelAsset`` row describes it."""

    sha256: str
    extension: str
    kind: str
    content_type: str
    size: int
    width: int | None
    height: int | None


def folder() -> Path:
    return Path(settings.PRIVATE_DIR) / "channels"


def path_of(sha256: str, extension: str) -> Path:
    return folder() / sha256[:2] / f"{sha256}.{extension}"


def _invalid() -> DomainError:
    return DomainError(
        ChannelErrorCode.ASSET_TYPE_INVALID,
        "Berkas bukan gambar PNG, JPEG atau WebP, atau video MP4 atau WebM yang utuh.",
        field="file",
    )


def _too_large(limit: int) -> DomainError:
    return DomainError(
        ChannelErrorCode.ASSET_TOO_LARGE,
        f"Berkas terlalu besar: paling besar {limit // (1024 * 1024)} MB.",
        field="file",
        status=413,
    )


def _image_size(source) -> tuple[int, int]:
    """The decoded image's size; DomainError unless Pillow reads it whole (PNG, JPEG or WebP)."""
    try:
        with Image.open(source) as image:
            if image.format not in ("PNG", "JPEG", "WEBP") or image.width * image.height > IMAGE_MAX_PIXELS:
                raise _invalid()
            image.load()
            return image.width, image.height
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _invalid() from None


def _place(tmp: Path, sha256: str, extension: str) -> None:
    target = path_of(sha256, extension)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        tmp.unlink(missing_ok=True)
    else:
        os.replace(tmp, target)


def store_bytes(data: bytes) -> Stored:
    """Keeps ``data`` (a card, or a small upload), judged as an upload is."""
    extension = playlist.sniff(data[:HEAD_BYTES])
    if extension is None:
        raise _invalid()
    kind, content_type = playlist.KINDS[extension]
    limit = playlist.IMAGE_MAX_BYTES if kind == "image" else playlist.VIDEO_MAX_BYTES
    if len(data) > limit:
        raise _too_large(limit)
    width = height = None
    if kind == "image":
        width, height = _image_size(io.BytesIO(data))
    sha256 = hashlib.sha256(data).hexdigest()
    target = path_of(sha256, extension)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{secrets.token_hex(8)}.tmp")
        tmp.write_bytes(data)
        _place(tmp, sha256, extension)
    return Stored(sha256, extension, kind, content_type, len(data), width, height)


def store_upload(upload) -> Stored:
    """Keeps an uploaded file (Django's ``UploadedFile``), read in chunks: its head decides its kind and
    limit, reading stops past the limit, an image must decode whole."""
    if upload.size is not None and upload.size > playlist.VIDEO_MAX_BYTES:
        raise _too_large(playlist.VIDEO_MAX_BYTES)
    staging = folder() / "staging"
    staging.mkdir(parents=True, exist_ok=True)
    tmp = staging / f"{secrets.token_hex(12)}.tmp"
    digest, size, head = hashlib.sha256(), 0, b""
    extension = None
    try:
        with tmp.open("wb") as out:
            for chunk in upload.chunks():
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                    if len(head) >= 16 and extension is None:
                        extension = playlist.sniff(head)
                        if extension is None and len(head) >= HEAD_BYTES:
                            raise _invalid()
                size += len(chunk)
                limit = (
                    playlist.VIDEO_MAX_BYTES
                    if extension is None or playlist.KINDS[extension][0] == "video"
                    else playlist.IMAGE_MAX_BYTES
                )
                if size > limit:
                    raise _too_large(limit)
                digest.update(chunk)
                out.write(chunk)
        extension = playlist.sniff(head)
        if extension is None:
            raise _invalid()
        kind, content_type = playlist.KINDS[extension]
        width = height = None
        if kind == "image":
            width, height = _image_size(tmp)
        sha256 = digest.hexdigest()
        _place(tmp, sha256, extension)
        return Stored(sha256, extension, kind, content_type, size, width, height)
    finally:
        tmp.unlink(missing_ok=True)
