"""The survey's answer, the one function the API operation (``api.py``) and its fast path (``fastpath.py``)
both return, so the two answer byte for byte alike."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from suara.audit.actors import Actor
from suara.core import answers
from suara.network import selectors, services
from suara.network.schemas import SurveyIn


def survey_answer(request: HttpRequest, payload: SurveyIn) -> HttpResponse:
    """``request.auth`` is the token. 201 recorded, 200 a resend of the same survey (nothing written); the
    body says the TPS's class after the survey."""
    outcome = services.survey_record(
        actor=Actor.of(request.auth.user), tps=payload.tps, readings=[(r.operator, r.jenis) for r in payload.sinyal],
        observed_at=payload.waktu, effective_type=payload.jenis_koneksi, probe_ms=payload.uji_ms,
        latitude=payload.lintang, longitude=payload.bujur, submission=payload.id,
    )  # fmt: skip
    body = {
        "tps": payload.tps, "id": str(payload.id) if payload.id else None, "tercatat": len(outcome.observations),
        "kelas": selectors.tps_readiness(payload.tps).readiness.value,
    }  # fmt: skip
    return answers.json_answer(body, status=201 if outcome.created else 200)
