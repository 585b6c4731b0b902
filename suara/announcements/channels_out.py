"""Announcements handed to the channels (suara/channels) when they appear. Published is computed, not
stored (``workflow``), so nothing happens at the moment an announcement's time comes; a periodic job
(``jobs.schedule``: ``announcements_to_channels``) looks every minute for announcements published since
and hands each version over once: the channels make its WhatsApp and Telegram texts and its card, put it
on the region's videotron playlists and push it to the region's subscribers, each recorded and audited
there. A correction is a new version, handed over again."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse

from suara.announcements.models import Announcement
from suara.announcements.present import category_label
from suara.announcements.selectors import published_announcements, region_name
from suara.audit.actors import Actor
from suara.channels.item import Item
from suara.channels.selectors import items_handed_over
from suara.channels.services import ORDER, publish
from suara.core import clock

# How far back the job looks: an announcement published while the scheduler was stopped still goes out
# when it starts again, within this time (after it, the news is old and not pushed).
LOOKBACK = timedelta(days=2)
SCHEDULER = Actor.named("jadwal pengumuman")


def item_key(announcement: Announcement) -> str:
    return f"announcement:{announcement.pk}:v{announcement.version}"


def announcement_item(announcement: Announcement, name: str) -> Item:
    """What the channels show of one published announcement (its current version)."""
    path = reverse("announcements:detail", args=[announcement.pk])
    base = settings.SUARA_BASE_URL or settings.SUARA_PUBLIC_URL.rstrip("/") or "http://127.0.0.1:8000"
    return Item(
        key=item_key(announcement),
        title=announcement.title,
        body=announcement.body,
        url=base + path,
        region_code=announcement.region_code,
        region_name=name or "Indonesia",
        category=announcement.category,
        published_at=announcement.publish_at,
        event_start=announcement.event_start,
        event_end=announcement.event_end,
        title_en=announcement.title_en,
        body_en=announcement.body_en,
        issuer=announcement.issuer,
        category_label=str(category_label(announcement.category)),
    )


def announcements_to_channels(now: datetime | None = None) -> int:
    """Hands every announcement version published in the last ``LOOKBACK`` and not yet handed over to every
    channel; the number handed over. Each is its own transaction in the channels (one failing leaves the
    others published and is tried again at the next run)."""
    now = now or clock.now()
    recent = list(published_announcements(now=now).filter(publish_at__gte=now - LOOKBACK)[:500])
    done = items_handed_over([item_key(a) for a in recent])
    names: dict[str, str] = {}
    handed = 0
    for announcement in reversed(recent):  # oldest first: pushes arrive in the order they were published
        if item_key(announcement) in done:
            continue
        code = announcement.region_code
        if code not in names:
            names[code] = region_name(code) or ""
        publish(actor=SCHEDULER, item=announcement_item(announcement, names[code]), channels=ORDER)
        handed += 1
    return handed
