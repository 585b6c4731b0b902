"""Hoax clarifications: the claim as it circulated, its verdict and explanation, and every version kept.
Written by ``information.services``."""

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
    # text-search document.
    search_document = models.TextField(default="", editable=False)
    # PostgreSQL: to_tsvector('indonesian', search_document), kept by a trigger (migration 0001) so that a
    # search neither parses nor stems a document again; a GIN index over it. NULL (unused) on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
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
