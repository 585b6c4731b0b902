"""Elections, their contests and candidates, and their stage schedule (also as an iCalendar feed).
Public: no token needed."""

from __future__ import annotations

from typing import Literal

from django.http import HttpResponse
from ninja import Path, Query, Router

from suara.core import clock
from suara.core.schemas import ERRORS
from suara.elections import schemas, selectors
from suara.elections.ics import stages_calendar
from suara.elections.schemas import ElectionDetail, ElectionSummary, StageOut

router = Router(tags=["pemilu"])

ELECTION_ID = "pengenal pemilu, mis. pemilu-2024"

# The feed is not JSON, so its 200 is described by hand; errors stay JSON like everywhere else.
_ICS_OPENAPI = {
    "responses": {
        "200": {
            "description": "Kalender iCalendar (RFC 5545): satu acara sehari penuh per tahapan yang bertanggal",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
    }
}


@router.get("/elections", response={200: list[ElectionSummary], **ERRORS}, summary="Daftar pemilu")
def election_list(request):
    return [schemas.election_summary(e) for e in selectors.election_list()]


@router.get("/elections/{id}", response={200: ElectionDetail, **ERRORS}, summary="Satu pemilu, surat suara dan calon")
def election_get(request, id: str = Path(..., description=ELECTION_ID)):
    election = selectors.election_get(id)
    return schemas.election_detail(election, selectors.election_contests(election))


@router.get("/elections/{id}/stages", response={200: list[StageOut], **ERRORS}, summary="Tahapan pemilu")
def election_stages(request, id: str = Path(..., description=ELECTION_ID)):
    """`state` dihitung terhadap tanggal hari ini (WIB)."""
    election = selectors.election_get(id)
    today = clock.today()
    return [schemas.stage_out(s, selectors.stage_state(s, today)) for s in selectors.stages_for(election)]


@router.get(
    "/elections/{id}/stages.ics",
    response=ERRORS,
    openapi_extra=_ICS_OPENAPI,
    summary="Tahapan pemilu sebagai kalender (iCalendar)",
)
def election_stages_ics(
    request,
    id: str = Path(..., description=ELECTION_ID),
    bahasa: Literal["id", "en"] = Query("id", description="bahasa kalender: id (Indonesia) atau en (Inggris)"),
):
    """Dapat dilanggan dari aplikasi kalender. Tahapan tanpa tanggal tidak dimuat. Satu bahasa per kalender."""
    election = selectors.election_get(id)
    feed = stages_calendar(election, selectors.stages_for(election), language=bahasa)
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    suffix = "tahapan" if bahasa == "id" else "stages"
    response["Content-Disposition"] = f'inline; filename="{election.slug}-{suffix}.ics"'
    # Calendar apps poll subscriptions; the schedule changes rarely.
    response["Cache-Control"] = "public, max-age=3600"
    return response
