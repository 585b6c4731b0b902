"""What the results API takes and answers.

Numbers in a submitted tally are typed loosely on purpose: a negative, fractional or quoted number must
reach the C.Hasil rules and come back as a ``rules_broken`` answer naming rule R0 and the field, like any
other broken rule, not as a generic validation error. The OpenAPI document still says "integer, 0 or
more", which is what a client should send.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel, StrictBool, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from suara.results import signing
from suara.results import tally as tallies
from suara.results.models import ResultVersion
from suara.results.reasons import REASONS
from suara.results.snapshots import photo_url


def _present(value: Any) -> Any:
    # A null would drop the field from the tally, and a rule whose field is missing is not checked.
    if value is None:
        raise PydanticCustomError("missing", "wajib diisi")
    return value


# Any JSON value but null: the rules judge it (R0).
Count = Annotated[Any, AfterValidator(_present), WithJsonSchema({"type": "integer", "minimum": 0})]
BallotNumber = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,3}$")]
# Free text is stored; PostgreSQL refuses NUL, and no reason needs a control character.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]


class Plain(BaseModel):
    """Plain pydantic, for request bodies and for answers built from dicts. Ninja's ``Schema`` wraps every
    object it validates so that it can read Django model instances, which neither ever is; with the
    eight nested objects of a submission and the three of its answer, that wrapping was a tenth of a
    submission's CPU."""


class VoterCounts(Plain):
    l: Count = Field(description="laki-laki")  # noqa: E741 (the form's own letters: L, P, Jumlah)
    p: Count = Field(description="perempuan")
    j: Count = Field(description="jumlah")


class VotersIn(Plain):
    dpt: VoterCounts = Field(description="pemilih terdaftar di DPT")
    voted_dpt: VoterCounts = Field(description="pengguna hak pilih dari DPT")
    voted_dptb: VoterCounts = Field(description="pengguna hak pilih dari DPTb (pindahan)")
    voted_dpk: VoterCounts = Field(description="pengguna hak pilih dari DPK (tidak terdaftar)")
    voted_total: VoterCounts = Field(description="seluruh pengguna hak pilih")


class BallotsIn(Plain):
    received: Count = Field(description="surat suara diterima, termasuk cadangan")
    used: Count = Field(description="surat suara digunakan")
    unused: Count = Field(description="surat suara tidak digunakan")
    damaged: Count = Field(description="surat suara rusak atau keliru dicoblos")


class PhotoIn(Plain):
    content_base64: str = Field(description="foto halaman formulir (JPEG atau PNG), base64; paling besar 8 MB")


class ResultIn(Plain):
    submission_id: str = Field(
        description="ID kiriman buatan klien (8-64 karakter: huruf, angka, '-', '_'); kiriman ulang dengan ID "
        "dan isi yang sama tidak dihitung dua kali"
    )
    contest: str = Field(pattern=r"^[-a-zA-Z0-9_]{1,60}$", description="pengenal kontestasi, mis. ppwp-2024")
    tps: str = Field(description="kode TPS, 13 digit")
    votes: dict[BallotNumber, Count] = Field(description="suara sah per nomor urut calon")
    valid: Count = Field(description="jumlah suara sah")
    invalid: Count = Field(description="jumlah suara tidak sah")
    total: Count = Field(description="jumlah suara sah dan tidak sah")
    voters: VotersIn
    ballots: BallotsIn
    photos: list[PhotoIn] = Field(
        [], description="foto formulir C.Hasil, halaman demi halaman (1-10); atau sebut dengan `photo_hashes`"
    )
    photo_hashes: list[str] | None = Field(
        None,
        description="sebagai ganti `photos`: SHA-256 (64 heksadesimal huruf kecil) foto tiap halaman (1-10), yang "
        "diunggah terpisah lewat PUT /api/v1/photos/{sha256}; yang belum lengkap diterima tidak menolak "
        "kiriman: hasil dihitung dengan `photos_pending` true dan `photos_awaited` menyebutnya",
    )

    def tally(self) -> dict[str, object]:
        return tallies.flatten(self.model_dump(include={"votes", "valid", "invalid", "total", "voters", "ballots"}))


class PhotoHashesIn(Plain):
    photo_hashes: list[str] = Field(description="SHA-256 foto tiap halaman formulir, berurutan (1-10)")


class UploadStateOut(Plain):
    sha256: str
    received: int = Field(description="byte yang sudah diterima: potongan berikutnya mulai di sini")
    total: int | None = Field(description="ukuran foto seperti dinyatakan Content-Range; null bila belum ada")
    complete: bool = Field(description="true: foto lengkap dan lolos pemeriksaan")


class CorrectionIn(ResultIn):
    reason_code: str = Field(
        "lainnya",
        pattern=r"^[a-z_]{1,20}$",
        description="kode alasan (publik): " + ", ".join(f"{code} ({label})" for code, label in REASONS.items()),
    )
    reason: Text = Field(
        max_length=500,
        description="penjelasan koreksi, minimal 10 karakter; hanya untuk PPK ke atas, kecuali PPK yang "
        "memutuskan menerbitkannya",
    )


class DecisionIn(Plain):
    approve: StrictBool = Field(description="true: setujui (menjadi versi berikutnya); false: tolak")
    note: Text = Field("", max_length=500, description="catatan keputusan")
    publish_reason: StrictBool = Field(
        False, description="true: penjelasan pengaju layak diterbitkan (tanpa nama, nomor telepon)"
    )


class TallyOut(Plain):
    votes: dict[str, int] = Field(description="suara per nomor urut")
    valid: int | None = None
    invalid: int | None = None
    total: int | None = None
    voters: dict[str, dict[str, int]] = Field(description="kelompok pemilih -> {l, p, j}")
    ballots: dict[str, int] = Field(description="received, used, unused, damaged")


class PhotoOut(Plain):
    page: int
    url: str = Field(description="alamat foto di situs ini: /foto/<sha256>.<jpg|png>")
    sha256: str


class ReceiptOut(Plain):
    token: str = Field(description="tanda terima: base64url(isi) '.' base64url(tanda tangan Ed25519)")
    code: str = Field(description="kode pendek XXXX-XXXX dari tanda terima")
    verify_url: str = Field(description="halaman publik yang memeriksa tanda terima ini")
    qr_svg_url: str = Field(description="kode QR (SVG) berisi alamat pemeriksaan")


class ResultOut(Plain):
    id: int = Field(description="pengenal versi (untuk keputusan koreksi)")
    number: int | None = Field(description="nomor versi; null selama koreksi menunggu persetujuan")
    contest: str
    tps: str
    kind: str = Field(description="entry, correction, atau import")
    status: str = Field(description="accepted, pending, atau rejected")
    reason_code: str = Field(description="kode alasan koreksi; kosong untuk entri")
    reason: str = Field(description="penjelasan pengaju (tidak publik kecuali diterbitkan PPK)")
    tally: TallyOut
    photos: list[PhotoOut]
    submitted_at: datetime
    decided_at: datetime | None
    decision_note: str
    created: bool = Field(description="false: kiriman ulang yang sudah tersimpan")
    channel: str = Field("api", description="api (aplikasi), web (formulir), atau sms")
    photos_pending: bool = Field(False, description="true: foto formulir yang disebut belum semuanya diterima")
    photos_awaited: list[str] = Field([], description="SHA-256 foto yang disebut tetapi belum diterima lengkap")
    receipt: ReceiptOut = Field(description="tanda terima bertanda tangan server atas versi yang tersimpan")


def receipt_out(version: ResultVersion, photos: list[str]) -> dict:
    result = version.result
    token = signing.sign(
        signing.receipt_payload(version, contest=result.contest.slug, tps=result.tps_code, photos=photos)
    )
    return {
        "token": token,
        "code": signing.short_code(token),
        "verify_url": f"/hasil/tanda-terima/{token}/",
        "qr_svg_url": f"/hasil/tanda-terima/{token}/qr.svg",
    }


def named_photos(version: ResultVersion, stored: list) -> list[str]:
    """The version's photos page by page: those stored, and the names still awaited in the free pages."""
    by_page = {p.page: p.sha256 for p in stored}
    awaited = iter(version.photos_awaited or [])
    return [
        by_page[page] if page in by_page else next(awaited)
        for page in range(1, len(by_page) + len(version.photos_awaited or []) + 1)
    ]


def result_out(version: ResultVersion, *, created: bool) -> dict:
    result = version.result
    stored = list(version.photos.all())
    return {
        "id": version.pk,
        "number": version.number,
        "contest": result.contest.slug,
        "tps": result.tps_code,
        "kind": version.kind,
        "status": version.status,
        "reason_code": version.reason_code,
        "reason": version.reason,
        "tally": tallies.nest(version.tally),
        "photos": [{"page": p.page, "url": photo_url(p), "sha256": p.sha256} for p in stored],
        "submitted_at": version.submitted_at,
        "decided_at": version.decided_at,
        "decision_note": version.decision_note,
        "created": created,
        "channel": version.channel,
        "photos_pending": version.photos_pending,
        "photos_awaited": list(version.photos_awaited or []),
        "receipt": receipt_out(version, named_photos(version, stored)),
    }


class ContestSummary(Schema):
    id: str = Field(description="pengenal kontestasi, mis. ppwp-2024")
    name: str
    election: str = Field(description="pengenal pemilu, mis. pemilu-2024")
    election_name: str
    ballot_type: str
    region_code: str | None = Field(description="wilayah yang dicakup; null untuk nasional")
    recap: str = Field(description="alamat rekapitulasi nasional kontestasi ini di API")


class RegionRef(Schema):
    code: str
    name: str


class CandidateVotes(Schema):
    number: int = Field(description="nomor urut")
    name: str
    votes: int
    share: float = Field(description="bagian dari suara sah, 0-1")


class RecapChild(Schema):
    code: str
    name: str | None = Field(None, description="nama wilayah; kosong untuk TPS")
    number: int | None = Field(None, description="nomor TPS, untuk TPS")
    level: int = Field(description="1 provinsi, 2 kab/kota, 3 kecamatan, 4 desa, 5 TPS")
    votes: dict[str, int]
    valid: int
    invalid: int
    total: int
    tps_reported: int
    tps_expected: int
    flagged: int = Field(description="TPS di bawahnya yang bertanda janggal")
    flags: list[str] = Field([], description="tanda janggal, untuk TPS")


class FlaggedTps(Schema):
    code: str
    flags: list[str]


class LockOut(Schema):
    at: datetime
    role: str


class RecapOut(Schema):
    contest: str
    contest_name: str
    election: str
    code: str = Field(description="kode wilayah; kosong untuk nasional (puncak pilkada: provinsi atau kab/kota-nya)")
    name: str
    level: int = Field(description="0 nasional, 1 provinsi, 2 kab/kota, 3 kecamatan, 4 desa")
    ancestors: list[RegionRef] = Field(description="wilayah di atasnya, dari provinsi")
    candidates: list[CandidateVotes]
    valid: int
    invalid: int
    total: int
    dpt: int = Field(description="pemilih terdaftar di TPS yang sudah melapor")
    tps_reported: int
    tps_expected: int
    flags: dict[str, int] = Field(description="jumlah TPS di bawahnya per tanda janggal (J1-J5)")
    flagged_tps: list[FlaggedTps] = Field(description="TPS bertanda janggal, paling banyak 200")
    children: list[RecapChild]
    locked: LockOut | None = Field(description="penguncian rekapitulasi tingkat ini, bila ada")
    missing: list[str] = Field(
        default_factory=list,
        description="yang belum dimuat sehingga kontestasi belum dapat dihitung: `tps` (daftar TPS-nya) dan/atau "
        "`candidates` (pasangan calonnya); kosong bila siap",
    )
    version: int = Field(description="versi snapshot; 0 bila belum ada hasil masuk")
    updated_at: datetime | None
    paused_since: datetime | None = Field(
        None,
        description="bila penghitungan terhenti (pekerja rekapitulasi tidak berjalan sementara hasil menunggu): "
        "sejak kapan; angka di atas adalah angka saat itu. null: penghitungan berjalan",
    )


class TpsVersionOut(Schema):
    number: int | None
    kind: str
    status: str
    tally: TallyOut
    reason_code: str = Field("", description="kode alasan koreksi")
    reason_label: str = Field("", description="kode alasan dalam kata-kata")
    reason: str = Field(description="penjelasan pengaju, bila PPK menerbitkannya; selain itu kosong")
    submitted_role: str
    submitted_at: datetime
    decided_at: datetime | None
    decision_note: str
    photos: list[PhotoOut]
    channel: str = Field("api", description="api (aplikasi), web (formulir), atau sms")
    photos_pending: bool = Field(False, description="true: menunggu foto formulir (SMS: foto menyusul)")
    photos_awaited: list[str] = Field([], description="SHA-256 foto yang disebut tetapi belum diterima")


class TpsRecapOut(Schema):
    contest: str
    tps: str = Field(description="kode TPS, 13 digit")
    number: int = Field(description="nomor TPS di desanya")
    version: int = Field(description="versi hasil yang berlaku; 0 bila belum ada")
    tally: TallyOut | None
    flags: list[str]
    photos: list[PhotoOut] = Field(description="foto formulir versi yang berlaku")
    photos_pending: bool = Field(False, description="true: versi yang berlaku menunggu foto formulirnya")
    channel: str = Field("api", description="bagaimana versi yang berlaku dikirim: api, web, atau sms")
    updated_at: datetime | None
    versions: list[TpsVersionOut] = Field(description="semua versi, termasuk koreksi yang menunggu atau ditolak")
