"""The home page. Region pages live in views_regions, operator pages in
views_accounts."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.views.decorators.http import require_safe

from suara.core import clock
from suara.elections.models import Stage
from suara.elections.selectors import election_featured, stage_state, stages_for
from suara.integrations.embedding import embeddable
from suara.portal.queries import national_contests
from suara.regions.selectors import national_counts


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    state: str  # current, done, upcoming, undated
    is_now: bool  # the one current stage marked as today's (aria-current)


def timeline(stages: list[Stage], today) -> list[StageRow]:
    """The stages with their state. Stages overlap (budget planning spans the whole schedule), so of
    those under way the one that started last is the one today is about; on voting day, voting."""
    states = [stage_state(s, today) for s in stages]
    current = [s for s, state in zip(stages, states, strict=True) if state == "current"]
    now = max(current, key=lambda s: (s.starts_on, s.is_voting_day, s.order)) if current else None
    return [StageRow(s, state, s is now) for s, state in zip(stages, states, strict=True)]


@embeddable
@require_safe
def home(request):
    today = clock.today()
    featured = election_featured(today)
    context = {"today": today, "featured": featured, "counts": national_counts()}
    if featured is not None:
        election = featured.election
        stages = timeline(stages_for(election), today)
        context |= {
            "election": election,
            "stages": stages,
            "now_stage": next((row.stage for row in stages if row.is_now), None),
            "contests": national_contests(election),
            "counting": election.voting_day <= today,  # the real count is there to see
            # Midnight of voting day in western Indonesian time, for the optional ticking countdown.
            "countdown_target": f"{election.voting_day.isoformat()}T00:00:00+07:00",
        }
    return render(request, "portal/home.html", context)
