"""Form photos uploaded apart from their tally, in resumable chunks, named by the SHA-256 of their bytes
(the field app's link may drop at any moment: it resends only what is missing).

``PUT /api/v1/photos/{sha256}`` sends one chunk with ``Content-Range: bytes START-END/TOTAL``. A chunk
must start where the upload stands (``received``); one already received, with the same bytes, is answered
with the current state (a retry). The bytes wait in a private file of the account's own (never in the
public store); the row (``PhotoUpload``) says how many of them count, so a chunk whose row did not commit
is cut off by the next one and nothing is half-applied. When the last byte arrives the whole is hashed
(it must hash to its name, or the upload is discarded), judged by the photo rules of a submission
(``photos.inspect_photo`` and ``verify_photos``: format, size, megapixels, whole pixels) and kept,
stripped of its metadata, in the private ``received`` area until a version names it; then
``entry.attach`` publishes it with that version.

An account holds at most ``SUARA_PHOTO_UPLOADS_MAX`` unfinished uploads and
``SUARA_PHOTO_UPLOADS_MAX_BYTES`` declared bytes of them at once (429 ``photo_uploads_too_many``, 413
``photo_uploads_too_large``); uploads untouched for ``SUARA_PHOTO_UPLOAD_EXPIRE_SECONDS``, and finished
photos no version named in that time, are swept. Chunks are private staging like the files a submission
stages, and are not audited; attaching a photo to a version is (``entry.attach``).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.roles import Action, ScopeKind
from suara.audit.actors import Actor
from suara.core.errors import Conflict, DomainError, PermissionDenied
from suara.results.entry.photos import (
    MAX_BYTES,
    CleanPhoto,
    _owner_dir,
    _write_new,
    inspect_photo,
    photo_path,
    staging_root,
    verify_photos,
)
from suara.results.errors import ResultErrorCode
from suara.results.models import PhotoUpload

CHUNK_MAX = 256 * 1024
SHA256 = re.compile(r"[0-9a-f]{64}")
_RANGE = re.compile(r"bytes ([0-9]{1,12})-([0-9]{1,12})/([0-9]{1,12})")


@dataclass(frozen=True)
class ContentRange:
    start: int
    end: int  # inclusive
    total: int


def _bad_range(message: str) -> DomainError:
    return DomainError(ResultErrorCode.INVALID_CONTENT_RANGE, message, field="Content-Range")


def parse_content_range(header: str | None, length: int) -> ContentRange:
    """``bytes START-END/TOTAL`` (END inclusive) for a chunk of ``length`` bytes. Pure."""
    match = _RANGE.fullmatch((header or "").strip())
    if match is None:
        raise _bad_range("Header Content-Range harus berbentuk 'bytes AWAL-AKHIR/TOTAL'.")
    start, end, total = (int(g) for g in match.groups())
    if length < 1 or end < start or end - start + 1 != length:
        raise _bad_range(f"Content-Range {start}-{end} tidak sesuai dengan panjang potongan ({length} byte).")
    if end >= total:
        raise _bad_range(f"Content-Range melewati ukuran foto ({total} byte).")
    return ContentRange(start, end, total)


def check_sha256(sha256: str) -> None:
    if not SHA256.fullmatch(sha256 or ""):
        raise DomainError(
            ResultErrorCode.PHOTO_HASH_INVALID,
            "Nama foto adalah SHA-256-nya: 64 angka heksadesimal huruf kecil.",
            field="sha256",
        )


def require_uploader(actor: Actor) -> None:
    """A KPPS of any TPS: the photo is not yet tied to a TPS (the tally that names it is)."""
    user = actor.officer()
    for assignment in assignments_of(user):
        if assignment.scope_kind == ScopeKind.TPS and authorize(user, Action.SUBMIT_RESULT, assignment.scope):
            return
    raise PermissionDenied(
        ResultErrorCode.PHOTO_UPLOAD_FORBIDDEN, "Hanya KPPS yang mengunggah foto formulir.", field="scope"
    )


@dataclass(frozen=True)
class UploadState:
    sha256: str
    received: int
    total: int | None
    complete: bool
    finished_now: bool = False  # this request's chunk finished the photo: versions awaiting it get it now

    def as_dict(self) -> dict:
        return {"sha256": self.sha256, "received": self.received, "total": self.total, "complete": self.complete}


def part_path(owner: str, sha256: str) -> Path:
    return staging_root() / "uploads" / _owner_dir(owner) / f"{sha256}.part"


def received_path(clean_sha256: str, content_type: str) -> Path:
    extension = "png" if content_type == "image/png" else "jpg"
    return staging_root() / "received" / clean_sha256[:2] / f"{clean_sha256}.{extension}"


def received_photo(sha256: str) -> PhotoUpload | None:
    """A finished upload of this photo (any account's: the same name is the same bytes) whose file is
    still held, privately or already published."""
    for upload in PhotoUpload.objects.filter(sha256=sha256, complete=True):
        ext = "png" if upload.content_type == "image/png" else "jpg"
        public = photo_path(upload.clean_sha256, ext)
        if public.exists() or received_path(upload.clean_sha256, upload.content_type).exists():
            return upload
    return None


def photo_upload_state(*, actor: Actor, sha256: str) -> UploadState:
    check_sha256(sha256)
    require_uploader(actor)
    done = received_photo(sha256)
    if done is not None:
        return UploadState(sha256, done.total, done.total, True)
    upload = PhotoUpload.objects.filter(owner=actor.officer().username, sha256=sha256).first()
    if upload is None:
        return UploadState(sha256, 0, None, False)
    return UploadState(sha256, upload.received, upload.total, False)


def _offset_mismatch(received: int, total: int) -> Conflict:
    return Conflict(
        ResultErrorCode.UPLOAD_OFFSET_MISMATCH,
        f"Potongan harus mulai dari byte {received}; lanjutkan dari sana.",
        field="Content-Range",
        details=[{"received": received, "total": total}],
    )


def _check_limits(owner: str, total: int) -> None:
    pending = PhotoUpload.objects.filter(owner=owner, complete=False)
    if pending.count() >= settings.SUARA_PHOTO_UPLOADS_MAX:
        raise DomainError(
            ResultErrorCode.PHOTO_UPLOADS_TOO_MANY,
            f"Terlalu banyak unggahan foto yang belum selesai (paling banyak {settings.SUARA_PHOTO_UPLOADS_MAX}); "
            "selesaikan dulu.",
            status=429,
        )
    held = pending.aggregate(n=Sum("total"))["n"] or 0
    if held + total > settings.SUARA_PHOTO_UPLOADS_MAX_BYTES:
        raise DomainError(
            ResultErrorCode.PHOTO_UPLOADS_TOO_LARGE,
            f"Unggahan foto yang belum selesai terlalu besar bersama-sama (paling banyak "
            f"{settings.SUARA_PHOTO_UPLOADS_MAX_BYTES // (1024 * 1024)} MB); selesaikan dulu.",
            status=413,
        )


def _read_range(path: Path, start: int, length: int) -> bytes:
    with path.open("rb") as f:
        f.seek(start)
        return f.read(length)


def photo_upload_chunk(*, actor: Actor, sha256: str, content_range: str | None, data: bytes) -> UploadState:
    """Receives one chunk; returns the upload's state. See the module's docstring."""
    check_sha256(sha256)
    if len(data) > CHUNK_MAX:
        raise DomainError(
            ResultErrorCode.UPLOAD_CHUNK_TOO_LARGE, f"Potongan paling besar {CHUNK_MAX // 1024} KiB.", status=413
        )
    span = parse_content_range(content_range, len(data))
    if span.total > MAX_BYTES:
        raise DomainError(
            ResultErrorCode.PHOTO_TOO_LARGE, f"Foto melebihi {MAX_BYTES // (1024 * 1024)} MB.", status=413
        )
    require_uploader(actor)
    owner = actor.officer().username
    done = received_photo(sha256)
    if done is not None:  # finished already (by this account or another): nothing to add
        return UploadState(sha256, done.total, done.total, True)
    _sweep_now_and_then()
    path = part_path(owner, sha256)
    with transaction.atomic():
        upload = PhotoUpload.objects.select_for_update().filter(owner=owner, sha256=sha256).first()
        if upload is None:
            _check_limits(owner, span.total)
            upload = PhotoUpload(owner=owner, sha256=sha256, total=span.total, updated_at=timezone.now())
            try:
                with transaction.atomic():
                    upload.save()
            except IntegrityError:  # another chunk of this account's upload created it just now
                upload = PhotoUpload.objects.select_for_update().get(owner=owner, sha256=sha256)
        if span.total != upload.total:
            raise _bad_range(f"Ukuran foto ini sudah dinyatakan {upload.total} byte, bukan {span.total}.")
        if upload.received and not path.exists():  # its file was lost (swept, a disk replaced): start again
            upload.received = 0
            upload.save(update_fields=["received"])
        if span.end < upload.received:  # a chunk sent again: the same bytes, or a conflict
            if _read_range(path, span.start, len(data)) != data:
                raise Conflict(
                    ResultErrorCode.UPLOAD_CHUNK_DIFFERS,
                    f"Byte {span.start}-{span.end} sudah diterima dengan isi lain.",
                    field="Content-Range",
                    details=[{"received": upload.received, "total": upload.total}],
                )
        elif span.start != upload.received:
            raise _offset_mismatch(upload.received, upload.total)
        else:
            _append(path, upload.received, data)
            upload.received += len(data)
            upload.updated_at = timezone.now()
            upload.save(update_fields=["received", "updated_at"])
        received, total = upload.received, upload.total
    if received < total:
        return UploadState(sha256, received, total, False)
    return _finish(actor, sha256, path)


def _append(path: Path, offset: int, data: bytes) -> None:
    """Writes ``data`` at ``offset``, cutting off whatever a chunk that never committed left after it."""
    try:
        f = path.open("r+b")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        f = path.open("w+b")
    with f:
        f.truncate(offset)
        f.seek(offset)
        f.write(data)


def _discard(owner: str, sha256: str, path: Path) -> None:
    PhotoUpload.objects.filter(owner=owner, sha256=sha256, complete=False).delete()
    path.unlink(missing_ok=True)


def _finish(actor: Actor, sha256: str, path: Path) -> UploadState:
    """The last byte arrived: hashed, judged, kept privately and attached to the versions awaiting it.
    Refused: the upload is discarded (the client starts again), with the rule's code, answered 422."""
    owner = actor.officer().username
    upload = PhotoUpload.objects.get(owner=owner, sha256=sha256)
    try:
        data = path.read_bytes()[: upload.total]
    except FileNotFoundError:  # finished by a request that raced this one
        return _state_after(owner, sha256)
    if hashlib.sha256(data).hexdigest() != sha256:
        _discard(owner, sha256, path)
        raise DomainError(
            ResultErrorCode.PHOTO_HASH_MISMATCH,
            "Isi foto yang diterima tidak sesuai dengan SHA-256-nya; unggah ulang dari awal.",
            field="sha256",
            status=422,
        )
    try:
        photo = inspect_photo(data, page=1)
        verify_photos([photo])
    except DomainError as exc:
        if exc.code == ResultErrorCode.PHOTO_DECODE_BUSY:
            raise  # 503: the same last chunk sent again finishes it
        _discard(owner, sha256, path)
        exc.status = 422
        exc.message = exc.message.replace("halaman 1 ", "")
        exc.args = (exc.message,)
        raise
    _keep(photo)
    PhotoUpload.objects.filter(pk=upload.pk).update(
        complete=True,
        clean_sha256=photo.sha256,
        content_type=photo.content_type,
        width=photo.width,
        height=photo.height,
        size=len(photo.data),
        updated_at=timezone.now(),
    )
    path.unlink(missing_ok=True)
    return UploadState(sha256, upload.total, upload.total, True, finished_now=True)


def _state_after(owner: str, sha256: str) -> UploadState:
    done = received_photo(sha256)
    if done is not None:
        return UploadState(sha256, done.total, done.total, True)
    upload = PhotoUpload.objects.filter(owner=owner, sha256=sha256).first()
    return UploadState(sha256, upload.received if upload else 0, upload.total if upload else None, False)


def _keep(photo: CleanPhoto) -> None:
    if photo_path(photo.sha256, photo.extension).exists():
        return
    target = received_path(photo.sha256, photo.content_type)
    if not target.exists():
        _write_new(target, photo.data)


def received_clean(upload: PhotoUpload) -> CleanPhoto:
    """A finished upload's photo as stored (its bytes read from the private area or the public store)."""
    ext = "png" if upload.content_type == "image/png" else "jpg"
    public = photo_path(upload.clean_sha256, ext)
    path = public if public.exists() else received_path(upload.clean_sha256, upload.content_type)
    return CleanPhoto(path.read_bytes(), upload.clean_sha256, upload.content_type, ext, upload.width, upload.height)


def received_release(photos: list[CleanPhoto]) -> None:
    """Private copies of photos now published (the public store holds them): removed."""
    for photo in photos:
        received_path(photo.sha256, photo.content_type).unlink(missing_ok=True)


def uploads_sweep(*, max_age: float | None = None) -> dict[str, int]:
    """Deletes uploads untouched for ``max_age`` seconds (``SUARA_PHOTO_UPLOAD_EXPIRE_SECONDS``) and
    finished photos that no version named in that time, with their files."""
    from suara.results.models import ResultPhoto

    age = settings.SUARA_PHOTO_UPLOAD_EXPIRE_SECONDS if max_age is None else max_age
    cutoff = timezone.now() - timedelta(seconds=age)
    counts = {"partial": 0, "unnamed": 0}
    for upload in PhotoUpload.objects.filter(updated_at__lt=cutoff, complete=False):
        part_path(upload.owner, upload.sha256).unlink(missing_ok=True)
        upload.delete()
        counts["partial"] += 1
    for upload in PhotoUpload.objects.filter(updated_at__lt=cutoff, complete=True):
        if ResultPhoto.objects.filter(sha256=upload.clean_sha256).exists():
            continue  # published with its version: the row keeps saying which photo the name was
        received_path(upload.clean_sha256, upload.content_type).unlink(missing_ok=True)
        upload.delete()
        counts["unnamed"] += 1
    return counts


_last_sweep = [0.0]


def _sweep_now_and_then() -> None:
    now = time.monotonic()
    if now - _last_sweep[0] < 600:
        return
    _last_sweep[0] = now
    with contextlib.suppress(OSError):
        uploads_sweep()
