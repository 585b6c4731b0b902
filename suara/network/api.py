"""The network readiness over the v1 API, under /api/v1/jaringan/: the probe a survey page times, a
survey of a TPS's signal (token), a region's readiness and a TPS's, the remediation actions, the import
of a list (a job) and election night's missing TPS with their class. Thin: services and selectors decide."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpResponse
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from suara.accounts.api_auth import TOKEN_AUTH
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.schemas import ERRORS, Error
from suara.jobs import services as job_services
from suara.jobs.schemas import JobOut, job_out
from suara.network import selectors, services
from suara.network.answers import survey_answer
from suara.network.job_kinds import IMPORT_SIGNAL
from suara.network.rules import READINESS_ORDER
from suara.network.schemas import SurveyIn, SurveyOut

router = Router(tags=["kesiapan jaringan TPS"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}


class OperatorOut(Schema):
    kode: str
    nama: str


class RowOut(Schema):
    kode: str
    nama: str
    tps: int
    kelas: dict[str, int]
    tindakan_terbuka: int


class RegionOut(Schema):
    kode: str
    nama: str
    total: RowOut
    wilayah: list[RowOut]


class TpsOut(Schema):
    tps: str
    kelas: str
    operator: dict[str, str] = Field(description="operator → tingkat sinyal yang berlaku (0 tidak ada … 4 cepat)")
    survei_terbaru: datetime | None


class ActionIn(Schema):
    tps: list[str] = Field(min_length=1, max_length=500, description="TPS satu kabupaten/kota")
    tindakan: str = Field(max_length=20, description="booster, operator_request, satellite, move_tps, "
                          "fallback_sms, fallback_nearest")  # fmt: skip
    penanggung_jawab: str = Field(max_length=200)
    tenggat: date | None = None
    catatan: str = Field("", max_length=2000)


class ActionChangeIn(Schema):
    versi: int | None = Field(None, ge=1, description="versi yang dibaca; beda → 409 remediation_stale")
    status: Literal["open", "in_progress", "done", "cancelled"] | None = None
    penanggung_jawab: str | None = Field(None, max_length=200)
    tenggat: date | None = None
    catatan: str | None = Field(None, max_length=2000)


class EventOut(Schema):
    versi: int
    waktu: datetime
    oleh: str
    status: str
    perubahan: dict


class ActionOut(Schema):
    id: int
    tindakan: str
    penanggung_jawab: str
    tenggat: date | None
    status: str
    catatan: str
    versi: int
    wilayah: str
    tps: list[str]
    riwayat: list[EventOut]


class MissingOut(Schema):
    tps: str
    kelas: str
    malam: str = Field(description="alarm, unknown, watch, expected")


class NightOut(Schema):
    kode: str
    kontestasi: str
    jumlah: dict[str, int]
    belum_melapor: list[MissingOut]


def _row(row) -> dict:
    counts = {r.value: row.counts[r] for r in READINESS_ORDER}
    return {"kode": row.code, "nama": row.name, "tps": row.tps, "kelas": counts, "tindakan_terbuka": row.open_actions}


def _action(action) -> dict:
    return {
        "id": action.pk, "tindakan": action.remedy, "penanggung_jawab": action.owner, "tenggat": action.due_on,
        "status": action.status, "catatan": action.note, "versi": action.version, "wilayah": action.area_code,
        "tps": sorted(t.tps_code for t in action.tps.all()),
        "riwayat": [{"versi": e.version, "waktu": e.at, "oleh": e.actor, "status": e.status, "perubahan": e.changes}
                    for e in action.events.all()],
    }  # fmt: skip


@router.get("/jaringan/uji", response={200: None, **ERRORS}, url_name="network_probe",
            summary="Uji jaringan (titik kecil untuk diukur waktunya)")  # fmt: skip
def probe(request):
    """Jawaban sekecil mungkin, tanpa basis data: halaman survei mengukur waktu pulang-pergi ke sini."""
    response = HttpResponse(b"ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


@router.get("/jaringan/operator", auth=TOKEN_AUTH, response={200: list[OperatorOut], **ERRORS},
            summary="Operator seluler")  # fmt: skip
def operator_list(request):
    return [{"kode": c, "nama": n} for c, n in selectors.operators().items()]


@router.post("/jaringan/survei", auth=TOKEN_AUTH, response={200: SurveyOut, 201: SurveyOut, **WRITE_ERRORS},
             url_name="network_survey", summary="Catat survei sinyal satu TPS")  # fmt: skip
def survey(request, payload: SurveyIn):
    """Oleh KPPS dan PPS TPS itu, atau staf pemda. 201 tercatat; 200 kiriman ulang survei yang sama (tidak
    dicatat lagi); 409 `survey_replayed` bila id yang sama membawa isi lain. Dijawab juga oleh jalur cepat
    (``network/fastpath.py``) dengan fungsi yang sama."""
    return survey_answer(request, payload)


@router.get("/jaringan/wilayah/{code}", auth=TOKEN_AUTH, response={200: RegionOut, **WRITE_ERRORS},
            summary="Kesiapan jaringan TPS per wilayah")  # fmt: skip
def region(request, code: str = Path(..., max_length=10, description="kode kab/kota, kecamatan atau desa")):
    board = selectors.dashboard(selectors.region_open(request.auth.user, code))
    return {"kode": board.region.code, "nama": board.region.name, "total": _row(board.total),
            "wilayah": [_row(r) for r in board.rows]}  # fmt: skip


@router.get("/jaringan/tps/{code}", auth=TOKEN_AUTH, response={200: TpsOut, **WRITE_ERRORS},
            summary="Kesiapan jaringan satu TPS")  # fmt: skip
def tps(request, code: str = Path(..., max_length=13, description="kode TPS")):
    selectors.tps_open(request.auth.user, code, Action.VIEW_READINESS)
    held = selectors.readiness_in(code).get(code)
    return {
        "tps": code, "kelas": selectors.class_of({code: held} if held else {}, code).value,
        "operator": {op: str(int(g)) for op, g in held.by_operator.items()} if held else {},
        "survei_terbaru": held.newest if held else None,
    }  # fmt: skip


@router.post("/jaringan/tindakan", auth=TOKEN_AUTH, response={201: ActionOut, **WRITE_ERRORS},
             summary="Rencanakan tindakan untuk TPS")  # fmt: skip
def action_create(request, payload: ActionIn):
    """Oleh pemerintah daerah (Diskominfo) atau KPU kabupaten/kota di wilayahnya."""
    action = services.remediation_create(
        actor=Actor.of(request.auth.user), tps=payload.tps, remedy=payload.tindakan, owner=payload.penanggung_jawab,
        due_on=payload.tenggat, note=payload.catatan,
    )  # fmt: skip
    return Status(201, _action(selectors.remediation_for(request.auth.user, action.pk)))


@router.get("/jaringan/tindakan/{int:id}", auth=TOKEN_AUTH, response={200: ActionOut, **WRITE_ERRORS},
            summary="Satu tindakan dengan riwayatnya")  # fmt: skip
def action_get(request, id: int):
    return _action(selectors.remediation_for(request.auth.user, id))


@router.patch("/jaringan/tindakan/{int:id}", auth=TOKEN_AUTH, response={200: ActionOut, **WRITE_ERRORS},
              summary="Ubah status, penanggung jawab, tenggat atau catatan tindakan")  # fmt: skip
def action_change(request, id: int, payload: ActionChangeIn):
    services.remediation_update(
        actor=Actor.of(request.auth.user), pk=id, version=payload.versi, status=payload.status,
        owner=payload.penanggung_jawab, due_on=payload.tenggat, note=payload.catatan,
    )  # fmt: skip
    return _action(selectors.remediation_for(request.auth.user, id))


@router.post("/jaringan/impor", auth=TOKEN_AUTH, response={202: JobOut, **WRITE_ERRORS, 413: Error},
             summary="Impor daftar sinyal TPS (blank spot) sebagai tugas")  # fmt: skip
def import_start(
    request,
    wilayah: str = Form(..., max_length=10, description="kode kab/kota, kecamatan atau desa"),
    berkas: UploadedFile = File(..., description="CSV atau XLSX: kode_tps,operator,sinyal,tanggal"),  # noqa: B008
):
    """Baris yang ditolak dilaporkan per nomor baris dan kode di hasil tugas (GET /tugas/{id}/hasil)."""
    job = job_services.job_start(
        actor=Actor.of(request.auth.user), kind=IMPORT_SIGNAL, scope=wilayah, upload=berkas, upload_name=berkas.name
    )
    job.refresh_from_db()
    return Status(202, job_out(job))


@router.get("/jaringan/malam/{code}", auth=TOKEN_AUTH, response={200: NightOut, **WRITE_ERRORS},
            summary="Malam pemilihan: TPS belum melapor dengan kelas kesiapannya")  # fmt: skip
def night(
    request,
    code: str = Path(..., max_length=10, description="kode kab/kota, kecamatan atau desa"),
    kontestasi: str = Query(..., max_length=60, description="slug kontestasi, mis. ppwp-2024"),
):
    """Alarm dahulu: TPS bersinyal data yang belum melapor; blank spot yang belum melapor itu wajar."""
    found = selectors.region_open(request.auth.user, code)
    missing, counts = selectors.night(found, kontestasi)
    return {
        "kode": code, "kontestasi": kontestasi, "jumlah": {k.value: v for k, v in counts.items()},
        "belum_melapor": [{"tps": m.tps, "kelas": m.readiness.value, "malam": m.night.value} for m in missing],
    }  # fmt: skip
