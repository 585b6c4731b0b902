"""An election's stage schedule as an iCalendar feed (RFC 5545) that calendar apps can subscribe to.

Each dated stage is one all-day event. UIDs are stable (``<slug>-stage-<order>@suara``), so a client
that subscribed updates its events in place when the schedule changes instead of duplicating them.
Undated stages (those waiting on another event) have no place in a calendar and are left out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from suara.elections.models import Election, Stage

PRODID = "-//Suara//Tahapan Pemilu//ID"


def stage_uid(election: Election, stage: Stage) -> str:
    return f"{election.slug}-stage-{stage.order}@suara"


def stages_calendar(election: Election, stages: list[Stage], *, stamp: datetime | None = None) -> bytes:
    """The feed for ``stages``. ``stamp`` is DTSTAMP, when this copy was made (now, unless given)."""
    stamp = (stamp or timezone.now()).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Tahapan {election.name}")
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
        event.add("summary", stage.name)
        description = "\n\n".join(part for part in (stage.note, stage.name_en, stage.note_en) if part)
        if description:
            event.add("description", description)
        event.add("transp", "TRANSPARENT")
        if stage.is_voting_day:
            event.add("categories", ["Pemungutan suara"])
        calendar.add_component(event)
    return calendar.to_ical()
