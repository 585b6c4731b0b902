"""The officers' health over the v1 API, under /api/v1/kesehatan/: the KPPS chair's check-in for its TPS
(a resend of a slot answers 200 with ``baru: false`` and records nothing) and an incident. Token required;
the services decide who may."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status

from suara.accounts.api_auth import TOKEN_AUTH
from suara.audit.actors import Actor
from suara.core.schemas import ERRORS, Error
from suara.officers.health import services_election_day
from suara.officers.health.answers import checkin_answer
from suara.officers.health.schemas import CheckInIn, CheckInOut

router = Router(tags=["kesehatan petugas"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}
MAX_ID = 2**63 - 1


class IncidentIn(Schema):
    petugas: int = Field(ge=1, le=MAX_ID, description="id petugas")
    kejadian: str = Field(max_length=10, description="sakit, rujuk, rawat_inap, meninggal")
    gejala: str = Field(max_length=12, description="nyeri_dada, sesak_napas, pingsan, kelelahan, demam, lainnya")
    waktu: datetime = Field(description="saat kejadian, dengan zona waktu")


class IncidentOut(Schema):
    id: int
    petugas: int
    tps: str
    kejadian: str
    gejala: str
    waktu: datetime


@router.post("/kesehatan/checkin", auth=TOKEN_AUTH, response={200: CheckInOut, 201: CheckInOut, **WRITE_ERRORS},
             url_name="officer_checkin", summary="Lapor kesehatan petugas TPS pada satu jadwal")  # fmt: skip
def checkin(request, payload: CheckInIn):
    """Oleh ketua KPPS (akun KPPS) untuk TPS-nya sendiri. 201: tercatat. 200: jadwal ini sudah dilaporkan
    (`baru: false`; tidak ada yang ditulis). 403: `checkin_other_tps`. 400: `checkin_unknown_slot`,
    `checkin_officer_not_in_roster`. 409: `checkin_slot_not_open`. 404: `election_not_found`. Dijawab
    juga oleh jalur cepat (``health/fastpath.py``) dengan fungsi yang sama."""
    return checkin_answer(request, payload)


@router.post("/kesehatan/insiden", auth=TOKEN_AUTH, response={201: IncidentOut, **WRITE_ERRORS},
             summary="Catat kejadian kesehatan petugas")  # fmt: skip
def incident(request, payload: IncidentIn):
    """Oleh ketua KPPS TPS petugas itu atau petugas kesehatan wilayahnya; `meninggal` juga mengubah status
    petugas. 400: `incident_bad_kind`. 403: `checkin_other_tps`. 404: `officer_not_found`. 409:
    `status_move_refused`."""
    i = services_election_day.incident_record(
        actor=Actor.of(request.auth.user), officer_id=payload.petugas, kind=payload.kejadian, symptom=payload.gejala,
        occurred_at=payload.waktu,
    )  # fmt: skip
    return Status(
        201,
        {
            "id": i.pk,
            "petugas": i.officer_id,
            "tps": i.tps_code,
            "kejadian": i.kind,
            "gejala": i.symptom,
            "waktu": i.occurred_at,
        },
    )
