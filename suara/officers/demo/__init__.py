"""The demo's ad-hoc officers: one kecamatan's PPK (5), PPS (3 per desa, with reserves), KPPS (7 per TPS)
and Linmas (2 per TPS), synthetic people (never real ones), recruited, screened, selected and appointed
through the officers' services, and its election night in progress (``election_day``). One PPS selection
is left in progress (shortlist drawn, public comment window open), and the KPPS's public form stays open.

``officers_demo_ensure`` runs after the demo's accounts: KPU Kota's account imports, assesses and
appoints the PPK and PPS, each desa's PPS account (where the demo has one; the command line otherwise)
appoints its KPPS, the health officer screens, and each TPS's KPPS account checks in. Each step once: a
second run finds its work done and changes nothing."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import transaction

from suara.accounts.models import RoleAssignment, User
from suara.accounts.roles import Role
from suara.audit.actors import Actor
from suara.elections.models import Election
from suara.officers.demo import election_day, recruitment

ELECTION = "pemilu-2024"
DEMO = Actor.named("demo")


@dataclass
class DemoOutcome:
    done: list[str] = field(default_factory=list)  # what this run did, in words
    seconds: dict[str, float] = field(default_factory=dict)


def _user(role: Role, scope: str) -> User | None:
    row = RoleAssignment.objects.filter(role=role.value, scope=scope).select_related("user").order_by("pk").first()
    return row.user if row else None


def officers_demo_ensure(*, kecamatan: str, tps_per_desa: int | None = None) -> DemoOutcome:
    """The officers of ``kecamatan`` in Pemilu 2024 (the first ``tps_per_desa`` TPS of each desa when given:
    the tests' small kecamatan). Needs the KPU kab/kota's and the health officer's accounts over its city."""
    election = Election.objects.get(slug=ELECTION)
    kpu_user, health_user = _user(Role.KPU_KABKOTA, kecamatan[:4]), _user(Role.HEALTH_OFFICER, kecamatan[:4])
    if kpu_user is None or health_user is None:
        raise RuntimeError("The demo's KPU kab/kota and health officer accounts come first.")
    kpu, role = Actor.of(kpu_user), Role.KPU_KABKOTA.value
    outcome, started = DemoOutcome(), time.monotonic()

    def mark(label: str, did: object) -> None:
        nonlocal started
        if did:
            outcome.done.append(label if did is True else f"{label}: {did}")
        outcome.seconds[label] = time.monotonic() - started
        started = time.monotonic()

    pps_users = {
        row.scope: row.user
        for row in RoleAssignment.objects.filter(role=Role.PPS.value, scope__startswith=kecamatan)
        .select_related("user")
        .order_by("-pk")
    }

    def pps_of(desa: str) -> Actor:
        return Actor.of(pps_users[desa]) if desa in pps_users else DEMO

    tps = recruitment.tps_of(kecamatan, tps_per_desa)
    desa = sorted({code[:10] for code in tps})
    mark("schedules", recruitment.schedules_ensure(election, kpu))
    mark("applicants and Linmas", recruitment.applicants_ensure(election, kecamatan, tps, kpu, role))
    mark("screenings", recruitment.screenings_ensure(election, kecamatan, health_user))
    mark("eligibility", recruitment.eligibility_ensure(election, kecamatan, kpu, role))
    in_progress = desa[-1] if desa else ""
    # Hundreds of appointments and thousands of check-ins, each its service's own transaction, nested in one
    # (savepoints): a commit per call would cost more than the calls.
    with transaction.atomic():
        mark("selection and appointments", recruitment.selection_ensure(election, kecamatan, kpu, pps_of, in_progress))
    users = election_day.kpps_accounts(kecamatan, DEMO)
    mark("KPPS accounts", False)
    still_counting = tps[0] if tps else ""
    with transaction.atomic():
        counts = election_day.checkins_ensure(election, kecamatan, users, still_counting)
    mark("check-ins", ", ".join(f"{k} {v}" for k, v in counts.items()) if counts else False)
    others = sorted(set(tps) - {still_counting})
    mark("incident", election_day.incident_ensure(election, kecamatan, health_user, others[0] if others else ""))
    return outcome
