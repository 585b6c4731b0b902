"""Hoax clarifications: the claim as it circulated, its verdict and explanation, and every version kept
(written by ``information.services``); what the search reads (kept by a trigger on PostgreSQL); and the
rumours citizens report, grouped, for the officers' inbox (``information.services_rumours``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from suara.information.verdicts import Verdict


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    TIKTOK = "tiktok", "TikTok"
    INSTAGRAM = "instagram", "Instagram"
    WHATSAPP = "whatsapp", "WhatsApp"
    YOUTUBE = "youtube", "YouTube"
    OTHER = "lainnya", "Lainnya"


class Clarification(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        PUBLISHED = "published", "Terbit"

    claim = models.TextField(help_text="the claim as it circulated")
    platform = models.CharField(max_length=10, choices=Platform.choices)
    appearance_url = models.URLField(max_length=500, blank=True, help_text="where it appeared")
    first_seen = models.DateField(null=True, blank=True)
    verdict = models.CharField(max_length=12, choices=[(v.value, v.value) for v in Verdict])
    # The answers to verdicts.QUESTIONS that determine the verdict.
    facts_true = models.BooleanField()
    misleading_frame = models.BooleanField()
    fabricated = models.BooleanField()
    intent_to_deceive = models.BooleanField()
    explanation = models.TextField()
    evidence = models.JSONField(default=list, help_text="evidence links: KPU documents, Kominfo, Cekfakta")
    region_code = models.CharField(max_length=10, blank=True, help_text="the region concerned; '' national")
    # matching.search_document(claim, explanation): the SQLite fallback's tokens, and PostgreSQL's
    # text-search document (``SearchEntry``).
    search_document = models.TextField(default="", editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    publisher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "-published_at"], name="clarification_public")]

    def __str__(self) -> str:
        return f"[{self.verdict}] {self.claim[:60]}"


class ClarificationVersion(models.Model):
    """A clarification as it stood after each write: version 1 the draft, then every edit."""

    clarification = models.ForeignKey(Clarification, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.JSONField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clarification", "number"], name="clarification_version_once")]
        ordering = ["clarification", "number"]


class SearchEntry(models.Model):
    """A published clarification as PostgreSQL's search reads it: its id, when it was published and
    ``to_tsvector('indonesian', search_document)``, with a GIN index. Narrow on purpose: ranking a query
    that matches hundreds of clarifications reads each match's row, and these rows are a third of the
    clarification's. Kept by a trigger on ``information_clarification`` (migration 0002: a row for each
    published clarification, rewritten when it changes), so every writer, the services and a bulk load
    alike, keeps the search current. Empty on SQLite, whose fallback reads the clarification itself."""

    clarification = models.OneToOneField(Clarification, on_delete=models.CASCADE, primary_key=True, related_name="+")
    published_at = models.DateTimeField()
    vector = SearchVectorField(null=True)


class SearchWord(models.Model):
    """Every word (3 to 40 characters) of a published clarification's search document, for the typo-tolerant
    search: a misspelt word is looked up here by trigram similarity (pg_trgm, its own index; migration
    0002), a far smaller search than over whole documents. Kept by the same trigger; never pruned (a word
    whose clarifications changed finds nothing, which is the answer). Empty on SQLite."""

    word = models.CharField(max_length=40, primary_key=True)


class RumourGroup(models.Model):
    """Reports of the same rumour (``information.grouping``), counted; the officers' inbox lists them, the
    most reported first. Answered: linked to a clarification (its reporters are told once it is published);
    dismissed: with the reason, its reporters' contacts erased."""

    class Status(models.TextChoices):
        OPEN = "open", "Terbuka"
        ANSWERED = "answered", "Dijawab"
        DISMISSED = "dismissed", "Diabaikan"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    summary = models.CharField(max_length=300, help_text="the first report's text, shortened")
    report_count = models.PositiveIntegerField(default=0)
    first_reported_at = models.DateTimeField()
    last_reported_at = models.DateTimeField()
    clarification = models.ForeignKey(
        Clarification, on_delete=models.PROTECT, null=True, blank=True, related_name="rumour_groups"
    )
    dismissed_reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "-report_count", "-last_reported_at"], name="rumour_inbox"),
        ]


class RumourReport(models.Model):
    """One citizen's report: what circulated, where (a link), a screenshot kept privately, and optionally
    a contact to tell when the answer is published. The contact is the only personal datum: kept in one
    column, erased once the reporter is notified, when the group is dismissed, and after
    ``SUARA_RUMOUR_CONTACT_DAYS`` in any case (``information.notify``); never logged, audited or shown."""

    class ContactKind(models.TextChoices):
        NONE = "", "—"
        PHONE = "phone", "SMS"
        EMAIL = "email", "E-mail"

    class Notice(models.TextChoices):
        NONE = "", "—"
        SENDING = "sending", "dikirim"
        SENT = "sent", "terkirim"
        QUEUED = "queued", "antre SMS"
        FAILED = "failed", "gagal"
        EXPIRED = "expired", "kedaluwarsa"

    group = models.ForeignKey(RumourGroup, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField()
    text_normalised = models.TextField(help_text="similarity.normalise(text): what grouping compares")
    link = models.URLField(max_length=500, blank=True)
    link_key = models.CharField(max_length=500, blank=True, help_text="similarity.url_key(link)")
    screenshot_sha256 = models.CharField(max_length=64, blank=True)
    screenshot_extension = models.CharField(max_length=4, blank=True)
    screenshot_dhash = models.BigIntegerField(null=True, blank=True, help_text="64-bit difference hash, signed")
    contact_kind = models.CharField(max_length=5, choices=ContactKind.choices, blank=True)
    contact = models.CharField(max_length=254, blank=True)
    notice = models.CharField(max_length=8, choices=Notice.choices, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["group", "-created_at"], name="rumour_report_group"),
            # The reports still holding a contact (few): notification and the retention sweep find them.
            models.Index(fields=["created_at"], name="rumour_report_contact", condition=~models.Q(contact="")),
        ]


class RumourKey(models.Model):
    """A key under which a group is found by a new report (``similarity.report_keys``): its normalised
    link, a band of a screenshot's difference hash, a band of a text's MinHash. A new report reads the
    groups sharing any of its keys and compares only with those."""

    key = models.CharField(max_length=40)
    group = models.ForeignKey(RumourGroup, on_delete=models.CASCADE, related_name="keys")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "group"], name="rumour_key_once")]
