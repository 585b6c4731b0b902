"""Announcements go to the channels when their time comes: the periodic job hands each published version
over once (texts, card, videotron, push recorded by the channels), a correction again, nothing before."""

from datetime import timedelta

import pytest

from suara.announcements.channels_out import announcements_to_channels, item_key
from suara.announcements.services import AnnouncementInput, announcement_correct
from suara.announcements.tests.conftest import GOOD, publish
from suara.audit.actors import Actor
from suara.channels.selectors import item_by_key, publications_of
from suara.core import clock
from suara.jobs.schedule import schedule

pytestmark = pytest.mark.django_db


def test_a_scheduled_announcement_reaches_the_channels_once_when_its_time_comes(writers, later, settings):
    settings.SUARA_BASE_URL = "https://suara.example.go.id"
    a = publish(writers["author"], writers["second"])
    assert announcements_to_channels() == 0  # not yet its time
    assert item_by_key(item_key(a)) is None

    later(timedelta(seconds=5))
    assert announcements_to_channels() == 1
    item = item_by_key(item_key(a))
    assert item.title == GOOD["title"] and item.region_code == "327601"
    assert item.url == f"https://suara.example.go.id/pengumuman/baca/{a.pk}/"
    assert GOOD["title"] in item.whatsapp_text and item.url in item.whatsapp_text
    channels = {p.channel: p.outcome for p in publications_of(item_key(a))}
    assert set(channels) == {"web", "feed", "api", "ical", "whatsapp", "telegram", "card", "videotron", "push"}
    assert channels["card"] == "ready" and channels["push"] == "skipped"  # no subscriber in the region yet

    assert announcements_to_channels() == 0  # once per version


def test_the_officer_reaches_the_channels_of_a_handed_over_announcement(writers, later, client):
    a = publish(writers["author"], writers["second"])
    later(timedelta(seconds=5))
    client.force_login(writers["author"])
    link = f"/petugas/kanal/item/{item_key(a)}/"
    assert link not in client.get(f"/petugas/pengumuman/{a.pk}/").content.decode()
    announcements_to_channels()
    assert link in client.get(f"/petugas/pengumuman/{a.pk}/").content.decode()
    assert client.get(link).status_code == 200
    region = client.get("/pengumuman/327601/").content.decode()
    assert "/kanal/langganan/?wilayah=327601" in region


def test_a_correction_is_a_new_version_handed_over_again(writers, later):
    a = publish(writers["author"], writers["second"])
    later(timedelta(seconds=5))
    assert announcements_to_channels() == 1
    corrected = announcement_correct(
        actor=Actor.of(writers["second"]),
        pk=a.pk,
        data=AnnouncementInput(**{**GOOD, "title": GOOD["title"] + " (diralat)"}),
        note="judul diperbaiki",
    )
    assert item_key(corrected) != item_key(a)
    assert announcements_to_channels() == 1
    assert item_by_key(item_key(corrected)).title.endswith("(diralat)")


def test_an_announcement_published_long_ago_is_not_pushed_again(writers, later):
    publish(writers["author"], writers["second"])
    later(timedelta(days=3))
    assert announcements_to_channels(now=clock.now()) == 0


def test_the_scheduler_runs_the_hand_over_every_minute(settings):
    entries = {p.name: p for p in schedule()}
    entry = entries["announcements_to_channels"]
    assert entry.run == "suara.announcements.channels_out.announcements_to_channels"
    assert entry.every == settings.SUARA_ANNOUNCEMENT_CHANNELS_SECONDS == 60
