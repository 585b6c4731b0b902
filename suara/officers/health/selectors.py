"""Reads of the officers' health: the chair gate (``chair_blocked``, for selection's appointment), an
officer's record as its viewers may see it, the TPS rosters check-ins name, the alerts a PPS, PPK or
health officer sees, and the health officer's dashboard."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.roles import ALLOWED, Action
from suara.core import caches
from suara.core.errors import NotFound
from suara.core.region_codes import covers
from suara.elections.errors import ElectionErrorCode
from suara.elections.models import Election
from suara.officers.bodies import Body, Position, Status
from suara.officers.errors import OfficerErrorCode
from suara.officers.health.aggregates import AGE_BANDS, age_band, age_on
from suara.officers.health.risk import Risk
from suara.officers.models import CheckIn, HealthAlert, HealthFacility, Incident, Officer, Screening

OPEN_INCIDENT_KINDS = (Incident.Kind.UNWELL, Incident.Kind.REFERRED, Incident.Kind.HOSPITALISED)


def latest_screening(officer: Officer) -> Screening | None:
    return Screening.objects.filter(officer=officer).order_by("-screened_on", "-id").first()


def chair_blocked(officer: Officer) -> bool:
    """Whether the officer may not be made KPPS chair (position ketua): its latest screening is high
    risk and no doctor has cleared it. An officer never screened is not blocked here: screening before
    appointment is the recruitment's requirement, not the chair's. Selection calls this before it makes
    anyone chair; ``chair_blocked_among`` answers it for many at once."""
    latest = latest_screening(officer)
    return latest is not None and latest.risk == Risk.HIGH and not latest.cleared_by_doctor


def _latest_subquery():
    return Screening.objects.filter(officer=OuterRef("pk")).order_by("-screened_on", "-id")


def chair_blocked_among(officer_ids) -> set[int]:
    """Of ``officer_ids``, those ``chair_blocked`` would refuse: one query."""
    latest = _latest_subquery()
    rows = (
        Officer.objects.filter(pk__in=list(officer_ids))
        .annotate(risk=Subquery(latest.values("risk")[:1]), cleared=Subquery(latest.values("cleared_by_doctor")[:1]))
        .values_list("pk", "risk", "cleared")
    )
    return {pk for pk, risk, cleared in rows if risk == Risk.HIGH and not cleared}


# slug -> (the time it was read, the election): the check-in's hot path reads it once a minute per process.
_elections: dict[str, tuple[float, Election]] = {}
ELECTION_CACHE_SECONDS = 60.0
caches.register("officers.health_elections", _elections.clear)


def election_get(slug: str) -> Election:
    """The election by its slug (its voting day is what a check-in needs), kept for a minute per process."""
    now = time.monotonic()
    cached = _elections.get(slug)
    if cached is not None and now - cached[0] < ELECTION_CACHE_SECONDS:
        return cached[1]
    election = Election.objects.filter(slug=slug).first()
    if election is None:
        raise NotFound(ElectionErrorCode.ELECTION_NOT_FOUND, "Pemilihan tidak ditemukan.", field="pemilu")
    if len(_elections) > 100:
        _elections.clear()
    _elections[slug] = (now, election)
    return election


def officer_seen(user, officer_id: int, action: Action = Action.VIEW_HEALTH) -> Officer:
    """The officer record, when ``user`` may take ``action`` over its posting; otherwise not found (its
    existence outside the user's area is not told)."""
    officer = Officer.objects.filter(pk=officer_id).first()
    if officer is None or not authorize(user, action, officer.posting_code):
        raise NotFound(OfficerErrorCode.OFFICER_NOT_FOUND, "Petugas tidak ditemukan di wilayah Anda.", field="officer")
    return officer


def health_record(officer: Officer) -> dict:
    """What a person's health record page shows (call through ``services_screening.health_record_view``,
    which audits the view)."""
    return {
        "officer": officer,
        "screenings": list(Screening.objects.filter(officer=officer).order_by("-screened_on", "-id")),
        "incidents": list(Incident.objects.filter(officer=officer).order_by("-occurred_at")),
        "chair_blocked": chair_blocked(officer),
    }


def roster_ids(election_id: int, tps_code: str) -> set[int]:
    """The appointed officers posted to a TPS (KPPS, Pantarlih, Linmas): whom a check-in may name."""
    return set(
        Officer.objects.filter(election_id=election_id, posting_code=tps_code, status=Status.APPOINTED).values_list(
            "pk", flat=True
        )
    )


def roster_of(election_id: int, tps_code: str) -> list[Officer]:
    return list(
        Officer.objects.filter(election_id=election_id, posting_code=tps_code, status=Status.APPOINTED).order_by(
            "body", "-position", "name"
        )
    )


def chaired_tps(election_id: int):
    """The TPS codes with an appointed KPPS chair: the TPS expected to check in (a queryset of codes)."""
    return (
        Officer.objects.filter(
            election_id=election_id, body=Body.KPPS, position=Position.CHAIR, status=Status.APPOINTED
        )
        .values_list("posting_code", flat=True)
        .distinct()
    )


def checkins_of(election_id: int, tps_code: str) -> dict[str, CheckIn]:
    return {c.slot: c for c in CheckIn.objects.filter(election_id=election_id, tps_code=tps_code)}


def _region_q(scopes: list[str], column: str) -> Q:
    q = Q(pk__in=[])
    for scope in scopes:
        q |= Q(**{f"{column}__startswith": scope})
    return q


def scopes_for(user, action: Action) -> list[str]:
    """The region (or TPS) codes beneath which ``user`` may take ``action``."""
    return sorted({a.scope for a in assignments_of(user) if a.role in ALLOWED[action]})


def alerts_for(user, election_id: int | None = None, *, open_only: bool = True) -> list[HealthAlert]:
    """The alerts under the user's scopes: a PPS its desa, a PPK its kecamatan, a health officer or a KPU
    office its region."""
    scopes = scopes_for(user, Action.VIEW_INTERNAL)
    if not scopes:
        return []
    alerts = HealthAlert.objects.filter(_region_q(scopes, "tps_code"))
    if election_id is not None:
        alerts = alerts.filter(election_id=election_id)
    if open_only:
        alerts = alerts.filter(resolved_at__isnull=True)
    return list(alerts.order_by("-raised_at", "tps_code")[:500])


def nearest_facility(code: str, facilities: list[HealthFacility]) -> HealthFacility | None:
    """The facility recorded for the TPS's desa, else its kecamatan, else its kab/kota."""
    best = None
    for facility in facilities:
        if covers(facility.region_code, code) and (best is None or len(facility.region_code) > len(best.region_code)):
            best = facility
    return best


@dataclass
class Dashboard:
    region: str
    election: Election
    by_status: dict[str, int] = field(default_factory=dict)
    by_body: dict[str, int] = field(default_factory=dict)
    by_band: dict[str, int] = field(default_factory=dict)
    table: list[tuple[str, dict[str, int]]] = field(default_factory=list)  # body -> band counts
    risk: dict[str, int] = field(default_factory=dict)
    overdue: list[HealthAlert] = field(default_factory=list)
    relief: list[HealthAlert] = field(default_factory=list)
    incidents_open: list[Incident] = field(default_factory=list)
    incidents_by_kind: dict[str, int] = field(default_factory=dict)
    high_risk_tps: list[dict] = field(default_factory=list)


def dashboard(region: str, election: Election, *, on: date | None = None) -> Dashboard:
    """The health officer's dashboard for ``region`` (the caller checks the user's scope): officers by
    status, by body and age band (on voting day, as Kemenkes's daily tables), the latest screenings' risk,
    overdue check-ins, relief flags, open incidents and the high-risk officers per TPS with the nearest
    recorded facility."""
    on = on or election.voting_day
    board = Dashboard(region=region, election=election)
    officers = Officer.objects.filter(election=election, posting_code__startswith=region)
    board.by_status = dict(officers.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    bands: dict[str, Counter] = defaultdict(Counter)
    for body, birth in officers.filter(status=Status.APPOINTED).values_list("body", "birth_date").iterator():
        bands[body][age_band(age_on(birth, on))] += 1
    board.table = [(body.value, {b: bands[body.value][b] for b in AGE_BANDS}) for body in Body]
    board.by_body = {body: sum(counts.values()) for body, counts in board.table}
    board.by_band = {b: sum(counts[b] for _, counts in board.table) for b in AGE_BANDS}
    latest = _latest_subquery()
    annotated = officers.filter(status=Status.APPOINTED).annotate(
        risk=Subquery(latest.values("risk")[:1]), cleared=Subquery(latest.values("cleared_by_doctor")[:1])
    )
    board.risk = dict(Counter(r or "belum" for r in annotated.values_list("risk", flat=True)))
    high = Counter(
        code
        for code, risk, cleared in annotated.values_list("posting_code", "risk", "cleared")
        if risk == Risk.HIGH and not cleared
    )
    facilities = list(
        HealthFacility.objects.filter(Q(region_code__in=_ancestors(region)) | Q(region_code__startswith=region))
    )
    board.high_risk_tps = [
        {"tps": code, "count": n, "facility": nearest_facility(code, facilities)} for code, n in sorted(high.items())
    ]
    alerts = HealthAlert.objects.filter(election=election, tps_code__startswith=region, resolved_at__isnull=True)
    board.overdue = list(alerts.filter(kind=HealthAlert.Kind.MISSED).order_by("tps_code", "slot")[:500])
    board.relief = list(alerts.filter(kind=HealthAlert.Kind.RELIEF).order_by("tps_code")[:500])
    incidents = Incident.objects.filter(election=election, tps_code__startswith=region)
    board.incidents_by_kind = dict(incidents.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    board.incidents_open = list(
        incidents.filter(kind__in=OPEN_INCIDENT_KINDS, closed_at__isnull=True).order_by("-occurred_at")[:500]
    )
    return board


def _ancestors(code: str) -> list[str]:
    return [code[:n] for n in (2, 4, 6, 10) if n < len(code)]


def incidents_for_export(region: str, election: Election):
    return (
        Incident.objects.filter(election=election, tps_code__startswith=region)
        .select_related("officer")
        .order_by("occurred_at", "id")
    )
