"""The demo's election night, in progress: the KPPS chairs' check-ins through the check-in service as they
would have come on voting day (07:00, 13:00, every three hours of counting, the finish), most TPS finished
before midnight, a few that missed their counting check-ins (alerts raised by the periodic check, run as
of 00:45 the next morning), one TPS still counting after midnight (flagged for relief), and one incident.
Synthetic people; the times are the election's own voting day."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.conf import settings

from suara.accounts.bulk import accounts_bulk_create
from suara.accounts.models import RoleAssignment
from suara.accounts.roles import Role
from suara.audit.actors import Actor
from suara.core.timezones import ZONES, zone_of
from suara.elections.models import Election
from suara.officers.bodies import Body, Position, Status
from suara.officers.health import slots
from suara.officers.health.services_election_day import checkin_alerts_compute, checkin_record, incident_record
from suara.officers.models import CheckIn, Incident, Officer
from suara.regions.models import Tps

NIGHT = timedelta(days=1, minutes=45)  # "now" of the demo's election night: 00:45 after voting day
MISSED_SHARE = 0.03


def demo_now(election: Election, tps: str) -> datetime:
    return datetime.combine(election.voting_day, time(0, 0), tzinfo=ZONES[zone_of(tps)]) + NIGHT


def _chairs(election: Election, kecamatan: str) -> list[str]:
    return sorted(
        Officer.objects.filter(
            election=election, body=Body.KPPS, position=Position.CHAIR, status=Status.APPOINTED,
            posting_code__startswith=kecamatan,
        ).values_list("posting_code", flat=True)
    )  # fmt: skip


def kpps_accounts(kecamatan: str, actor: Actor) -> dict[str, object]:
    """The KPPS accounts of the kecamatan's TPS (made in bulk where a TPS has none), by TPS."""

    def users() -> dict[str, object]:
        rows = RoleAssignment.objects.filter(role=Role.KPPS.value, scope__startswith=kecamatan).select_related("user")
        found: dict[str, object] = {}
        for row in rows.order_by("pk"):
            found.setdefault(row.scope, row.user)
        return found

    found = users()
    if Tps.objects.filter(code__startswith=kecamatan).exclude(code__in=list(found)).exists():
        accounts_bulk_create(actor=actor, role=Role.KPPS.value, region=kecamatan)
        found = users()
    return found


def checkins_ensure(
    election: Election, kecamatan: str, users: dict[str, object], still_counting: str, seed: int = 2024
) -> dict[str, int]:
    """Check-ins of every TPS with an appointed chair, as its night went: finished (most), missed (a few,
    at least five), or ``still_counting``. Then the periodic check as of 00:45. Once."""
    if CheckIn.objects.filter(election=election, tps_code__startswith=kecamatan).exists():
        return {}
    chairs = [code for code in _chairs(election, kecamatan) if code in users]
    rng = random.Random(seed)
    every = settings.SUARA_CHECKIN_COUNTING_HOURS
    timed = slots.timed_slots(every)
    missing = max(5, round(len(chairs) * MISSED_SHARE)) if len(chairs) > 10 else min(2, len(chairs) - 1)
    pool = [code for code in chairs if code != still_counting]
    missed = set(rng.sample(pool, min(missing, len(pool))))
    counts = {"checkins": 0, "finished": 0, "missed": len(missed), "counting": 0}
    for code in chairs:
        midnight = datetime.combine(election.voting_day, time(0, 0), tzinfo=ZONES[zone_of(code)])
        if code == still_counting:
            plan = [(name, midnight + offset) for name, offset in timed if offset < NIGHT]
            counts["counting"] += 1
        elif code in missed:  # opened and closed, then nothing more: the counting's check-ins missed
            plan = [(name, midnight + offset) for name, offset in timed[:2]]
        else:
            finish = timedelta(hours=19, minutes=30) + timedelta(minutes=rng.randrange(0, 265))
            plan = [(name, midnight + offset) for name, offset in timed if offset < finish]
            plan.append((slots.FINISH, midnight + finish))
            counts["finished"] += 1
        for name, due in plan:
            at = due + timedelta(minutes=rng.randrange(0, 20))
            checkin_record(
                actor=Actor.of(users[code]),
                election=election,
                tps_code=code,
                slot=name,
                all_well=True,
                unwell=[],
                now=at,
            )
            counts["checkins"] += 1
    if chairs:
        checkin_alerts_compute(now=demo_now(election, chairs[0]))
    return counts


def incident_ensure(election: Election, kecamatan: str, health_user, tps: str) -> bool:
    """One KPPS member of ``tps`` referred to the puskesmas for exhaustion during the count. Once."""
    if Incident.objects.filter(election=election, tps_code__startswith=kecamatan).exists():
        return False
    officer = (
        Officer.objects.filter(election=election, body=Body.KPPS, posting_code=tps, status=Status.APPOINTED)
        .exclude(position=Position.CHAIR)
        .order_by("pk")
        .first()
    )
    if officer is None:
        return False
    at = demo_now(election, tps) - timedelta(hours=2, minutes=10)
    incident_record(
        actor=Actor.of(health_user),
        officer_id=officer.pk,
        kind=Incident.Kind.REFERRED,
        symptom="kelelahan",
        occurred_at=at,
    )
    return True


PpsActor = Callable[[str], Actor]
