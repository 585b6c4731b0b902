"""Announcements of KPU offices and the city's Diskominfo, their versions, and the change stamps of the
regions that public caches tag their answers with. Written by ``announcements.services``.

An announcement is published when it is scheduled and its time has come (``workflow.phase_of``); the
public reads go through ``selectors.published_announcements`` (the rule, for any channel) and
``listing`` (the public pages', feeds' and API's one-query reads with their ETags)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from suara.announcements.rules import Category
from suara.announcements.workflow import State


class Announcement(models.Model):
    """One announcement. Its public fields (``rules.PUBLIC_FIELDS``) are the current version's; each
    approval and each correction keeps them as an ``AnnouncementVersion``."""

    region_code = models.CharField(max_length=10, blank=True, help_text="the region it concerns; '' national")
    category = models.CharField(max_length=12, choices=[(c.value, c.value) for c in Category])
    title = models.CharField(max_length=200)
    body = models.TextField()
    title_en = models.CharField(max_length=200, blank=True, default="")
    body_en = models.TextField(blank=True, default="")
    # An event it announces (a deadline, a briefing, voting day), for calendars (iCal); None: no event.
    event_start = models.DateTimeField(null=True, blank=True)
    event_end = models.DateTimeField(null=True, blank=True)
    event_location = models.CharField(max_length=200, blank=True, default="")
    # [{"sha256", "extension", "name", "size", "content_type"}]: files kept in PRIVATE_DIR (files.py),
    # served only while the announcement is published.
    attachments = models.JSONField(default=list)
    # Who speaks, as the public sees it: "KPU Kota Depok", "Diskominfo Kota Depok".
    issuer = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=[(s.value, s.value) for s in State], default=State.DRAFT)
    publish_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0, help_text="the current version's number; 0 before approval")
    # [{"at", "note", "changed": [field names], "version"}]: the corrections shown publicly, oldest first.
    corrections = models.JSONField(default=list)
    review_note = models.TextField(blank=True, default="", help_text="why a reviewer sent it back")
    withdraw_reason = models.TextField(blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The ids of every officer who wrote the content since its last approval: none of them approves it.
    writer_ids = models.JSONField(default=list)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    corrected_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The national list (every announcement) newest first, and what is due next.
            models.Index(fields=["state", "publish_at", "id"], name="announcement_due"),
            # A region's list: its own code, or the range of its subtree's codes.
            models.Index(fields=["region_code", "state", "publish_at"], name="announcement_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code or 'nasional'}: {self.title[:60]}"


class AnnouncementVersion(models.Model):
    """The public fields as approved (and as each correction left them), with the correction's note."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.JSONField()
    note = models.TextField(blank=True, default="", help_text="a correction's note; '' for an approval")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["announcement", "number"], name="announcement_version_once")]
        ordering = ["announcement", "number"]


class AnnouncementStamp(models.Model):
    """A region's change counters, for the tags of public answers (``listing``). A write that changes what
    the public already sees (a correction, a withdrawal) of an announcement of region X adds one to X's
    ``own`` and to the ``subtree`` of X and of every region above it, the nation ('') included. A region's
    list covers its subtree and the regions above it, so its stamp is its ``subtree`` plus the ``own`` of
    each region above: it changes exactly when a write changed something the list shows. (What a
    scheduled announcement's time changes, the tag reads from the list's latest time.)"""

    code = models.CharField(max_length=10, primary_key=True, blank=True)
    own = models.PositiveBigIntegerField(default=0)
    subtree = models.PositiveBigIntegerField(default=0)
