"""The officers' health over the v1 API, under /api/v1/kesehatan/: the KPPS chair's check-in for its TPS
(a resend of a slot answers 200 with ``baru: false`` and records nothing) and an incident. Token required;
the services decide who may."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status

from suara.accounts.api_auth import TOKEN_AUTH
from suara.core.schemas import ERRORS, Error
from suara.officers.health import selectors, services

router = Router(tags=["kesehatan petugas"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}
MAX_ID = 2**63 - 1


class CheckInIn(Schema):
    pemilu: str = Field(max_length=40, description="slug pemilu, mis. pemilu-2024")
    tps: str = Field(min_length=13, max_length=13, description="kode TPS, 13 digit")
    jadwal: str = Field(max_length=12, description="buka, tutup, hitung-1, hitung-2, …, selesai")
    semua_sehat: bool = Field(description="semua petugas hadir dan sehat")
    tidak_sehat: list[int] = Field(
        default_factory=list, max_length=20, description="id petugas TPS ini yang tidak sehat"
    )


class CheckInOut(Schema):
    baru: bool = Field(description="false: jadwal ini sudah dilaporkan; tidak ada yang ditulis")
    tps: str
    jadwal: str
    semua_sehat: bool
    tidak_sehat: list[int]
    waktu: datetime


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
             summary="Lapor kesehatan petugas TPS pada satu jadwal")  # fmt: skip
def checkin(request, payload: CheckInIn):
    """Oleh ketua KPPS (akun KPPS) untuk TPS-nya sendiri. 403: `checkin_other_tps`. 400:
    `checkin_unknown_slot`, `checkin_officer_not_in_roster`. 409: `checkin_slot_not_open`. 404:
    `election_not_found`."""
    election = selectors.election_get(payload.pemilu)
    outcome = services.checkin_record(
        user=request.auth.user,
        election=election,
        tps_code=payload.tps,
        slot=payload.jadwal,
        all_well=payload.semua_sehat,
        unwell=payload.tidak_sehat,
    )
    c = outcome.checkin
    body = {"baru": outcome.created, "tps": c.tps_code, "jadwal": c.slot, "semua_sehat": c.all_well,
            "tidak_sehat": c.unwell, "waktu": c.at}  # fmt: skip
    return Status(201 if outcome.created else 200, body)


@router.post("/kesehatan/insiden", auth=TOKEN_AUTH, response={201: IncidentOut, **WRITE_ERRORS},
             summary="Catat kejadian kesehatan petugas")  # fmt: skip
def incident(request, payload: IncidentIn):
    """Oleh ketua KPPS TPS petugas itu atau petugas kesehatan wilayahnya; `meninggal` juga mengubah status
    petugas. 400: `incident_bad_kind`. 403: `checkin_other_tps`. 404: `officer_not_found`. 409:
    `status_move_refused`."""
    i = services.incident_record(
        user=request.auth.user, officer_id=payload.petugas, kind=payload.kejadian, symptom=payload.gejala,
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
