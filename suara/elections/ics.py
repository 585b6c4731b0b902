"""An election's stage schedule as an iCalendar feed (RFC 5545) that calendar apps can subscribe to.

Each dated stage is one all-day event. UIDs are stable (``<slug>-stage-<order>@suara``), so a client
that subscribed updates its events in place when the schedule changes instead of duplicating them.
Undated stages (those waiting on another event) have no place in a calendar and are left out.

One feed speaks one language (``?bahasa=en`` for English; a calendar app sends no cookie, so the choice is
in the subscribed address), with each text marked by its LANGUAGE parameter.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from suara.elections.models import Election, Stage

PRODID = "-//Suara//Tahapan Pemilu//ID"
LANGUAGES = ("id", "en")
_TEXTS = {
    "id": {"calendar": "Tahapan {name}", "voting": "Pemungutan suara"},
    "en": {"calendar": "{name}: stages", "voting": "Voting"},
}


def stage_uid(election: Election, stage: Stage) -> str:
    return f"{election.slug}-stage-{stage.order}@suara"


def _text(obj, field: str, language: str) -> str:
    """The English field when asked for and filled in, else the Indonesian one."""
    return (language == "en" and getattr(obj, f"{field}_en", "")) or getattr(obj, field, "")


def stages_calendar(
    election: Election, stages: list[Stage], *, stamp: datetime | None = None, language: str = "id"
) -> bytes:
    """The feed for ``stages`` in ``language`` (id or en). ``stamp`` is DTSTAMP, when this copy was made
    (now, unless given)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    texts = _TEXTS[language]
    stamp = (stamp or timezone.now()).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", texts["calendar"].format(name=_text(election, "name", language)))
    calendar.add("x-wr-timezone", "Asia/Jakarta")
    for stage in stages:
        if stage.starts_on is None:
            continue
        last_day = stage.ends_on or stage.starts_on
        event = Event()
        event.add("uid", stage_uid(election, stage))
        event.add("dtstamp", stamp)
        event.add("dtstart", stage.starts_on)
        # All-day events end on the day after the last one (DTEND is exclusive).
        event.add("dtend", last_day + timedelta(days=1))
        # Text in the other language stays out: a feed mixing both read as neither.
        event.add("summary", _text(stage, "name", language), parameters={"LANGUAGE": language})
        description = _text(stage, "note", language)
        if description:
            event.add("description", description, parameters={"LANGUAGE": language})
        event.add("transp", "TRANSPARENT")
        if stage.is_voting_day:
            event.add("categories", [texts["voting"]])
        calendar.add_component(event)
    return calendar.to_ical()
