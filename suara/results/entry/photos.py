"""Photos of the tally form: JPEG or PNG judged by their content, limited in size, stripped of EXIF and
every other metadata block (location, device) with their pixels untouched (``photo_metadata``), and
stored under their SHA-256.

Judging a photo has a cheap part and a dear one. ``inspect_photo`` reads the bytes and the image header
only, without Pillow: the format, the metadata stripped, the pixel size (refused above ``MAX_PIXELS``
before anything is decoded) and the hash that makes a submission idempotent. ``verify_photos`` has Pillow
read the header (it must agree on the format and the size) and decodes the pixels to prove the file
whole; the services run it last, after every cheap refusal, within a per-request budget of decoded
pixels and under one of the process's few decoding slots (``decode_slot``): a request that cannot get
one soon is answered 503 with Retry-After, so a burst of large images costs a bounded amount of memory
and CPU instead of stopping the count.

Files are written to a private staging area first and moved to the public store only once the version
that names them has committed (``photos_stage``, ``photos_publish``); a refused submission leaves
nothing public, and ``staging_sweep`` clears what a crash left behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from suara.core.errors import DomainError, RateLimited
from suara.results.entry.photo_metadata import (
    PNG_SIGNATURE,
    MalformedImage,
    jpeg_frame,
    png_size,
    strip_jpeg,
    strip_png,
)
from suara.results.errors import ResultErrorCode

MAX_BYTES = 8 * 1024 * 1024
# A 12-megapixel phone photo is 4000x3000; 4096x4096 leaves room for any phone's default mode and for an
# A4 scan at 300 dpi (2480x3508), and refuses the 40-megapixel images that only cost memory.
MAX_PIXELS = 4096 * 4096
MAX_SIDE = 8192
MAX_PHOTOS = 10
# What one request may decode, in pixels held in memory at once by the decoder: a baseline JPEG is
# decoded at an eighth of its size (1/64 of its pixels), a progressive JPEG and a PNG in full. Ten
# 12-megapixel phone photos need 1.9 million; four full-size PNG pages fit, a photo bomb does not.
MAX_REQUEST_DECODED_PIXELS = 4 * MAX_PIXELS
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
STRIP = {"JPEG": strip_jpeg, "PNG": strip_png}
# Bytes put in front of a JPEG's end marker to learn whether its scan was whole: a decoder ignores bytes
# after a complete scan, but reads them as image data when the scan stopped short (no 0xFF, no zeros:
# libjpeg fills missing data with zero bits).
_PROBE = bytes(range(0x11, 0xF1, 0x0B)) * 4


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    sha256: str
    content_type: str
    extension: str
    width: int
    height: int
    page: int = 1
    progressive: bool = False

    @property
    def decoded_pixels(self) -> int:
        pixels = self.width * self.height
        return pixels // 64 if self.content_type == "image/jpeg" and not self.progressive else pixels


def _refused(page: int) -> DomainError:
    return DomainError(
        ResultErrorCode.PHOTO_NOT_IMAGE, f"Berkas halaman {page} bukan foto JPEG atau PNG yang utuh.", field="photos"
    )


def _too_large(page: int) -> DomainError:
    return DomainError(
        ResultErrorCode.PHOTO_TOO_LARGE,
        f"Foto halaman {page} terlalu besar ukurannya: paling besar {MAX_PIXELS // 1_000_000} megapiksel "
        f"(mis. 4096x4096).",
        field="photos",
    )


def inspect_photo(raw: bytes, *, page: int) -> CleanPhoto:
    """The photo as it will be published, judged without decoding its pixels: size, format, metadata
    stripped, pixel size from the header (read here; Pillow's reading is compared with it before decoding,
    in ``verify_photos``). Raises a DomainError naming what is wrong."""
    if len(raw) > MAX_BYTES:
        raise DomainError(
            ResultErrorCode.PHOTO_TOO_LARGE,
            f"Foto halaman {page} melebihi {MAX_BYTES // (1024 * 1024)} MB.",
            field="photos",
        )
    # Judged by the first bytes, whatever the name or declared type; Pillow must agree later (_decode_whole).
    kind = "JPEG" if raw.startswith(b"\xff\xd8\xff") else "PNG" if raw.startswith(PNG_SIGNATURE) else None
    try:
        if kind is None:
            raise UnidentifiedImageError
        data = STRIP[kind](raw)
        width, height, progressive = jpeg_frame(data) if kind == "JPEG" else (*png_size(data), False)
    except (UnidentifiedImageError, MalformedImage) as exc:
        raise _refused(page) from exc
    if width < 1 or height < 1:
        raise _refused(page)
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise _too_large(page)
    content_type, extension = FORMATS[kind]
    return CleanPhoto(data, hashlib.sha256(data).hexdigest(), content_type, extension, width, height, page, progressive)


def inspect_photos(raw_photos: list[bytes]) -> list[CleanPhoto]:
    if len(raw_photos) > MAX_PHOTOS:
        raise DomainError(
            ResultErrorCode.TOO_MANY_PHOTOS, f"Paling banyak {MAX_PHOTOS} foto per kiriman.", field="photos"
        )
    return [inspect_photo(raw, page=page) for page, raw in enumerate(raw_photos, start=1)]


def _decode_whole(photo: CleanPhoto) -> None:
    """Decodes the pixels; raises when the file is not whole, or when Pillow reads its header otherwise than
    ``inspect_photo`` did (whose size the limits were checked against).

    libjpeg, meeting the end marker before the image data is complete, fills the rest with grey and
    only warns, and Pillow ignores its warnings. So a JPEG is decoded twice, the second time with bytes
    put before its end marker: a complete scan ignores them, a short one reads them as image data and
    its pixels change. A baseline JPEG is compared at an eighth of its size (its DC coefficients, which
    chain from block to block, so any change shows); a progressive one in full, as its last scan may
    refine only fine detail. (A cut just before a scan is caught by ``photo_metadata``.) The second decode
    runs the first one's decoder, as Pillow set it up from the header, on the other bytes: the header is
    the same, and is not read again."""
    kind = "JPEG" if photo.content_type == "image/jpeg" else "PNG"
    with Image.open(io.BytesIO(photo.data), formats=[kind]) as image:
        if image.format != kind or image.size != (photo.width, photo.height):
            raise UnidentifiedImageError
        if kind != "JPEG":
            image.load()  # LOAD_TRUNCATED_IMAGES is off: data that ends early raises OSError
            return
        if not photo.progressive:
            image.draft(None, (max(photo.width // 8, 1), max(photo.height // 8, 1)))
        ((codec, _, _, args),) = image.tile
        decoder_args = (*args, *image.decoderconfig)  # what load() hands the decoder
        image.load()
        pixels, mode, size = image.tobytes(), image.mode, image.size
    probed = photo.data[:-2] + _PROBE + photo.data[-2:]
    if Image.frombytes(mode, size, probed, codec, decoder_args).tobytes() != pixels:
        raise OSError("JPEG scan data cut short")


def verify_photos(photos: list[CleanPhoto]) -> None:
    """Decodes every photo to prove it whole: within the request's budget, holding one decoding slot."""
    if sum(p.decoded_pixels for p in photos) > MAX_REQUEST_DECODED_PIXELS:
        raise DomainError(
            ResultErrorCode.PHOTOS_TOO_LARGE,
            "Foto dalam kiriman ini terlalu besar bersama-sama; kirim foto JPEG dari kamera ponsel.",
            field="photos",
        )
    if not photos:
        return
    with decode_slot():
        for photo in photos:
            try:
                _decode_whole(photo)
            except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
                raise _refused(photo.page) from exc


def clean_photo(raw: bytes, *, page: int) -> CleanPhoto:
    """One photo inspected and decoded (``inspect_photo`` then ``verify_photos``)."""
    photo = inspect_photo(raw, page=page)
    verify_photos([photo])
    return photo


# Decoding slots: a process decodes at most SUARA_PHOTO_DECODE_SLOTS requests' photos at once.


class DecodeBusy(RateLimited):
    """Every decoding slot stayed taken: answered 503 with Retry-After (the field app retries)."""

    status = 503

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.code = ResultErrorCode.PHOTO_DECODE_BUSY
        self.message = f"Server sedang memeriksa banyak foto. Kirim ulang dalam {retry_after} detik."
        self.args = (self.message,)


_slots_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None


def _semaphore() -> threading.BoundedSemaphore:
    global _slots
    count = max(1, int(settings.SUARA_PHOTO_DECODE_SLOTS))
    with _slots_lock:
        if _slots is None or _slots[0] != count:
            _slots = (count, threading.BoundedSemaphore(count))
        return _slots[1]


@contextmanager
def decode_slot() -> Iterator[None]:
    semaphore = _semaphore()
    if not semaphore.acquire(timeout=float(settings.SUARA_PHOTO_DECODE_WAIT_SECONDS)):
        raise DecodeBusy(retry_after=2)
    try:
        yield
    finally:
        semaphore.release()


# Storage: staged privately, published with the version that names the photo.


def photo_root() -> Path:
    return Path(settings.VAR_DIR) / "photos"


def photo_path(sha256: str, extension: str) -> Path:
    return photo_root() / sha256[:2] / f"{sha256}.{extension}"


def staging_root() -> Path:
    return Path(settings.VAR_DIR) / "photo-staging"


def _write_new(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{secrets.token_hex(8)}.part")
    try:
        try:
            tmp.write_bytes(data)
        except FileNotFoundError:  # the folder's first file: made then, not checked on every write
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Staged:
    photo: CleanPhoto
    path: Path | None  # None: the public store held this photo already


def photos_stage(photos: list[CleanPhoto]) -> list[Staged]:
    """Each photo written to a private file of this writer's own (two requests staging the same photo at
    once never touch each other's file), not yet public. A photo the public store holds already is the
    same bytes under the same name, published with a version that committed (files there are never
    removed): it is not written again."""
    staged = []
    for photo in photos:
        if photo_path(photo.sha256, photo.extension).exists():
            staged.append(Staged(photo, None))
            continue
        path = staging_root() / "sending" / f"{photo.sha256}.{photo.extension}.{secrets.token_hex(8)}"
        _write_new(path, photo.data)
        staged.append(Staged(photo, path))
    _sweep_now_and_then()
    return staged


def photos_publish(staged: list[Staged]) -> None:
    """Moves staged photos to the public store once their version has committed. Content-addressed: a
    file that is already there is the same photo, and stays."""
    for item in staged:
        if item.path is None:
            continue
        target = photo_path(item.photo.sha256, item.photo.extension)
        if target.exists():
            item.path.unlink(missing_ok=True)
            continue
        try:
            item.path.replace(target)  # atomic; the same content whoever renames last
        except FileNotFoundError:  # the first photo of its folder
            target.parent.mkdir(parents=True, exist_ok=True)
            item.path.replace(target)


def photos_discard(staged: list[Staged]) -> None:
    for item in staged:
        if item.path is not None:
            item.path.unlink(missing_ok=True)


def photo_store(photo: CleanPhoto) -> None:
    """Writes a photo straight to the public store (importers and tests; submissions stage first)."""
    path = photo_path(photo.sha256, photo.extension)
    if not path.exists():
        _write_new(path, photo.data)


SENDING_MAX_AGE = 3600  # a staged submission's photo lives for milliseconds unless the process died
_last_sweep = [0.0]


def staging_sweep(*, max_age: float = SENDING_MAX_AGE, kept_max_age: float | None = None) -> dict[str, int]:
    """Clears the staging area: a photo a crash left between its version's commit and its move is
    published if a stored version names it, anything else older than ``max_age`` is deleted; photos kept
    for a refused form (``kept``) go after ``kept_max_age`` (a day by default)."""
    from suara.results.models import ResultPhoto

    kept_max_age = KEPT_MAX_AGE if kept_max_age is None else kept_max_age
    counts = {"published": 0, "deleted": 0}
    now = time.time()
    sending = staging_root() / "sending"
    for path in sending.glob("*") if sending.is_dir() else []:
        try:
            if now - path.stat().st_mtime < max_age:
                continue
        except FileNotFoundError:
            continue
        sha256, _, rest = path.name.partition(".")
        extension = rest.partition(".")[0]
        if ResultPhoto.objects.filter(sha256=sha256).exists():
            photos_publish([Staged(CleanPhoto(b"", sha256, "", extension, 0, 0), path)])
            counts["published"] += 1
        else:
            path.unlink(missing_ok=True)
            counts["deleted"] += 1
    kept = staging_root() / "kept"
    for path in kept.glob("*/*") if kept.is_dir() else []:
        try:
            if now - path.stat().st_mtime >= kept_max_age:
                path.unlink(missing_ok=True)
                counts["deleted"] += 1
        except FileNotFoundError:
            continue
    return counts


def _sweep_now_and_then() -> None:
    """Each process sweeps the staging area at most every ten minutes, on its way."""
    now = time.monotonic()
    if now - _last_sweep[0] < 600:
        return
    _last_sweep[0] = now
    with contextlib.suppress(OSError):  # another process swept the same file
        staging_sweep()


# Photos kept for a form that was refused, so the officer need not choose them again.

KEPT_MAX_AGE = 24 * 3600


def photo_keep(photo: CleanPhoto, *, owner: str) -> str:
    """Keeps a photo of a refused form for its owner; returns its name in the owner's area."""
    name = f"{photo.sha256}.{photo.extension}"
    path = staging_root() / "kept" / _owner_dir(owner) / name
    if not path.exists():
        _write_new(path, photo.data)
    else:
        os.utime(path)
    return name


def photo_kept(name: str, *, owner: str) -> Path | None:
    """The file of a kept photo, or None when it is not this owner's or has been swept."""
    sha256, _, extension = name.partition(".")
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256) or extension not in ("jpg", "png"):
        return None
    path = staging_root() / "kept" / _owner_dir(owner) / name
    return path if path.is_file() else None


def _owner_dir(owner: str) -> str:
    # Names of accounts never appear on disk; a keyed hash keeps one officer's photos apart from another's.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{owner}".encode()).hexdigest()[:32]
