"""The check-in's answer, the one function the API operation (``health/api.py``) and its fast path
(``health/fastpath.py``) both return, so the two answer byte for byte alike."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from suara.audit.actors import Actor
from suara.core import answers
from suara.officers.health import selectors, services_election_day
from suara.officers.health.schemas import CheckInIn


def checkin_answer(request: HttpRequest, payload: CheckInIn) -> HttpResponse:
    """``request.auth`` is the token. 201 recorded, 200 a resend of the slot (nothing written)."""
    election = selectors.election_get(payload.pemilu)
    outcome = services_election_day.checkin_record(
        actor=Actor.of(request.auth.user),
        election=election,
        tps_code=payload.tps,
        slot=payload.jadwal,
        all_well=payload.semua_sehat,
        unwell=payload.tidak_sehat,
    )
    c = outcome.checkin
    body = {
        "baru": outcome.created,
        "tps": c.tps_code,
        "jadwal": c.slot,
        "semua_sehat": c.all_well,
        "tidak_sehat": c.unwell,
        "waktu": c.at,
    }
    return answers.json_answer(body, status=201 if outcome.created else 200)
