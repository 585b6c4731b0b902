"""The channels' tables: the items published and each publication on each channel; the assets (cards and
uploaded files, kept by content under the private folder); the videotron and billboard sites and their
playlists; the browsers subscribed to a region's notifications. Written by ``channels.services*``."""

from __future__ import annotations

from django.db import models


class Channel(models.TextChoices):
    WEB = "web", "Halaman web"
    FEED = "feed", "RSS/Atom"
    API = "api", "API JSON"
    ICAL = "ical", "iCal"
    WHATSAPP = "whatsapp", "Teks WhatsApp"
    TELEGRAM = "telegram", "Teks Telegram"
    CARD = "card", "Kartu gambar"
    VIDEOTRON = "videotron", "Videotron/billboard"
    PUSH = "push", "Web Push"


class ChannelAsset(models.Model):
    """A file a channel shows: a card rendered for an item, or an image or video an officer uploaded for a
    playlist. Kept once by its SHA-256 (``channels.assets``) and served at an address naming it."""

    class Kind(models.TextChoices):
        IMAGE = "image", "gambar"
        VIDEO = "video", "video"

    sha256 = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    extension = models.CharField(max_length=5)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    name = models.CharField(max_length=200, help_text="what it is called on the pages and in the export")
    item_key = models.CharField(max_length=100, blank=True, help_text="the item whose card it is; '' an upload")
    created_at = models.DateTimeField()

    @property
    def file_name(self) -> str:
        return f"{self.sha256}.{self.extension}"


class ChannelItem(models.Model):
    """An item as it was handed to the channels (``item.Item``), with what they made of it: the texts to
    copy, the card, the short link printed on cards and screens."""

    key = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500)
    region_code = models.CharField(max_length=10, blank=True)
    region_name = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=40)
    issuer = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField()
    event_start = models.DateTimeField(null=True, blank=True)
    event_end = models.DateTimeField(null=True, blank=True)
    short_code = models.CharField(max_length=12, unique=True)
    whatsapp_text = models.TextField(blank=True)
    telegram_text = models.TextField(blank=True, help_text="MarkdownV2")
    telegram_caption = models.TextField(blank=True, help_text="MarkdownV2, for the card posted as a photo")
    card = models.ForeignKey(ChannelAsset, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["region_code", "-published_at"], name="channel_item_region")]

    def __str__(self) -> str:
        return self.key


class ChannelPublication(models.Model):
    """One publication of an item on one channel, with its time and outcome. A push publication is
    queued when recorded and gets its counts when its task has sent it."""

    class Outcome(models.TextChoices):
        PUBLISHED = "published", "terbit"  # a channel served by the item's own app (web, feeds, API, iCal)
        READY = "ready", "siap"  # a text or card made, for an officer to post
        SCHEDULED = "scheduled", "terjadwal"  # entries added to videotron playlists
        QUEUED = "queued", "antre"  # pushes waiting for the task
        SENT = "sent", "terkirim"
        PARTIAL = "partial", "sebagian"
        FAILED = "failed", "gagal"
        SKIPPED = "skipped", "dilewati"  # nobody to reach, or already published there

    item = models.ForeignKey(ChannelItem, on_delete=models.CASCADE, related_name="publications")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reached = models.PositiveIntegerField(default=0, help_text="sites given an entry, subscriptions to push")
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0, help_text="subscriptions the push service said are gone")
    detail = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True, help_text="a push's notification, as sent (JSON)")
    actor = models.CharField(max_length=150)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "at", "pk"]
        indexes = [models.Index(fields=["item", "channel"], name="channel_publication_item")]


class VideotronSite(models.Model):
    """A videotron or billboard screen: whose it is, where, its resolution and who operates it. Its
    operator reads its schedule at a link holding ``feed_token`` (no account needed)."""

    name = models.CharField(max_length=200)
    owner = models.CharField(max_length=200, help_text="e.g. Diskominfo Kota Depok")
    region_code = models.CharField(max_length=10, blank=True)
    address = models.CharField(max_length=300)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    operator_name = models.CharField(max_length=200, blank=True)
    operator_contact = models.CharField(max_length=200, blank=True, help_text="the operator's office phone or e-mail")
    takes_items = models.BooleanField(default=True, help_text="announcements of its region join its playlist")
    active = models.BooleanField(default=True)
    feed_token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["region_code", "name"]

    def __str__(self) -> str:
        return self.name


class PlaylistEntry(models.Model):
    """One asset in a site's playlist: shown for ``slot_seconds`` in turn with the others, between
    ``window_start`` and ``window_end`` each day from ``start_date`` to ``end_date``."""

    site = models.ForeignKey(VideotronSite, on_delete=models.CASCADE, related_name="entries")
    asset = models.ForeignKey(ChannelAsset, on_delete=models.PROTECT, related_name="entries")
    item_key = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=200)
    slot_seconds = models.PositiveIntegerField()
    window_start = models.TimeField()
    window_end = models.TimeField()
    start_date = models.DateField()
    end_date = models.DateField()
    position = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["site", "position", "pk"]
        indexes = [models.Index(fields=["site", "position"], name="playlist_site_order")]


class PushSubscription(models.Model):
    """A browser subscribed to a region's notifications. The endpoint is a capability URL of the push
    service: it is never logged nor shown, and whoever holds it may unsubscribe it."""

    endpoint = models.CharField(max_length=1000)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=200)
    region_code = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField()
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "region_code"], name="push_one_per_region"),
        ]
        indexes = [models.Index(fields=["region_code"], name="push_region")]
