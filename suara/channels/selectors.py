"""Reads of the channels: the items an officer sees with their publications, the sites and playlists,
an asset by its name, a short link."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from suara.channels.models import ChannelAsset, ChannelItem, ChannelPublication, PlaylistEntry, VideotronSite
from suara.core import clock


def _beneath(regions: list[str], field: str = "region_code") -> Q:
    condition = Q(pk__in=[])
    for code in regions:
        condition |= Q(**{f"{field}__startswith": code})
    return condition


def items_for(regions: list[str]) -> QuerySet[ChannelItem]:
    """The items of the regions beneath any of ``regions``, newest first."""
    return ChannelItem.objects.filter(_beneath(regions)).select_related("card").order_by("-published_at", "-pk")


def _plain(text: str, limit: int) -> bool:
    """Whether ``text`` can name a row: not too long, no control characters (PostgreSQL refuses NUL)."""
    return isinstance(text, str) and 0 < len(text) <= limit and all(ord(c) >= 32 for c in text)


def item_by_key(key: str) -> ChannelItem | None:
    if not _plain(key, 100):
        return None
    return ChannelItem.objects.select_related("card").filter(key=key).first()


def item_by_short_code(code: str) -> ChannelItem | None:
    return ChannelItem.objects.filter(short_code=code.upper()).first() if code.isascii() and code.isalnum() else None


def publications_of(key: str) -> list[ChannelPublication]:
    """Every publication of the item ``key`` on every channel, oldest first."""
    return list(ChannelPublication.objects.filter(item__key=key).order_by("at", "pk"))


def publications_of_item(prefix: str) -> list[ChannelPublication]:
    """Every publication of every version of an item (keys starting ``prefix``, e.g. "announcement:42:")."""
    return list(
        ChannelPublication.objects.filter(item__key__startswith=prefix).select_related("item").order_by("at", "pk")
    )


def sites_for(regions: list[str]) -> QuerySet[VideotronSite]:
    return VideotronSite.objects.filter(_beneath(regions))


def site_by_pk(pk: int) -> VideotronSite | None:
    return VideotronSite.objects.filter(pk=pk).first()


def entries_of(site: VideotronSite) -> list[PlaylistEntry]:
    return list(site.entries.select_related("asset").order_by("position", "pk"))


def schedule_entries(site: VideotronSite, *, every: bool = False) -> list[PlaylistEntry]:
    """What the operator plays: the entries not yet over (``every``: all), in order."""
    entries = site.entries.select_related("asset").order_by("position", "pk")
    if not every:
        entries = entries.filter(end_date__gte=clock.today())
    return list(entries)


def site_by_token(token: str) -> VideotronSite | None:
    if not _plain(token, 64):
        return None
    return VideotronSite.objects.filter(feed_token=token, active=True).first()


def asset_by_name(sha256: str, extension: str) -> ChannelAsset | None:
    if not (len(sha256) == 64 and _plain(sha256, 64) and _plain(extension, 5)):
        return None
    return ChannelAsset.objects.filter(sha256=sha256, extension=extension).first()


def card_items(regions: list[str], limit: int = 50) -> list[ChannelItem]:
    """The items with a card an officer may put in a playlist, newest first."""
    return list(items_for(regions).filter(card__isnull=False)[:limit])


def items_handed_over(keys: list[str]) -> set[str]:
    """Which of ``keys`` the channels already hold (an app hands each item version over once)."""
    return set(ChannelItem.objects.filter(key__in=keys).values_list("key", flat=True))
