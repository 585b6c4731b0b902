"""Reads of announcements: the published ones for any channel (``published_announcements``, the rule), one
for the public, and the officers' lists. The public pages', feeds' and API's lists, with their tags, are
``listing``'s one-query reads of the same rule."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from suara.accounts.models import User
from suara.accounts.public_voice import voice_regions
from suara.accounts.roles import Action
from suara.announcements.listing import announcement_read
from suara.announcements.models import Announcement
from suara.announcements.workflow import State
from suara.core import clock
from suara.core.region_codes import codes_above, covered_range
from suara.regions.models import Region


def covering(region_code: str, *, prefix: str = "") -> Q:
    """The announcements that concern ``region_code`` ('' the nation): its own, those of every region
    beneath it, and those of the regions above it (a national announcement concerns everyone)."""
    if not region_code:
        return Q()
    low, high = covered_range(region_code)
    beneath = Q(**{f"{prefix}region_code__gte": low})
    if high is not None:
        beneath &= Q(**{f"{prefix}region_code__lt": high})
    return beneath | Q(**{f"{prefix}region_code__in": codes_above(region_code)})


def published(now: datetime | None = None) -> Q:
    """The rule: scheduled, and its time has come (``workflow.phase_of``)."""
    return Q(state=State.SCHEDULED, publish_at__lte=now or clock.now())


def published_announcements(
    region_code: str = "", category: str | None = None, *, now: datetime | None = None
) -> QuerySet[Announcement]:
    """The announcements published at ``now`` (default: now) that concern ``region_code`` ('' the nation:
    every one), of ``category`` if given, newest first. The one rule every channel reads; a channel that
    acts when an announcement appears narrows it, e.g. ``.filter(publish_at__gt=last_look)``."""
    found = Announcement.objects.filter(published(now), covering(region_code))
    if category:
        found = found.filter(category=category)
    return found.order_by("-publish_at", "-pk")


def announcement_public(pk: int) -> Announcement | None:
    """A published announcement with its region's name (``region_name``), in one query; or a withdrawn one
    that had been published (its page says so); None for anything else."""
    if not 0 < pk < 2**63:
        return None
    return announcement_read(pk)


def region_name(code: str) -> str | None:
    """A region's name; '' for the nation; None when there is no such region."""
    if not code:
        return ""
    return Region.objects.filter(code=code).values_list("name", flat=True).first()


def writer_regions(user: User) -> list[str]:
    """The regions whose announcements ``user`` writes and reviews: its KPU or city scopes, and the regions
    of the Diskominfo organisations it operates; [] for anyone else."""
    return voice_regions(user, Action.PUBLISH_ANNOUNCEMENT)


def officer_announcements(region_codes: list[str]) -> QuerySet[Announcement]:
    """The announcements an officer works on: those of the regions beneath any of its scopes."""
    condition = Q(pk__in=[])
    for code in region_codes:
        condition |= Q(region_code__startswith=code)
    return Announcement.objects.filter(condition).order_by("-updated_at", "-pk")


def announcement_get(pk: int) -> Announcement | None:
    return Announcement.objects.filter(pk=pk).first()
