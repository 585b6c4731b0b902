"""Reads of complaints: the cases an account handles (a KPU kab/kota's by the listings' kab/kota, a party
operator's by its party), overdue first, and each case's clocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from suara.accounts.authz import assignments_of
from suara.accounts.models import User
from suara.accounts.roles import ALLOWED, Action, ScopeKind
from suara.parties.complaints import rules
from suara.parties.models import Complaint, ComplaintStep


@dataclass(frozen=True)
class Clock:
    """One state a case went through: when it began, when it was due to end, when it ended (None: now)."""

    state: str
    label: str
    began: datetime
    due: datetime | None
    ended: datetime | None
    overdue: bool


def handled_by(user: User) -> tuple[list[str], list[str]]:
    """(kab/kota codes whose complaints the user decides, codes of the parties whose complaints it answers)."""
    kabkota, parties = [], []
    for assignment in assignments_of(user):
        if assignment.role in ALLOWED[Action.DECIDE_PARTY_COMPLAINT] and assignment.scope_kind == ScopeKind.REGION:
            kabkota.append(assignment.scope)
        if assignment.role in ALLOWED[Action.ANSWER_PARTY_COMPLAINT] and assignment.scope_kind == ScopeKind.PARTY:
            parties.append(assignment.scope)
    return kabkota, parties


def complaints_for(user: User, *, open_only: bool = False) -> QuerySet[Complaint]:
    """The cases the user handles, oldest due first (the cases without a due date, closed, last), each with
    ``reminded_at``: when its handlers were reminded that its current state is overdue (None: not yet)."""
    kabkota, parties = handled_by(user)
    where = Q(pk__in=[])
    for code in kabkota:
        where |= Q(kabkota_code__startswith=code)
    if parties:
        where |= Q(party__code__in=parties)
    reminded = ComplaintStep.objects.filter(
        complaint=OuterRef("pk"), state=OuterRef("state"), at=OuterRef("state_since")
    ).values("reminded_at")[:1]
    found = Complaint.objects.filter(where).select_related("party").annotate(reminded_at=Subquery(reminded))
    if open_only:
        found = found.exclude(state__in=rules.FINAL)
    return found.order_by("due_at", "created_at")


def clocks(complaint: Complaint, sla_hours: dict[str, int], now: datetime | None = None) -> list[Clock]:
    """The case's states in order, each with its service-level clock."""
    now = now or timezone.now()
    steps = list(complaint.steps.order_by("at", "id"))
    made = []
    for index, step in enumerate(steps):
        ended = steps[index + 1].at if index + 1 < len(steps) else None
        due = rules.due(step.state, step.at, sla_hours)
        made.append(
            Clock(
                state=step.state,
                label=Complaint.State(step.state).label,
                began=step.at,
                due=due,
                ended=ended,
                overdue=rules.overdue(due, ended or now),
            )
        )
    return made


def is_overdue(complaint: Complaint, now: datetime | None = None) -> bool:
    return rules.overdue(complaint.due_at, now or timezone.now())
