"""Reads of elections and their stage schedule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from suara.core.errors import NotFound
from suara.elections.errors import ElectionErrorCode
from suara.elections.models import Candidate, Contest, Election, Stage

# The shape of Election.slug (a SlugField of 40): anything else cannot name an election, and is not echoed.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


# The shape of Contest.slug: anything else names no contest (PostgreSQL refuses NUL in a query) and is not
# echoed back.
CONTEST_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def contest_not_found(slug: str) -> NotFound:
    shown = slug[:60] if CONTEST_SLUG.fullmatch(slug[:60]) else "?"
    return NotFound(ElectionErrorCode.CONTEST_NOT_FOUND, f"Kontestasi '{shown}' tidak ditemukan.", field="contest")


def contest_get(slug: str) -> Contest:
    """The contest with its election, or NotFound (``contest_not_found``)."""
    if not isinstance(slug, str) or not CONTEST_SLUG.fullmatch(slug):
        raise contest_not_found(slug if isinstance(slug, str) else "")
    contest = Contest.objects.select_related("election").filter(slug=slug).first()
    if contest is None:
        raise contest_not_found(slug)
    return contest


def election_list() -> QuerySet[Election]:
    return Election.objects.order_by("-voting_day")


def election_get(slug: str) -> Election:
    if len(slug) > 40 or not _SLUG.fullmatch(slug):
        raise NotFound(
            ElectionErrorCode.ELECTION_NOT_FOUND, "Pemilu dengan pengenal tersebut tidak ditemukan.", field="id"
        )
    election = Election.objects.filter(slug=slug).first()
    if election is None:
        raise NotFound(ElectionErrorCode.ELECTION_NOT_FOUND, f"Pemilu '{slug}' tidak ditemukan.", field="id")
    return election


def election_contests(election: Election) -> list[Contest]:
    """The election's contests, national first, each with its candidates in ballot order (two queries)."""
    return list(
        election.contests.order_by("region_code", "ballot_type", "slug").prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.order_by("number"))
        )
    )


@dataclass(frozen=True)
class Featured:
    election: Election
    upcoming: bool  # voting day is today or later
    days_to_vote: int  # 0 on voting day; negative once it has passed


def election_featured(today: date) -> Featured | None:
    """The election to show first: the next one still to vote, otherwise the most recent."""
    upcoming = Election.objects.filter(voting_day__gte=today).order_by("voting_day").first()
    election = upcoming or Election.objects.order_by("-voting_day").first()
    if election is None:
        return None
    return Featured(election, upcoming is not None, (election.voting_day - today).days)


def stages_for(election: Election) -> list[Stage]:
    return list(election.stages.order_by("order"))


def stage_state(stage: Stage, today: date) -> str:
    """'current' while today is within the stage, 'done' after it, 'upcoming' before; 'undated' without dates."""
    if stage.starts_on is None:
        return "undated"
    end = stage.ends_on or stage.starts_on
    if today < stage.starts_on:
        return "upcoming"
    if today > end:
        return "done"
    return "current"
