"""Selection over the v1 API, for the KPU kab/kota and the PPS with an API token: written-test scores in,
the interview shortlist, a comment window, the appointment by decree, a reserve's promotion and the
accounts of a roster; and the public's comment. The services decide; refusals come back with their code.
"""

from __future__ import annotations

from datetime import date

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from suara.accounts.api_auth import TOKEN_AUTH, client_key
from suara.audit.actors import Actor
from suara.core.schemas import ERRORS, Error
from suara.elections.selectors import election_get
from suara.officers.selection import services, services_appointment

router = Router(tags=["petugas ad hoc: seleksi"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}
MAX_UPLOAD = 8 * 1024 * 1024


class CountOut(Schema):
    jumlah: int


class IdsOut(Schema):
    petugas: list[int]


@router.post(
    "/adhoc/{election}/nilai",
    auth=TOKEN_AUTH,
    response={200: CountOut, **WRITE_ERRORS},
    summary="Impor nilai tes tertulis (PPK, PPS)",
)
def scores_upload(
    request,
    election: str,
    body: str = Form(..., max_length=10),
    region: str = Form(..., max_length=10),
    file: UploadedFile = File(..., description="CSV: kolom nik atau id, dan nilai"),  # noqa: B008
):
    """Berkas yang memuat kesalahan ditolak seluruhnya: `details` memuat setiap kesalahan (baris, kode)."""
    count = services.scores_import(
        actor=Actor.of(request.auth.user),
        election=election_get(election),
        body=body,
        region=region,
        content=file.read(MAX_UPLOAD),
    )
    return {"jumlah": count}


@router.post(
    "/adhoc/{election}/{body}/{posting}/wawancara",
    auth=TOKEN_AUTH,
    response={200: IdsOut, **WRITE_ERRORS},
    summary="Tetapkan peserta wawancara",
)
def shortlist_draw(request, election: str, body: str, posting: str):
    """Tiga kali jumlah kursi dengan nilai tertinggi; nilai sama pada batas ikut semuanya."""
    ids = services.shortlist_draw(
        actor=Actor.of(request.auth.user), election=election_get(election), body=body, posting=posting
    )
    return {"petugas": ids}


class WindowIn(Schema):
    opens_on: date
    closes_on: date


class WindowOut(Schema):
    id: int
    opens_on: date
    closes_on: date


@router.post(
    "/adhoc/{election}/{body}/{posting}/tanggapan",
    auth=TOKEN_AUTH,
    response={201: WindowOut, **WRITE_ERRORS},
    summary="Buka masa tanggapan masyarakat",
)
def window_open(request, election: str, body: str, posting: str, payload: WindowIn):
    window = services.comment_window_open(
        actor=Actor.of(request.auth.user),
        election=election_get(election),
        body=body,
        posting=posting,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
    )
    return Status(201, window)


class CommentIn(Schema):
    officer_id: int | None = Field(None, description="calon yang ditanggapi; kosong: daftar seluruhnya")
    text: str = Field(..., max_length=4000)
    contact: str = Field(..., max_length=300, description="telepon atau surel; hanya untuk KPU")


class CommentOut(Schema):
    id: int


@router.post(
    "/rekrutmen/tanggapan/{int:window}",
    response={201: CommentOut, **ERRORS, 409: Error},
    summary="Kirim tanggapan masyarakat atas calon",
)
def comment_send(request, window: int, payload: CommentIn):
    services.comment_rate_check(client_key(request))
    comment = services.comment_add(
        window_id=window, officer_id=payload.officer_id, text=payload.text, contact=payload.contact
    )
    return Status(201, {"id": comment.pk})


class AppointIn(Schema):
    officer_ids: list[int] = Field(..., max_length=20)
    chair_id: int | None = None
    reserve_ids: list[int] = Field([], max_length=50)
    number: str = Field(..., max_length=100, description="nomor SK")
    decreed_on: date
    signer: str = Field(..., max_length=150)
    term_start: date
    term_end: date


class DecreeOut(Schema):
    id: int
    number: str
    decreed_on: date
    signer: str
    appointed: list[int]


@router.post(
    "/adhoc/{election}/{body}/{posting}/lantik",
    auth=TOKEN_AUTH,
    response={201: DecreeOut, **WRITE_ERRORS},
    summary="Lantik petugas dengan SK",
)
def appoint(request, election: str, body: str, posting: str, payload: AppointIn):
    """Melebihi kursi (`seats_exceeded`), calon bukan dari tempat tugas ini, atau ketua yang tidak sah: ditolak
    seluruhnya."""
    decree = services_appointment.officers_appoint(
        actor=Actor.of(request.auth.user),
        election=election_get(election),
        body=body,
        posting=posting,
        **payload.dict(),
    )
    return Status(
        201,
        {
            "id": decree.pk,
            "number": decree.number,
            "decreed_on": decree.decreed_on,
            "signer": decree.signer,
            "appointed": [e.officer_id for e in decree.entries.all()],
        },
    )


class PromoteIn(Schema):
    reserve_id: int
    leaving_id: int | None = None
    leaving_status: str | None = Field(None, description="diganti, mengundurkan_diri atau meninggal")
    note: str = Field("", max_length=300)


class PromotedOut(Schema):
    id: int
    status: str
    position: str


@router.post(
    "/adhoc/cadangan", auth=TOKEN_AUTH, response={200: PromotedOut, **WRITE_ERRORS}, summary="Lantik petugas cadangan"
)
def promote(request, payload: PromoteIn):
    officer = services_appointment.reserve_promote(actor=Actor.of(request.auth.user), **payload.dict())
    return {"id": officer.pk, "status": officer.status, "position": officer.position}


class AccountOut(Schema):
    username: str
    code: str


@router.post(
    "/adhoc/{election}/{body}/{posting}/akun",
    auth=TOKEN_AUTH,
    response={201: list[AccountOut], **WRITE_ERRORS},
    summary="Buat akun petugas yang masuk ke sistem",
)
def accounts(request, election: str, body: str, posting: str):
    """Kode sekali pakai hanya ditampilkan dalam jawaban ini."""
    issued = services_appointment.roster_accounts(
        actor=Actor.of(request.auth.user), election=election_get(election), body=body, posting=posting
    )
    return Status(201, [{"username": c.username, "code": c.code} for c in issued])
