"""A party's member list over the v1 API: ``POST /api/v1/partai/{party_id}/anggota`` uploads a CSV or XLSX
file (whole or delta) as the same job the operator's upload page starts; the job is followed, and its
refused-rows report fetched, through the job API (``GET /api/v1/tugas/{id}``, ``…/hasil``). Only the
party's own operator may: another party's id is 403. A file that cannot be a member list is refused
before any job or file is made. Thin: the services and selectors decide."""

from __future__ import annotations

import io
from pathlib import Path as FilePath
from typing import BinaryIO

from django.conf import settings
from ninja import File, Form, Path, Router, Status
from ninja.files import UploadedFile

from suara.accounts.api_auth import TOKEN_AUTH
from suara.audit.actors import Actor
from suara.core.schemas import ERRORS, Error
from suara.jobs import services as job_services
from suara.jobs.schemas import JobOut, job_out
from suara.parties.job_kinds import UPLOAD_MEMBERS, UPLOAD_SUFFIXES
from suara.parties.members import selectors
from suara.parties.members.services import members_file_check

router = Router(tags=["partai"])


def _own_copy(upload: UploadedFile) -> BinaryIO:
    """A stream of the upload's bytes that the check may read and close without touching the upload."""
    on_disk = getattr(upload, "temporary_file_path", None)
    if on_disk is not None:
        return open(on_disk(), "rb")  # noqa: SIM115 - closed by the caller
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return io.BytesIO(data)


def _checkable(upload: UploadedFile) -> bool:
    """A file the job kernel would take (its suffix and size): the kernel refuses the others itself."""
    suffix = FilePath(upload.name or "").suffix.lower()
    return suffix in UPLOAD_SUFFIXES and (upload.size or 0) <= settings.SUARA_VOTER_UPLOAD_MAX_BYTES


@router.post(
    "/partai/{int:party_id}/anggota",
    auth=TOKEN_AUTH,
    response={202: JobOut, **ERRORS, 403: Error, 409: Error, 413: Error},
    summary="Unggah daftar anggota partai",
)
def members_upload(
    request,
    party_id: int = Path(..., description="pengenal partai (id dari halaman operator partai)"),
    file: UploadedFile = File(..., description="CSV (UTF-8) atau XLSX dengan kolom docs/parties.md"),  # noqa: B008
    delta: bool = Form(False, description="true: perubahan saja (kolom aksi: tambah/hapus); false: daftar lengkap"),
):
    """Memulai tugas unggah daftar anggota, sama seperti halaman operator partai; jawaban 202 berisi
    pengenal tugas. Ikuti kemajuannya di `GET /api/v1/tugas/{id}`; setelah selesai, `hasil` menunjuk
    laporan baris yang ditolak (baris, kode, kolom, keterangan; tanpa NIK). Hanya operator partai itu
    sendiri (403 untuk partai lain). Berkas yang bukan daftar anggota (bukan CSV/XLSX, bukan UTF-8, XLS
    lama, judul kolom lain, tanpa baris) ditolak dengan kodenya sebelum tugas dibuat."""
    user = request.auth.user
    party, _role = selectors.party_for_operator(user, party_id)
    if _checkable(file):
        with _own_copy(file) as stream:
            members_file_check(stream=stream, delta=delta, size=file.size)
    job = job_services.job_start(
        actor=Actor.of(user),
        kind=UPLOAD_MEMBERS,
        scope=party.code,
        params={"party_id": party.pk, "delta": delta, "file_name": file.name or ""},
        upload=file,
        upload_name=file.name or "",
    )
    job.refresh_from_db()
    return Status(202, job_out(job))
