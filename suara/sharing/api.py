"""Data sharing over the v1 API for KPU's officers (a token of an account with a KPU role): agreements
(draft with their impact assessment, approve, revoke, bind a partner key), extracts (request, list), the
trace of a leaked copy and breach records. Body keys are the services' own names, so a refusal's ``field``
names the key at fault. Thin: the services decide. The partner's and the citizen's operations are in
``api_partner``."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from suara.accounts.api_auth import TOKEN_AUTH
from suara.audit.actors import Actor
from suara.core.schemas import ERRORS, Error
from suara.jobs.schemas import JobOut, job_out
from suara.sharing import selectors, services, services_breaches, services_extracts, services_trace
from suara.sharing.notices import breach_notices
from suara.sharing.rules import breach_clock
from suara.sharing.uploads import dpia_bytes, trace_bytes

router = Router(tags=["berbagi data (petugas)"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error, 413: Error}


class AgreementOut(Schema):
    id: int
    recipient: str
    organisation: str | None = Field(description="kode organisasi penerima (kunci API mitra)")
    purpose: str
    legal_basis: str = Field(description="dasar Pasal 20 ayat (2) UU PDP: persetujuan, perjanjian, ...")
    legal_reference: str
    fields: list[str]
    sensitive: bool
    aggregation: str
    region_code: str
    period_start: date
    period_end: date
    status: str = Field(description="draft, approved, revoked (tersimpan)")
    state: str = Field(description="hari ini: draft, approved (belum berlaku), active, expired, revoked")
    dpia_sha256: str
    drafted_by: str
    approved_by: str | None
    approved_at: datetime | None
    revoked_at: datetime | None


def agreement_out(agreement) -> dict:
    return {
        "id": agreement.pk,
        "recipient": agreement.recipient,
        "organisation": agreement.organisation.code if agreement.organisation_id else None,
        "purpose": agreement.purpose,
        "legal_basis": agreement.legal_basis,
        "legal_reference": agreement.legal_reference,
        "fields": agreement.fields,
        "sensitive": agreement.sensitive,
        "aggregation": agreement.aggregation,
        "region_code": agreement.region_code,
        "period_start": agreement.period_start,
        "period_end": agreement.period_end,
        "status": agreement.status,
        "state": services.state_of(agreement),
        "dpia_sha256": agreement.dpia_sha256,
        "drafted_by": agreement.drafted_by.username,
        "approved_by": agreement.approved_by.username if agreement.approved_by_id else None,
        "approved_at": agreement.approved_at,
        "revoked_at": agreement.revoked_at,
    }


@router.get("/berbagi-data/perjanjian", auth=TOKEN_AUTH, response={200: list[AgreementOut], **ERRORS},
            summary="Perjanjian berbagi data yang Anda lihat")  # fmt: skip
def agreement_list(request):
    return [agreement_out(a) for a in selectors.agreements_for(request.auth.user)[:200]]


@router.get("/berbagi-data/perjanjian/{int:pk}", auth=TOKEN_AUTH, response={200: AgreementOut, **WRITE_ERRORS},
            summary="Satu perjanjian")  # fmt: skip
def agreement_one(request, pk: int):
    return agreement_out(selectors.agreement_for(request.auth.user, pk))


@router.post("/berbagi-data/perjanjian", auth=TOKEN_AUTH, response={201: AgreementOut, **WRITE_ERRORS},
             summary="Rancang perjanjian (dengan DPIA dalam PDF)")  # fmt: skip
def agreement_create(
    request,
    dpia: UploadedFile = File(..., description="penilaian dampak pelindungan data (DPIA), PDF ≤ 10 MB"),  # noqa: B008
    recipient: str = Form(..., max_length=400),
    purpose: str = Form(..., max_length=4000),
    legal_basis: str = Form(..., max_length=40),
    aggregation: str = Form(..., max_length=20, description="individu, tps, desa, kecamatan atau kabkota"),
    period_start: str = Form(..., max_length=20, description="YYYY-MM-DD"),
    period_end: str = Form(..., max_length=20, description="YYYY-MM-DD, hari terakhir berlaku (WIB)"),
    fields: str = Form("", max_length=500, description="nama kolom dipisah koma, mis. nama,usia,alamat"),
    region_code: str = Form("", max_length=20),
    sensitive: bool = Form(False, description="wajib bila memuat nik atau kk"),
    legal_reference: str = Form("", max_length=600),
    organisation: str = Form("", max_length=40, description="kode organisasi penerima, untuk kunci API mitra"),
):
    data = services.AgreementInput(
        recipient=recipient, purpose=purpose, legal_basis=legal_basis, aggregation=aggregation,
        period_start=period_start, period_end=period_end, fields=fields.replace(",", " ").split(),
        region_code=region_code, sensitive=sensitive, legal_reference=legal_reference, organisation=organisation,
    )  # fmt: skip
    agreement = services.agreement_create(
        actor=Actor.of(request.auth.user), data=data, dpia=dpia_bytes(dpia), dpia_name=dpia.name or ""
    )
    return Status(201, agreement_out(agreement))


@router.post("/berbagi-data/perjanjian/{int:pk}/setujui", auth=TOKEN_AUTH,
             response={200: AgreementOut, **WRITE_ERRORS}, summary="Setujui (KPU RI, bukan perancangnya)")  # fmt: skip
def agreement_approve(request, pk: int):
    return agreement_out(services.agreement_approve(actor=Actor.of(request.auth.user), pk=pk))


class RevokeIn(Schema):
    reason: str = Field(max_length=2000)


@router.post("/berbagi-data/perjanjian/{int:pk}/cabut", auth=TOKEN_AUTH,
             response={200: AgreementOut, **WRITE_ERRORS}, summary="Cabut perjanjian (KPU RI)")  # fmt: skip
def agreement_revoke(request, pk: int, body: RevokeIn):
    return agreement_out(services.agreement_revoke(actor=Actor.of(request.auth.user), pk=pk, reason=body.reason))


class PartnerKeyIn(Schema):
    username: str = Field(max_length=150, description="akun operator organisasi penerima")
    rate_per_minute: int | None = Field(None, ge=1, le=1_000_000)


class PartnerKeyOut(Schema):
    id: int
    token: str = Field(description="ditampilkan sekali ini saja")
    prefix: str
    rate_per_minute: int


@router.post("/berbagi-data/perjanjian/{int:pk}/kunci-mitra", auth=TOKEN_AUTH,
             response={201: PartnerKeyOut, **WRITE_ERRORS}, summary="Terbitkan kunci API mitra (KPU RI)")  # fmt: skip
def partner_key_issue(request, pk: int, body: PartnerKeyIn):
    key, plaintext = services.partner_key_issue(
        actor=Actor.of(request.auth.user), pk=pk, username=body.username, rate_per_minute=body.rate_per_minute
    )
    return Status(201, {"id": key.pk, "token": plaintext, "prefix": key.token.prefix,
                        "rate_per_minute": key.token.rate_per_minute})  # fmt: skip


class ExtractIn(Schema):
    region: str | None = Field(None, max_length=20, description="kosong: wilayah perjanjian")
    fields: list[str] | None = Field(None, max_length=20, description="kosong: semua kolom yang diizinkan")


@router.post("/berbagi-data/perjanjian/{int:pk}/ekstrak", auth=TOKEN_AUTH, response={202: JobOut, **WRITE_ERRORS},
             summary="Minta ekstrak (tugas; unduh hasilnya di /tugas/{id}/hasil)")  # fmt: skip
def extract_request(request, pk: int, body: ExtractIn):
    job = services_extracts.extract_request(
        actor=Actor.of(request.auth.user), pk=pk, region=body.region, fields=body.fields
    )
    job.refresh_from_db()
    return Status(202, job_out(job))


class ExtractOut(Schema):
    id: int
    agreement: int
    recipient: str
    requested_by: str
    created_at: datetime
    region_code: str
    fields: list[str]
    aggregation: str
    rows: int
    key_id: str = Field(description="pengenal kunci sidik jari ekstrak")
    job: int | None


@router.get("/berbagi-data/ekstrak", auth=TOKEN_AUTH, response={200: list[ExtractOut], **ERRORS},
            summary="Ekstrak yang tercatat")  # fmt: skip
def extract_list(request):
    return [
        {"id": e.pk, "agreement": e.agreement_id, "recipient": e.agreement.recipient, "requested_by": e.requested_by,
         "created_at": e.created_at, "region_code": e.region_code, "fields": e.fields, "aggregation": e.aggregation,
         "rows": e.rows, "key_id": e.key_id, "job": e.job_id}
        for e in selectors.extracts_for(request.auth.user)[:200]
    ]  # fmt: skip


class TraceMatchOut(Schema):
    sumber: str = Field(description="ekstrak atau api_mitra")
    ekstrak: int | None
    kunci_mitra: int | None
    perjanjian: int
    penerima: str
    baris_sumber: int
    hash_cocok: int
    penanda_ditemukan: list[int]
    penanda_dari_hash: list[int]
    penanda_dari_isi: list[int]
    penanda_total: int


class TraceOut(Schema):
    ditemukan: bool
    baris: int
    nilai_hash: int
    cocok: list[TraceMatchOut]


@router.post("/berbagi-data/jejak", auth=TOKEN_AUTH, response={200: TraceOut, **WRITE_ERRORS},
             summary="Telusuri berkas bocor (KPU RI)")  # fmt: skip
def trace(request, file: UploadedFile = File(..., description="CSV atau XLSX")):  # noqa: B008
    result = services_trace.leak_trace(actor=Actor.of(request.auth.user), raw=trace_bytes(file))
    return {"ditemukan": result.found, "baris": result.rows, "nilai_hash": result.hash_cells,
            "cocok": [m.as_dict() for m in result.matches]}  # fmt: skip


class BreachIn(Schema):
    found_at: str = Field(max_length=40, description="YYYY-MM-DDTHH:MM (WIB) atau ISO dengan zona")
    description: str = Field(max_length=10_000)
    measures: str = Field(max_length=10_000)
    contact: str = Field(max_length=600)
    agreements: list[int] = Field(default_factory=list, max_length=100)
    extracts: list[int] = Field(default_factory=list, max_length=100)
    evidence: str = Field("", max_length=10_000)


class BreachOut(Schema):
    id: int
    found_at: datetime
    deadline: datetime = Field(description="3 x 24 jam sejak ditemukan (Pasal 46 UU PDP)")
    hours_left: int
    overdue: bool
    notified_at: datetime | None
    description: str
    measures: str
    contact: str
    agreements: list[int]
    extracts: list[int]
    notice_authority: str = Field(description="pemberitahuan kepada lembaga pengawas")
    notice_people: str = Field(description="pemberitahuan kepada subjek data")


def breach_out(breach) -> dict:
    clock = breach_clock(found_at=breach.found_at, now=timezone.now(), notified_at=breach.notified_at)
    notices = breach_notices(breach)
    return {
        "id": breach.pk, "found_at": breach.found_at, "deadline": clock.deadline, "hours_left": clock.hours_left,
        "overdue": clock.overdue, "notified_at": breach.notified_at, "description": breach.description,
        "measures": breach.measures, "contact": breach.contact,
        "agreements": list(breach.agreements.values_list("pk", flat=True)),
        "extracts": list(breach.extracts.values_list("pk", flat=True)),
        "notice_authority": notices.authority, "notice_people": notices.people,
    }  # fmt: skip


@router.get("/berbagi-data/insiden", auth=TOKEN_AUTH, response={200: list[BreachOut], **WRITE_ERRORS},
            summary="Catatan insiden (KPU RI)")  # fmt: skip
def breach_list(request):
    return [breach_out(b) for b in selectors.breaches_for(request.auth.user)[:100]]


@router.post("/berbagi-data/insiden", auth=TOKEN_AUTH, response={201: BreachOut, **WRITE_ERRORS},
             summary="Catat insiden kebocoran (KPU RI)")  # fmt: skip
def breach_create(request, body: BreachIn):
    data = services_breaches.BreachInput(**body.dict())
    return Status(201, breach_out(services_breaches.breach_record(actor=Actor.of(request.auth.user), data=data)))


@router.get("/berbagi-data/insiden/{int:pk}", auth=TOKEN_AUTH, response={200: BreachOut, **WRITE_ERRORS},
            summary="Satu insiden, jam 3 x 24 dan teks pemberitahuannya (KPU RI)")  # fmt: skip
def breach_one(request, pk: int):
    selectors.breaches_for(request.auth.user)
    return breach_out(selectors.breach_get(pk))


@router.post("/berbagi-data/insiden/{int:pk}/diberitahukan", auth=TOKEN_AUTH,
             response={200: BreachOut, **WRITE_ERRORS}, summary="Catat pemberitahuan terkirim (KPU RI)")  # fmt: skip
def breach_notified(request, pk: int):
    return breach_out(services_breaches.breach_notified(actor=Actor.of(request.auth.user), pk=pk))
