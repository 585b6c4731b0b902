"""An uploaded file read whole within a limit, for the pages and the API alike (an agreement's impact
assessment, a leaked copy to trace): refused with its code past the limit, before it is all read."""

from __future__ import annotations

from django.conf import settings

from suara.core.errors import DomainError
from suara.sharing.errors import SharingErrorCode
from suara.sharing.rules import DPIA_MAX_BYTES


def _read(upload, limit: int, code: SharingErrorCode, field: str, message: str) -> bytes | None:
    if upload is None:
        return None
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DomainError(code, message, field=field, status=413)
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read(limit + 1)
    if len(data) > limit:
        raise DomainError(code, message, field=field, status=413)
    return data


def dpia_bytes(upload) -> bytes | None:
    return _read(upload, DPIA_MAX_BYTES, SharingErrorCode.DPIA_NOT_PDF, "dpia", "Berkas DPIA paling besar 10 MB.")


def trace_bytes(upload) -> bytes | None:
    limit = settings.SUARA_VOTER_UPLOAD_MAX_BYTES
    return _read(
        upload, limit, SharingErrorCode.TRACE_FILE_INVALID, "file",
        f"Berkas lebih besar dari {limit // (1024 * 1024)} MB: telusuri dengan `suara sharing trace` di server.",
    )  # fmt: skip
