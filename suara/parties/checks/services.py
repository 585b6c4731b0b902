"""Writes of the membership checks: running the checks (an election, a party after its upload, a NIK
after a decision), one transaction and one audit event each; summaries carry counts and codes, never a
NIK or a name. ``membership_of`` is the read other apps call. The national imports the checks use are
``services_imports``; the resolution of a double membership is ``services_resolution``.

The check date: age is reckoned on the day the check runs (``core.clock.today``), or on the election's
voting day once that has passed (a re-check after the election judges as of the election).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from suara.audit.actors import SYSTEM, Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.elections.models import Election
from suara.parties.audit_actions import PartyAuditAction
from suara.parties.checks import engine
from suara.parties.models import Member, Party, PartyCheck
from suara.parties.reasons import MemberReason
from suara.people.nik import NIK_LENGTH


def check_date_of(election: Election, *, today: date | None = None) -> date:
    today = today or clock.today()
    return min(today, election.voting_day)


@dataclass(frozen=True)
class CheckResult:
    changed: int
    listings: int
    eligible: int
    double: int
    check_date: date


def _record_party_checks(election: Election, party_ids: list[int] | None, check_date: date, now: datetime) -> dict:
    current = Member.objects.filter(removed_at__isnull=True, party__election=election)
    if party_ids is not None:
        current = current.filter(party_id__in=party_ids)
    counts = current.values("party_id").annotate(
        n=Count("id"),
        ms=Count("id", filter=Q(status=Member.Status.ELIGIBLE)),
        # The double-membership bit: any bits value with it set (bits are few: 7).
        double=Count("id", filter=Q(reasons__in=[b for b in range(128) if b & MemberReason.OTHER_PARTY])),
    )
    totals = {"listings": 0, "eligible": 0, "double": 0}
    seen = set()
    for row in counts:
        seen.add(row["party_id"])
        PartyCheck.objects.update_or_create(
            party_id=row["party_id"],
            defaults={
                "checked_at": now,
                "check_date": check_date,
                "listings": row["n"],
                "eligible": row["ms"],
                "double": row["double"],
            },
        )
        totals["listings"] += row["n"]
        totals["eligible"] += row["ms"]
        totals["double"] += row["double"]
    for party_id in party_ids if party_ids is not None else election.parties.values_list("id", flat=True):
        if party_id not in seen:
            PartyCheck.objects.update_or_create(
                party_id=party_id,
                defaults={"checked_at": now, "check_date": check_date, "listings": 0, "eligible": 0, "double": 0},
            )
    return totals


def members_check(
    *,
    election: Election,
    party: Party | None = None,
    version: int | None = None,
    actor: Actor = SYSTEM,
    role: str = "",
    on_date: date | None = None,
) -> CheckResult:
    """Checks every current listing of the election, or of one party (and the other parties' listings of
    the NIKs it lists or listed, whose double-membership bit may change), or only what one version of a
    party's list touched (``version``: ``engine.version_scope``). One audit event."""
    check_date = on_date or check_date_of(election)
    now = timezone.now()
    with service_transaction():
        engine.statistics_refresh()
        if party is None:
            scope = engine.election_scope(election.pk)
        elif version is None:
            scope = engine.party_scope(election.pk, party.pk)
        else:
            scope = engine.version_scope(election.pk, party.pk, version)
        touched = None
        if party is not None:
            # Before the check, which marks the touched listings checked.
            if version is None:
                niks = Member.objects.filter(party=party).values("nik")
            else:
                niks = RawSQL(*engine.version_touched_niks(party.pk, version))  # noqa: S611 - our own SQL
            touched = sorted(
                set(
                    Member.objects.filter(removed_at__isnull=True, party__election=election, nik__in=niks)
                    .values_list("party_id", flat=True)
                    .distinct()
                )
                | {party.pk}
            )
        changed = engine.run_checks(election_id=election.pk, scope=scope, check_date=check_date, now=now)
        totals = _record_party_checks(election, touched, check_date, now)
        where = f"partai {party.number}" if party is not None else "seluruh partai"
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.CHECK,
            object_code=party.code if party is not None else election.slug,
            summary=(
                f"Pemeriksaan keanggotaan {election.slug}, {where}, per {check_date.isoformat()}: "
                f"{totals['listings']} anggota, {totals['eligible']} MS, {totals['double']} ganda, "
                f"{changed} berubah"
            ),
        )
    return CheckResult(changed, totals["listings"], totals["eligible"], totals["double"], check_date)


def member_list_changed_receiver(sender, *, party_id: int, version=None, **kwargs) -> None:
    """After an upload: re-check the party (and the double-membership bits of the parties sharing NIKs
    with it) once the upload has committed, so that a failed check never undoes an upload."""

    def run() -> None:
        party = Party.objects.select_related("election").get(pk=party_id)
        members_check(election=party.election, party=party, version=version)

    transaction.on_commit(run)


# For other apps (officer recruitment: the five-year rule).


@dataclass(frozen=True)
class Listing:
    party_code: str
    party_name: str
    election: str
    since: datetime
    status: str  # "", MS or BMS
    removed_at: datetime | None


@dataclass(frozen=True)
class Membership:
    current: list[Listing]
    past: list[Listing]

    def left_at_least(self, years: int, on_date: date) -> bool:
        """True when the person is listed by no party now and every past listing ended at least ``years``
        years before ``on_date`` (true for someone never listed)."""
        if self.current:
            return False
        cutoff = _years_before(on_date, years)
        return all(timezone.localdate(listing.removed_at) <= cutoff for listing in self.past)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def membership_of(nik: str) -> Membership:
    """A person's party listings, every election: current ones (party, since, status) and past ones with
    when they were removed. Nothing logged; an invalid NIK simply has no listings."""
    rows = (
        Member.objects.filter(nik=nik)
        .select_related("party__election")
        .order_by("added_at", "pk")
        .only("added_at", "status", "removed_at", "party__code", "party__name", "party__election__slug")
        if isinstance(nik, str) and len(nik) == NIK_LENGTH
        else []
    )
    current, past = [], []
    for row in rows:
        listing = Listing(
            row.party.code, row.party.name, row.party.election.slug, row.added_at, row.status, row.removed_at
        )
        (current if row.removed_at is None else past).append(listing)
    return Membership(current, past)


def left_at_least(nik: str, years: int, on_date: date) -> bool:
    """Whether the person is listed by no party and left every party at least ``years`` years before
    ``on_date`` (the five-year rule of election officers)."""
    return membership_of(nik).left_at_least(years, on_date)
