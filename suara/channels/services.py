"""Publishing an item on its channels: ``publish(actor=..., item=..., channels=[...])`` records one
``ChannelPublication`` per channel, each with its audit event, in one transaction.

What each channel does here:

- ``web``, ``feed``, ``api``, ``ical``: served by the item's own app (the announcements' region pages,
  RSS/Atom, JSON API, calendar); recorded with their time, nothing to make.
- ``whatsapp``, ``telegram``: the ready-to-send texts (``texts``), kept for officers to copy.
- ``card``: the 1080×1080 PNG (``card``), kept as an asset for officers to download.
- ``videotron``: the card added to the playlist of every active site on the item's line that takes items
  (``reach``), for two weeks (or to the end of its event), 15 s a turn, 06:00–22:00.
- ``push``: queued; the task (``services_push.push_deliver_task``) sends it after the commit, so
  publication never waits on push services, and writes the counts into the same record.

A channel already published for the same key is recorded as skipped for the videotron and push (a retry
must not add entries nor notify twice); the texts and the card are made again (the same bytes)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import time, timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Max

from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.channels import assets, card, pushrules, texts
from suara.channels.audit_actions import ChannelAuditAction
from suara.channels.authority import channel_authority
from suara.channels.errors import ChannelErrorCode
from suara.channels.item import Item
from suara.channels.models import (
    Channel,
    ChannelAsset,
    ChannelItem,
    ChannelPublication,
    PlaylistEntry,
    VideotronSite,
)
from suara.channels.playlist import DEFAULT_SLOT_SECONDS
from suara.channels.reach import line_of
from suara.channels.services_push import push_queue, reaching
from suara.core import clock
from suara.core.errors import DomainError
from suara.core.timezones import ZONES, zone_of

OUTCOME = ChannelPublication.Outcome
ORDER = list(Channel.values)
SHORT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read off a screen across a street
SHORT_LENGTH = 7
VIDEOTRON_DAYS = 14
VIDEOTRON_WINDOW = (time(6, 0), time(22, 0))


def channels_of(channels: Iterable[str]) -> list[str]:
    """The channels named, each once, in the order they are published; DomainError for an unknown one."""
    wanted = set()
    for name in channels:
        if name not in ORDER:
            raise DomainError(
                ChannelErrorCode.CHANNEL_UNKNOWN, f"Kanal tidak dikenal: {str(name)[:20]}.", field="channels"
            )
        wanted.add(name)
    return [name for name in ORDER if name in wanted]


def short_url(item_url: str, code: str) -> str:
    """The short link printed on cards and screens: the item's own site, /s/<code>."""
    parts = urlsplit(item_url)
    return f"{parts.scheme}://{parts.netloc}/s/{code}"


def shown_url(url: str) -> str:
    return url.split("://", 1)[-1]


def _new_code() -> str:
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))


def _card_bytes(item: Item, code: str) -> bytes:
    png, _ = card.render_card(item, short_url=shown_url(short_url(item.url, code)))
    return png


def _asset_for_card(item: Item, png: bytes, now) -> ChannelAsset:
    stored = assets.store_bytes(png)
    asset, _ = ChannelAsset.objects.get_or_create(
        sha256=stored.sha256,
        defaults={
            "kind": stored.kind,
            "extension": stored.extension,
            "content_type": stored.content_type,
            "size": stored.size,
            "width": stored.width,
            "height": stored.height,
            "name": f"Kartu: {item.title}"[:200],
            "item_key": item.key,
            "created_at": now,
        },
    )
    return asset


def _item_row(item: Item, code: str, now) -> ChannelItem:
    fields = {
        "title": item.title,
        "url": item.url,
        "region_code": item.region_code,
        "region_name": item.region_name,
        "category": item.category,
        "issuer": item.issuer,
        "published_at": item.published_at,
        "event_start": item.event_start,
        "event_end": item.event_end,
        "updated_at": now,
    }
    row = ChannelItem.objects.select_for_update().filter(key=item.key).first()
    if row is None:
        return ChannelItem.objects.create(key=item.key, short_code=code, created_at=now, **fields)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


def _already(row: ChannelItem, channel: str) -> bool:
    return row.publications.filter(channel=channel).exclude(outcome__in=[OUTCOME.SKIPPED, OUTCOME.FAILED]).exists()


def _videotron(row: ChannelItem, item: Item, asset: ChannelAsset, actor: Actor, now) -> tuple[str, int, str]:
    above, prefix = line_of(item.region_code)
    sites = VideotronSite.objects.filter(active=True, takes_items=True).filter(
        region_code__in=above
    ) | VideotronSite.objects.filter(active=True, takes_items=True, region_code__startswith=prefix)
    sites = sites.exclude(entries__item_key=item.key).distinct().order_by("pk")
    local = item.published_at.astimezone(ZONES[zone_of(item.region_code)]).date()
    end = local + timedelta(days=VIDEOTRON_DAYS - 1)
    if item.event_end is not None:
        end = max(local, item.event_end.astimezone(ZONES[zone_of(item.region_code)]).date())
    count = 0
    for site in sites:
        last = site.entries.aggregate(last=Max("position"))["last"] or 0
        PlaylistEntry.objects.create(
            site=site,
            asset=asset,
            item_key=item.key,
            title=item.title[:200],
            slot_seconds=DEFAULT_SLOT_SECONDS,
            window_start=VIDEOTRON_WINDOW[0],
            window_end=VIDEOTRON_WINDOW[1],
            start_date=local,
            end_date=end,
            position=last + 1,
            created_at=now,
            created_by=actor.name,
        )
        count += 1
    if not count:
        return OUTCOME.SKIPPED, 0, "tidak ada videotron di wilayah ini"
    return OUTCOME.SCHEDULED, count, f"{local.isoformat()} s.d. {end.isoformat()}"


def publish(*, actor: Actor, item: Item, channels: Iterable[str]) -> list[ChannelPublication]:
    """Publishes ``item`` on ``channels``; the records, in channel order. An officer must work the item's
    region's channels (``authority``); the system (a scheduled publication) is trusted."""
    wanted = channels_of(channels)
    role = channel_authority(actor.user, item.region_code).value if actor.user is not None else ""
    existing = ChannelItem.objects.filter(key=item.key).values_list("short_code", flat=True).first()
    code = existing or _new_code()
    made: dict[str, str] = {}
    if Channel.WHATSAPP in wanted:
        made["whatsapp"] = texts.whatsapp_text(item)
    if Channel.TELEGRAM in wanted:
        made["telegram"] = texts.telegram_text(item)
        made["caption"] = texts.telegram_caption(item)
    png = _card_bytes(item, code) if {Channel.CARD, Channel.VIDEOTRON} & set(wanted) else None
    now = clock.now()
    records = []
    with service_transaction(events=len(wanted)):
        row = _item_row(item, code, now)
        if png is not None and row.short_code != code:  # made meanwhile by another process, with its code
            png = _card_bytes(item, row.short_code)
        if "whatsapp" in made:
            row.whatsapp_text = made["whatsapp"]
        if "telegram" in made:
            row.telegram_text, row.telegram_caption = made["telegram"], made["caption"]
        asset = _asset_for_card(item, png, now) if png is not None else None
        if asset is not None:
            row.card = asset
        row.save()
        for channel in wanted:
            outcome, reached, detail, message = OUTCOME.PUBLISHED, 0, "", ""
            if channel in (Channel.WEB, Channel.FEED, Channel.API, Channel.ICAL):
                detail = item.url if channel == Channel.WEB else ""
            elif channel == Channel.WHATSAPP:
                outcome, detail = OUTCOME.READY, f"{texts.units(row.whatsapp_text)} karakter"
            elif channel == Channel.TELEGRAM:
                outcome, detail = OUTCOME.READY, f"{texts.units(row.telegram_text)} karakter (MarkdownV2)"
            elif channel == Channel.CARD:
                outcome, detail = OUTCOME.READY, f"PNG {asset.width}×{asset.height}, {asset.size} bita"
            elif _already(row, channel):
                outcome, detail = OUTCOME.SKIPPED, "sudah diterbitkan di kanal ini"
            elif channel == Channel.VIDEOTRON:
                outcome, reached, detail = _videotron(row, item, asset, actor, now)
            else:  # push
                reached = len(reaching(item.region_code))
                message = pushrules.payload(item).decode()
                outcome = OUTCOME.QUEUED if reached else OUTCOME.SKIPPED
                detail = "" if reached else "belum ada pelanggan di wilayah ini"
            record = ChannelPublication.objects.create(
                item=row,
                channel=channel,
                at=now,
                outcome=outcome,
                reached=reached,
                detail=detail[:200],
                message=message,
                actor=actor.name,
                finished_at=None if outcome == OUTCOME.QUEUED else now,
            )
            if outcome == OUTCOME.QUEUED:
                push_queue(record.pk)
            audit_record(
                actor=actor,
                role=role,
                action=ChannelAuditAction.PUBLISH,
                object_code=item.key,
                summary=f"{channel}: {outcome}" + (f", {reached} dijangkau" if reached else ""),
            )
            records.append(record)
    return records


def publish_on_commit(*, actor: Actor, item: Item, channels: Iterable[str]) -> None:
    """``publish`` once the caller's transaction has committed (an announcement's own service calls this
    inside its transaction: the channels then publish only what did commit, in their own transaction)."""
    wanted = channels_of(channels)
    transaction.on_commit(lambda: publish(actor=actor, item=item, channels=wanted), robust=True)
