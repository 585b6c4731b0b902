"""Videotron and billboard sites and their playlists: each write checked, in one transaction with one
audit event (``channels.site_save``, ``playlist_add``, ``playlist_remove``, ``playlist_reorder``,
``site_token``). Who: the KPU office or the Diskominfo over the site's region (``authority``); the demo's
command is trusted. The rules of an entry are ``playlist`` (pure)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, time

from django.db.models import Max

from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.channels import assets, playlist, selectors
from suara.channels.audit_actions import ChannelAuditAction
from suara.channels.authority import channel_authority
from suara.channels.errors import ChannelErrorCode
from suara.channels.models import ChannelAsset, PlaylistEntry, VideotronSite
from suara.core import clock
from suara.core.errors import DomainError, ErrorCode, NotFound
from suara.core.region_codes import REGION_LEVELS, is_code
from suara.regions.models import Region

RESOLUTION = (64, 16_384)
TEXT_MAX = {"name": 200, "owner": 200, "address": 300, "operator_name": 200, "operator_contact": 200}


@dataclass(frozen=True)
class SiteInput:
    name: str
    owner: str
    region_code: str
    address: str
    width: int | str
    height: int | str
    operator_name: str = ""
    operator_contact: str = ""
    takes_items: bool = True
    active: bool = True


@dataclass(frozen=True)
class EntryInput:
    slot_seconds: int | str
    window_start: str | time
    window_end: str | time
    start_date: str | date
    end_date: str | date
    title: str = ""
    item_key: str = ""  # the card of this item; else an uploaded file


def _printable(text: str) -> str:
    return "".join(c for c in " ".join(str(text).split()) if c.isprintable())[:200]


def _site_invalid(message: str, field: str) -> DomainError:
    return DomainError(ChannelErrorCode.SITE_INVALID, message, field=field)


def _role(actor: Actor, region_code: str) -> str:
    return channel_authority(actor.user, region_code).value if actor.user is not None else ""


def _clean_site(data: SiteInput) -> dict:
    fields = {}
    for name, limit in TEXT_MAX.items():
        value = " ".join(str(getattr(data, name) or "").split())
        if len(value) > limit or (not value and name in ("name", "owner", "address")) or not value.isprintable():
            raise _site_invalid(f"Isi {name} (1 sampai {limit} karakter).", name)
        fields[name] = value
    for name in ("width", "height"):
        value = getattr(data, name)
        try:
            number = int(str(value).strip()) if not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None or not RESOLUTION[0] <= number <= RESOLUTION[1]:
            raise _site_invalid(
                f"Resolusi layar {name} harus bilangan bulat {RESOLUTION[0]}–{RESOLUTION[1]} piksel.", name
            )
        fields[name] = number
    code = str(data.region_code or "").strip()
    if not is_code(code, (0, *REGION_LEVELS)):
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE, "Kode wilayah harus 2, 4, 6 atau 10 digit.", field="region_code"
        )
    if code and not Region.objects.filter(code=code).exists():
        raise NotFound(ErrorCode.REGION_NOT_FOUND, "Wilayah tidak ditemukan.", field="region_code")
    fields["region_code"] = code
    fields["takes_items"] = bool(data.takes_items)
    fields["active"] = bool(data.active)
    return fields


def site_get(site_id: object) -> VideotronSite:
    site = VideotronSite.objects.filter(pk=site_id).first() if str(site_id).isdigit() else None
    if site is None:
        raise NotFound(ChannelErrorCode.SITE_NOT_FOUND, "Lokasi videotron tidak ditemukan.", field="site")
    return site


def site_save(*, actor: Actor, data: SiteInput, site_id: int | None = None) -> VideotronSite:
    """Creates a site (``site_id`` None) or changes one; both its old and its new region must be the
    actor's."""
    fields = _clean_site(data)
    role = _role(actor, fields["region_code"])
    now = clock.now()
    with service_transaction():
        if site_id is None:
            site = VideotronSite.objects.create(
                **fields, feed_token=secrets.token_urlsafe(24), created_at=now, updated_at=now
            )
            what = "dibuat"
        else:
            site = VideotronSite.objects.select_for_update().filter(pk=site_id).first() or site_get(site_id)
            _role(actor, site.region_code)
            for name, value in fields.items():
                setattr(site, name, value)
            site.updated_at = now
            site.save()
            what = "diubah"
        where = site.region_code or "nasional"
        audit_record(actor=actor, role=role, action=ChannelAuditAction.SITE_SAVE, object_code=str(site.pk),
                     summary=f"lokasi {what}: {site.width}×{site.height}, wilayah {where}")  # fmt: skip
    return site


def site_token_renew(*, actor: Actor, site_id: int) -> VideotronSite:
    """A new operator link; the old one stops working."""
    site = site_get(site_id)
    role = _role(actor, site.region_code)
    with service_transaction():
        site.feed_token = secrets.token_urlsafe(24)
        site.updated_at = clock.now()
        site.save(update_fields=["feed_token", "updated_at"])
        audit_record(actor=actor, role=role, action=ChannelAuditAction.SITE_TOKEN, object_code=str(site.pk),
                     summary="tautan operator baru")  # fmt: skip
    return site


def _clean_entry(data: EntryInput) -> dict:
    slot = data.slot_seconds
    if isinstance(slot, str):
        slot = int(slot.strip()) if slot.strip().isdigit() else None
    if not playlist.slot_ok(slot):
        raise DomainError(
            ChannelErrorCode.PLAYLIST_SLOT_INVALID,
            f"Durasi tayang {playlist.SLOT_SECONDS[0]}–{playlist.SLOT_SECONDS[1]} detik.",
            field="slot_seconds",
        )
    window = playlist.parse_window(data.window_start, data.window_end)
    if window is None:
        raise DomainError(
            ChannelErrorCode.PLAYLIST_WINDOW_INVALID,
            "Jam tayang harus HH:MM dan jam selesai sesudah jam mulai.",
            field="window_end",
        )
    dates = playlist.parse_dates(data.start_date, data.end_date)
    if dates is None:
        raise DomainError(
            ChannelErrorCode.PLAYLIST_DATES_INVALID,
            "Tanggal harus YYYY-MM-DD dan tanggal selesai tidak sebelum tanggal mulai.",
            field="end_date",
        )
    return {
        "slot_seconds": slot,
        "window_start": window[0],
        "window_end": window[1],
        "start_date": dates[0],
        "end_date": dates[1],
    }


def _asset_of(data: EntryInput, upload) -> tuple[ChannelAsset | assets.Stored, str, str]:
    """The entry's asset, its title and item key: an item's card, or the uploaded file (kept in the store;
    its row is written in the service's transaction, ``_asset_row``)."""
    if data.item_key:
        item = selectors.item_by_key(data.item_key)
        if item is None:
            raise NotFound(
                ChannelErrorCode.CHANNEL_ITEM_NOT_FOUND, "Pengumuman itu belum terbit di kanal.", field="item_key"
            )
        if item.card is None:
            raise NotFound(
                ChannelErrorCode.ASSET_NOT_FOUND, "Pengumuman itu belum punya kartu gambar.", field="item_key"
            )
        return item.card, data.title or item.title, item.key
    if upload is None:
        raise DomainError(
            ChannelErrorCode.ASSET_TYPE_INVALID, "Pilih kartu pengumuman atau unggah gambar/video.", field="file"
        )
    stored = assets.store_upload(upload)
    name = _printable(getattr(upload, "name", "") or "") or "berkas"
    return stored, data.title or name, ""


def _asset_row(stored: assets.Stored, name: str, now) -> ChannelAsset:
    asset, _ = ChannelAsset.objects.get_or_create(
        sha256=stored.sha256,
        defaults={
            "kind": stored.kind,
            "extension": stored.extension,
            "content_type": stored.content_type,
            "size": stored.size,
            "width": stored.width,
            "height": stored.height,
            "name": name,
            "created_at": now,
        },
    )
    return asset


def entry_add(*, actor: Actor, site_id: int, data: EntryInput, upload=None) -> PlaylistEntry:
    """Adds an entry at the end of the site's playlist: an item's card (``data.item_key``) or an uploaded
    image or video (``upload``, judged by its bytes)."""
    site = site_get(site_id)
    role = _role(actor, site.region_code)
    fields = _clean_entry(data)
    now = clock.now()
    asset, title, item_key = _asset_of(data, upload)
    with service_transaction():
        if isinstance(asset, assets.Stored):
            asset = _asset_row(asset, title, now)
        last = PlaylistEntry.objects.filter(site=site).aggregate(last=Max("position"))["last"] or 0
        entry = PlaylistEntry.objects.create(
            site=site, asset=asset, item_key=item_key, title=_printable(title), position=last + 1,
            created_at=now, created_by=actor.name, **fields,
        )  # fmt: skip
        window = f"{entry.window_start:%H:%M}–{entry.window_end:%H:%M}"
        audit_record(actor=actor, role=role, action=ChannelAuditAction.PLAYLIST_ADD, object_code=str(site.pk),
                     summary=f"entri {entry.pk}: {asset.kind} {entry.slot_seconds} dtk, {window}, "
                     f"{entry.start_date}–{entry.end_date}")  # fmt: skip
    return entry


def entry_remove(*, actor: Actor, site_id: int, entry_id: int) -> None:
    site = site_get(site_id)
    role = _role(actor, site.region_code)
    with service_transaction():
        removed, _ = PlaylistEntry.objects.filter(site=site, pk=entry_id).delete()
        if not removed:
            raise NotFound(
                ChannelErrorCode.PLAYLIST_ENTRY_NOT_FOUND, "Entri tidak ada di daftar putar ini.", field="entry"
            )
        audit_record(actor=actor, role=role, action=ChannelAuditAction.PLAYLIST_REMOVE, object_code=str(site.pk),
                     summary=f"entri {entry_id} dihapus")  # fmt: skip


def entries_reorder(*, actor: Actor, site_id: int, order: list[int]) -> list[PlaylistEntry]:
    """Puts the site's playlist in ``order`` (every entry's id, once each)."""
    site = site_get(site_id)
    role = _role(actor, site.region_code)
    with service_transaction():
        entries = {e.pk: e for e in PlaylistEntry.objects.select_for_update().filter(site=site)}
        if sorted(order) != sorted(entries) or len(set(order)) != len(order):
            raise DomainError(
                ChannelErrorCode.PLAYLIST_ORDER_INVALID, "Urutan harus memuat setiap entri tepat sekali.", field="order"
            )
        for position, pk in enumerate(order, start=1):
            entries[pk].position = position
        PlaylistEntry.objects.bulk_update(entries.values(), ["position"])
        audit_record(actor=actor, role=role, action=ChannelAuditAction.PLAYLIST_REORDER, object_code=str(site.pk),
                     summary=f"urutan baru: {len(order)} entri")  # fmt: skip
    return sorted(entries.values(), key=lambda e: e.position)


def entry_move(*, actor: Actor, site_id: int, entry_id: int, step: int) -> list[PlaylistEntry]:
    """Moves one entry a place up (``step`` -1) or down (+1): a reorder."""
    order = list(
        PlaylistEntry.objects.filter(site_id=site_get(site_id).pk)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    if entry_id not in order:
        raise NotFound(ChannelErrorCode.PLAYLIST_ENTRY_NOT_FOUND, "Entri tidak ada di daftar putar ini.", field="entry")
    at = order.index(entry_id)
    to = min(max(at + (1 if step > 0 else -1), 0), len(order) - 1)
    order.insert(to, order.pop(at))
    return entries_reorder(actor=actor, site_id=site_id, order=order)
