"""Announced events as an iCalendar feed (RFC 5545): one VEVENT per published announcement with an event
time, its UID stable (``pengumuman-<id>@suara``) and its SEQUENCE the announcement's version, so a
subscribed calendar updates a corrected event in place. One language per calendar (``?bahasa=en``), as the
stage calendar (``elections.ics``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from icalendar import Calendar, Event

from suara.announcements import present
from suara.announcements.models import Announcement

PRODID = "-//Suara//Pengumuman Pemilu//ID"
DESCRIPTION_MAX = 2000


def announcement_uid(announcement: Announcement) -> str:
    return f"pengumuman-{announcement.pk}@suara"


def events_calendar(
    name: str, announcements: list[Announcement], *, absolute: Callable[[str], str], language: str
) -> bytes:
    """DTSTAMP is each event's last revision (its publication or correction), not the time of the answer: a
    calendar is then the same bytes for the same list, as its tag says (``listing``)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Jakarta")
    for announcement in announcements:
        if announcement.event_start is None:
            continue
        event = Event()
        event.add("uid", announcement_uid(announcement))
        event.add("sequence", announcement.version)
        revised = (announcement.corrected_at or announcement.publish_at).astimezone(UTC)
        event.add("dtstamp", revised)
        event.add("last-modified", revised)
        event.add("dtstart", announcement.event_start.astimezone(UTC))
        if announcement.event_end is not None:
            event.add("dtend", announcement.event_end.astimezone(UTC))
        event.add("summary", present.text(announcement, "title", language), parameters={"LANGUAGE": language})
        body = present.text(announcement, "body", language)
        event.add("description", body[:DESCRIPTION_MAX], parameters={"LANGUAGE": language})
        if announcement.event_location:
            event.add("location", announcement.event_location)
        event.add("url", absolute(present.detail_path(announcement)))
        event.add("categories", [present.category_label(announcement.category, language)])
        calendar.add_component(event)
    return calendar.to_ical()
