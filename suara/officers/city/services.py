"""Writes of the city's internal count: ``city_count_enter`` is the only one. One transaction and one
audit event per entry; an entry that breaks any rule is refused whole and nothing is written. KPU's
tables are never touched: the city's count lives in ``officers.models.city``."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict, DomainError, NotFound
from suara.elections.models import Contest
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.city.rules import count_problems, tally_of
from suara.officers.city.selectors import area_open
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import CityCount, CityCountVersion
from suara.regions.models import Tps
from suara.results.public.selectors import SLUG, in_contest_area


def _contest(slug: str, tps: str) -> Contest:
    contest = Contest.objects.select_related("election").filter(slug=slug).first() if SLUG.fullmatch(slug) else None
    if contest is None or not in_contest_area(contest, tps):
        raise NotFound(
            OfficerErrorCode.CITY_ELECTION_NOT_FOUND, "Kontestasi tidak ditemukan untuk TPS ini.", field="kontestasi"
        )
    return contest


def city_count_enter(
    *,
    actor: Actor,
    contest: str,
    tps: str,
    votes: Mapping[int, object],
    valid: object,
    invalid: object,
    total: object,
    base_version: int | None = None,
) -> CityCount:
    """A TPS's numbers for the city's internal count, by a field officer of the city whose area holds the
    TPS. ``base_version``: the version the officer started from (0 for a TPS not counted yet); when the
    count moved on since, the entry is refused (``city_count_stale``) rather than silently overwriting a
    colleague's. Refusals: 403 ``city_area_forbidden`` (another city's TPS), 404 for an unknown TPS or
    contest, 422 ``city_count_invalid`` with every broken rule."""
    area_open(actor.officer(), tps, Action.ENTER_CITY_COUNT)
    if len(tps) != 13 or not Tps.objects.filter(code=tps).exists():
        raise NotFound(OfficerErrorCode.CITY_REGION_NOT_FOUND, f"TPS {tps} tidak ditemukan.", field="tps")
    found = _contest(contest, tps)
    numbers = sorted(found.candidates.values_list("number", flat=True))
    tally = tally_of(votes, valid, invalid, total)
    problems = count_problems(tally, ballot_numbers=numbers, tps_max=found.election.tps_count_max)
    if problems:
        raise DomainError(
            OfficerErrorCode.CITY_COUNT_INVALID,
            "Angka hitung kota tidak konsisten: " + " ".join(p.message for p in problems),
            field="tally",
            status=422,
            details=[p.as_dict() for p in problems],
        )
    now = timezone.now()
    vote_numbers = {f"votes.{n}": tally[f"votes.{n}"] for n in numbers}
    with service_transaction():
        count = CityCount.objects.select_for_update().filter(contest=found, tps_code=tps).first()
        current = count.version if count is not None else 0
        if base_version is not None and base_version != current:
            raise _stale(current)
        fields = {"votes": vote_numbers, "valid": valid, "invalid": invalid, "total": total}
        fields |= {"entered_by": actor.name, "entered_at": now}
        if count is None:
            try:
                with transaction.atomic():
                    count = CityCount.objects.create(contest=found, tps_code=tps, version=1, **fields)
            except IntegrityError:  # a colleague's first entry of this TPS committed meanwhile
                raise _stale(1) from None
        else:
            for name, value in fields.items():
                setattr(count, name, value)
            count.version += 1
            count.save()
        CityCountVersion.objects.create(count=count, number=count.version, **fields)
        audit_record(
            actor=actor,
            action=OfficerAuditAction.CITY_COUNT,
            object_code=f"{found.slug}/{tps}",
            summary=f"hitung kota versi {count.version}",
            role="city_field_officer",
        )
    return count


def _stale(current: int) -> Conflict:
    return Conflict(
        OfficerErrorCode.CITY_COUNT_STALE,
        f"Hitung kota TPS ini sudah berubah (kini versi {current}). Muat ulang dan periksa sebelum mengisi lagi.",
        field="versi",
    )
