"""The stage schedule as an iCalendar feed (RFC 5545)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar

from suara.elections.ics import stages_calendar
from suara.elections.selectors import stages_for

FEED = "/api/v1/elections/pemilu-2024/stages.ics"


def events_by_start(calendar: Calendar) -> dict[date, list]:
    events: dict[date, list] = {}
    for event in calendar.walk("VEVENT"):
        events.setdefault(event.decoded("dtstart"), []).append(event)
    return events


def test_feed_is_a_calendar_with_one_all_day_event_per_dated_stage(client, pemilu_2024):
    response = client.get(FEED)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="pemilu-2024-tahapan.ics"'
    calendar = Calendar.from_ical(response.content)
    assert calendar["version"] == "2.0"
    assert calendar["prodid"]
    events = list(calendar.walk("VEVENT"))
    dated = [s for s in stages_for(pemilu_2024) if s.starts_on is not None]
    assert len(events) == len(dated) == 16
    assert [str(e["uid"]) for e in events] == [f"pemilu-2024-stage-{s.order}@suara" for s in dated]
    for event in events:
        assert type(event.decoded("dtstart")) is date  # all-day, not a date-time
        assert type(event.decoded("dtend")) is date
        assert event.decoded("dtend") > event.decoded("dtstart")
        assert event.decoded("dtstamp").tzinfo is not None
    undated = {s.name for s in stages_for(pemilu_2024) if s.starts_on is None}
    assert undated.isdisjoint(str(e["summary"]) for e in events)


def test_voting_day_and_inauguration(client, pemilu_2024):
    events = events_by_start(Calendar.from_ical(client.get(FEED).content))

    voting = next(e for e in events[date(2024, 2, 14)] if str(e["summary"]) == "Pemungutan suara")
    assert voting.decoded("dtend") == date(2024, 2, 15)  # DTEND is exclusive
    assert "Pemungutan suara" in [str(c) for c in voting["categories"].cats]
    (inauguration,) = events[date(2024, 10, 20)]
    assert inauguration.decoded("dtend") == date(2024, 10, 21)
    assert "Presiden" in str(inauguration["summary"])
    (campaign,) = events[date(2023, 11, 28)]
    assert campaign.decoded("dtend") == date(2024, 2, 11)  # the campaign's last day is 10 February


def test_feed_is_well_formed_text(client, pemilu_2024):
    content = client.get(FEED).content

    lines = content.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert lines[-2:] == [b"END:VCALENDAR", b""]
    assert all(len(line) <= 75 for line in lines)  # folded as RFC 5545 3.1 asks
    assert b"\n" not in content.replace(b"\r\n", b"")


def test_same_schedule_same_feed(pemilu_2024):
    stamp = datetime(2024, 1, 1, 12, tzinfo=UTC)
    stages = stages_for(pemilu_2024)

    assert stages_calendar(pemilu_2024, stages, stamp=stamp) == stages_calendar(pemilu_2024, stages, stamp=stamp)
    assert b"DTSTAMP:20240101T120000Z" in stages_calendar(pemilu_2024, stages, stamp=stamp)


def test_pilkada_feed_has_its_voting_day(client, pemilu_2024):
    calendar = Calendar.from_ical(client.get("/api/v1/elections/pilkada-2024/stages.ics").content)

    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    voting = events["Pemungutan suara"]
    assert str(voting["uid"]).startswith("pilkada-2024-stage-") and str(voting["uid"]).endswith("@suara")
    assert voting.decoded("dtstart") == date(2024, 11, 27)
    assert voting.decoded("dtend") == date(2024, 11, 28)


def test_a_feed_speaks_one_language(client, pemilu_2024):
    indonesian = Calendar.from_ical(client.get(FEED).content)
    english_response = client.get(FEED + "?bahasa=en")
    english = Calendar.from_ical(english_response.content)
    stages = {s.order: s for s in stages_for(pemilu_2024) if s.starts_on is not None}

    assert str(indonesian["x-wr-calname"]) == "Tahapan Pemilihan Umum 2024"
    assert str(english["x-wr-calname"]) == "2024 General Election: stages"
    assert english_response["Content-Disposition"] == 'inline; filename="pemilu-2024-stages.ics"'
    for calendar, language in ((indonesian, "id"), (english, "en")):
        for event in calendar.walk("VEVENT"):
            stage = stages[int(str(event["uid"]).split("-stage-")[1].split("@")[0])]
            summary = event["summary"]
            assert summary.params["LANGUAGE"] == language
            assert str(summary) == (stage.name if language == "id" else stage.name_en)
            text = str(event.get("description", ""))
            other = (stage.name_en, stage.note_en) if language == "id" else (stage.name, stage.note)
            assert not any(part and part in text for part in other)  # nothing of the other language


def test_an_unknown_feed_language_is_refused(client, pemilu_2024):
    response = client.get(FEED + "?bahasa=fr")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
