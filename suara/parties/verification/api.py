"""Factual verification over the v1 API, under /api/v1/verifikasi-partai/: draw a sample, read it (names
masked for the party's operator), record an attempt or a decision with an idempotency key (a resend
answers 200 with ``baru: false`` and records nothing), draw a replacement, finalise. Token required; the
services decide who may."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Path, Router, Schema, Status

from suara.accounts.api_auth import TOKEN_AUTH
from suara.audit.actors import Actor
from suara.core.errors import NotFound
from suara.core.schemas import ERRORS, Error
from suara.parties.errors import PartyErrorCode
from suara.parties.models import Party
from suara.parties.verification import selectors, services

router = Router(tags=["verifikasi partai"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}
MAX_ID = 2**63 - 1
SAMPLE_ID = "nomor sampel"


class DrawIn(Schema):
    pemilu: str = Field(max_length=50, description="slug pemilu, mis. pemilu-2024")
    partai: str = Field(max_length=32, description="kode partai, mis. pkb")
    kabkota: str = Field(max_length=4, description="kode kabupaten/kota, 4 digit")


class AttemptOut(Schema):
    cara: str
    temuan: str
    waktu: datetime


class MemberOut(Schema):
    id: int
    jenis: str = Field(description="sampel atau pengganti")
    nomor: int = Field(description="urutan dalam sampel; urutan cadangan bagi pengganti")
    posisi: int = Field(description="posisi dalam daftar berurut (dari 0)")
    id_listing: int
    nama: str = Field(description="tersamar bagi operator partai")
    mengganti: int | None = None
    upaya: list[AttemptOut]
    hasil: str = Field(description="confirmed, denies, not_found, moved, deceased; kosong bila belum")
    keputusan: str = Field(description="MS, TMS; kosong bila belum")


class SampleOut(Schema):
    id: int
    partai: str
    kabkota: str
    algoritma: str
    benih: str
    populasi: int = Field(description="N: anggota MS dalam daftar")
    ukuran: int = Field(description="n: ukuran sampel Krejcie–Morgan")
    awal: int = Field(description="t: titik awal dari benih")
    sidik_daftar: str = Field(description="SHA-256 daftar berurut")
    aturan_hasil: str
    perlu_ms: int
    diambil_pada: datetime
    hasil: str = Field(description="MS, TMS; kosong bila belum ditetapkan")
    jumlah_ms: int | None
    anggota: list[MemberOut]


class AttemptIn(Schema):
    anggota: int = Field(ge=1, le=MAX_ID, description="id anggota sampel")
    cara: str = Field(max_length=10, description="rumah, kantor atau video")
    temuan: str = Field(max_length=10, description="confirmed, denies, not_met, moved, deceased")
    waktu: datetime = Field(description="saat upaya dilakukan (jam perangkat), dengan zona waktu")
    kunci: str = Field(max_length=64, description="kunci idempotensi dari klien, 8–64 karakter")
    catatan: str = Field("", max_length=500)


class DecisionIn(Schema):
    anggota: int = Field(ge=1, le=MAX_ID, description="id anggota sampel")
    hasil: str = Field(max_length=10, description="confirmed, denies, not_found, moved, deceased")
    kunci: str = Field(max_length=64)


class MemberIn(Schema):
    anggota: int = Field(ge=1, le=MAX_ID, description="id anggota sampel")


class Written(Schema):
    baru: bool = Field(description="false: kiriman ulang yang sudah tercatat; tidak ada yang ditulis")
    anggota: MemberOut


def _sample_out(user, sample_id: int) -> dict:
    sample, viewer = selectors.sample_seen(user, sample_id)
    rows = selectors.sample_rows(sample, viewer)
    return {
        "id": sample.pk,
        "partai": sample.party.code,
        "kabkota": sample.kabkota_code,
        "algoritma": sample.algorithm,
        "benih": sample.seed,
        "populasi": sample.population,
        "ukuran": sample.size,
        "awal": sample.start,
        "sidik_daftar": sample.frame_digest,
        "aturan_hasil": sample.pass_rule,
        "perlu_ms": sample.required_ms,
        "diambil_pada": sample.drawn_at,
        "hasil": sample.result,
        "jumlah_ms": sample.ms_count,
        "anggota": [_member_out(row) for row in rows],
    }


def _member_out(row: selectors.Row) -> dict:
    s = row.sampled
    return {
        "id": s.pk,
        "jenis": s.kind,
        "nomor": s.number,
        "posisi": s.position,
        "id_listing": s.member_id,
        "nama": row.name,
        "mengganti": s.replaces_id,
        "upaya": [{"cara": a.method, "temuan": a.finding, "waktu": a.attempted_at} for a in row.attempts],
        "hasil": s.outcome,
        "keputusan": s.decision,
    }


def _one(user, sample_id: int, sampled_id: int) -> dict:
    sample, viewer = selectors.sample_seen(user, sample_id)
    return next(_member_out(r) for r in selectors.sample_rows(sample, viewer) if r.sampled.pk == sampled_id)


@router.post("/verifikasi-partai/sampel", auth=TOKEN_AUTH, response={201: SampleOut, **WRITE_ERRORS},
             summary="Ambil sampel verifikasi faktual")  # fmt: skip
def sample_draw(request, payload: DrawIn):
    """Oleh KPU kabupaten/kota itu atau KPU RI, dari anggota partai yang MS di kabupaten/kota itu. 409:
    `sample_exists`, `sample_frame_empty`. 403: `forbidden`. 404: `party_not_found`."""
    party = Party.objects.filter(election__slug=payload.pemilu, code=payload.partai).first()
    if party is None:
        raise NotFound(PartyErrorCode.PARTY_NOT_FOUND, "Partai tidak ditemukan dalam pemilu ini.", field="partai")
    sample = services.sample_draw(actor=Actor.of(request.auth.user), party_id=party.pk, kabkota_code=payload.kabkota)
    return Status(201, _sample_out(request.auth.user, sample.pk))


@router.get("/verifikasi-partai/sampel/{sample_id}", auth=TOKEN_AUTH, response={200: SampleOut, **ERRORS},
            summary="Sampel verifikasi, anggota dan hasilnya")  # fmt: skip
def sample_read(request, sample_id: int = Path(..., ge=1, le=MAX_ID, description=SAMPLE_ID)):
    """Untuk verifikator kabupaten/kota itu dan KPU RI (nama lengkap) dan operator partainya (nama
    tersamar). 404 `sample_not_found` bagi yang lain."""
    return _sample_out(request.auth.user, sample_id)


@router.post("/verifikasi-partai/sampel/{sample_id}/upaya", auth=TOKEN_AUTH,
             response={200: Written, **WRITE_ERRORS}, summary="Catat satu upaya verifikasi")  # fmt: skip
def attempt_record(request, payload: AttemptIn, sample_id: int = Path(..., ge=1, le=MAX_ID, description=SAMPLE_ID)):
    """Urutan: rumah, kantor partai, panggilan video; masing-masing sekali. 409: `attempt_out_of_order`,
    `sample_finalised`, `idempotency_key_reused`. 404: `sampled_member_not_found`. 400:
    `verification_input_invalid`."""
    _, created = services.attempt_record(
        actor=Actor.of(request.auth.user),
        sample_id=sample_id,
        sampled_id=payload.anggota,
        method=payload.cara,
        finding=payload.temuan,
        attempted_at=payload.waktu,
        key=payload.kunci,
        note=payload.catatan,
    )
    return {"baru": created, "anggota": _one(request.auth.user, sample_id, payload.anggota)}


@router.post("/verifikasi-partai/sampel/{sample_id}/keputusan", auth=TOKEN_AUTH,
             response={200: Written, **WRITE_ERRORS}, summary="Putuskan anggota sampel MS atau TMS")  # fmt: skip
def member_decide(request, payload: DecisionIn, sample_id: int = Path(..., ge=1, le=MAX_ID, description=SAMPLE_ID)):
    """Sesudah sedikitnya satu upaya; hasil sesuai temuan upaya terakhir. 409: `decision_out_of_order`.
    400: `outcome_inconsistent`."""
    _, created = services.member_decide(
        actor=Actor.of(request.auth.user),
        sample_id=sample_id,
        sampled_id=payload.anggota,
        outcome=payload.hasil,
        key=payload.kunci,
    )
    return {"baru": created, "anggota": _one(request.auth.user, sample_id, payload.anggota)}


@router.post("/verifikasi-partai/sampel/{sample_id}/pengganti", auth=TOKEN_AUTH,
             response={201: MemberOut, **WRITE_ERRORS}, summary="Ambil pengganti anggota yang TMS")  # fmt: skip
def replacement_draw(request, payload: MemberIn, sample_id: int = Path(..., ge=1, le=MAX_ID, description=SAMPLE_ID)):
    """Satu pengganti per anggota sampel TMS, dari urutan cadangan. 409: `replacement_not_allowed`,
    `replacement_already_drawn`, `replacement_reserve_empty`."""
    replacement = services.replacement_draw(
        actor=Actor.of(request.auth.user), sample_id=sample_id, sampled_id=payload.anggota
    )
    return Status(201, _one(request.auth.user, sample_id, replacement.pk))


@router.post("/verifikasi-partai/sampel/{sample_id}/tetapkan", auth=TOKEN_AUTH,
             response={200: SampleOut, **WRITE_ERRORS}, summary="Tetapkan hasil partai di kabupaten/kota")  # fmt: skip
def sample_finalise(request, sample_id: int = Path(..., ge=1, le=MAX_ID, description=SAMPLE_ID)):
    """Setelah semua anggota (dan pengganti) diputuskan. 409: `sample_undecided`, `sample_finalised`."""
    services.sample_finalise(actor=Actor.of(request.auth.user), sample_id=sample_id)
    return _sample_out(request.auth.user, sample_id)
