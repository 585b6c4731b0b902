"""Voter data shared on purpose and on record: agreements, the extracts made under them and who is in each,
the partner API's keys and reads, and breach records. Written only by the sharing services; no personal
data here but which voter (by row id) went where."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from suara.accounts.models import ApiToken, Organisation
from suara.sharing.rules import AGGREGATION_LABELS, LEGAL_BASIS_LABELS
from suara.voters.models import Voter


class Agreement(models.Model):
    """A data-sharing agreement (perjanjian berbagi data): to whom, for what, on which ground, which fields,
    how aggregated, where and when, with its impact assessment; drafted, then approved by KPU RI (a second
    officer) or revoked. Its state on a day is ``rules.agreement_state``."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        APPROVED = "approved", "Disetujui"
        REVOKED = "revoked", "Dicabut"

    recipient = models.CharField(max_length=200, help_text="the recipient agency, as the agreement names it")
    # The organisation whose operators may hold the agreement's partner API keys (None: no partner API).
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    purpose = models.TextField()
    legal_basis = models.CharField(
        max_length=20, choices=[(b.value, str(label)) for b, label in LEGAL_BASIS_LABELS.items()]
    )
    legal_reference = models.CharField(max_length=300, blank=True, help_text="the MoU or regulation, by its number")
    fields = models.JSONField(default=list, help_text="the field names allowed (rules.FIELDS), in its order")
    sensitive = models.BooleanField(default=False, help_text="NIK or KK allowed: flagged as sensitive identifiers")
    aggregation = models.CharField(
        max_length=10, choices=[(a.value, str(label)) for a, label in AGGREGATION_LABELS.items()]
    )
    region_code = models.CharField(max_length=10, blank=True, help_text="'' national")
    period_start = models.DateField()
    period_end = models.DateField(help_text="the last day it works (WIB); expired from the next")
    # The impact assessment (DPIA), a PDF in the private folder under its SHA-256.
    dpia_sha256 = models.CharField(max_length=64)
    dpia_name = models.CharField(max_length=150)
    dpia_size = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "region_code"], name="agreement_status_region")]

    def __str__(self) -> str:
        return f"perjanjian #{self.pk} ({self.recipient})"


class Extract(models.Model):
    """One extract written under an agreement by the jobs framework: who asked, when, where, which fields,
    how many rows, and its fingerprint's key id (the secret is derived from it, never stored)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="extracts")
    job = models.OneToOneField("jobs.Job", null=True, on_delete=models.SET_NULL, related_name="+")
    requested_by = models.CharField(max_length=150)
    role = models.CharField(max_length=32)
    created_at = models.DateTimeField()
    region_code = models.CharField(max_length=10, blank=True)
    fields = models.JSONField(default=list)
    aggregation = models.CharField(max_length=10)
    rows = models.PositiveIntegerField(help_text="real rows (voters, or groups of a count), markers not counted")
    key_id = models.CharField(max_length=32, unique=True, help_text="the fingerprint's key id")
    # The marker records mixed in (made-up people, never real: rules in fingerprint.py), with their tokens.
    markers = models.JSONField(default=list)
    file_name = models.CharField(max_length=100)
    file_sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"ekstrak #{self.pk}"


class ExtractRow(models.Model):
    """A voter whose record went into an extract of individual rows: the citizen's view and the trace read
    these. No database foreign key on the voter (written by COPY, as the register's own events)."""

    extract = models.ForeignKey(Extract, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, db_constraint=False, related_name="+")

    def __str__(self) -> str:
        return f"ekstrak #{self.extract_id}: pemilih #{self.voter_id}"


class PartnerKey(models.Model):
    """An API token bound to an agreement: its partner reads what the agreement allows, while it works."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="partner_keys")
    token = models.OneToOneField(ApiToken, on_delete=models.PROTECT, related_name="+")
    key_id = models.CharField(max_length=32, unique=True, help_text="the fingerprint's key id of its rows")
    issued_by = models.CharField(max_length=150)
    issued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"kunci mitra #{self.pk}"


class PartnerRead(models.Model):
    """One partner API call: when, where, how many rows."""

    key = models.ForeignKey(PartnerKey, on_delete=models.PROTECT, related_name="reads")
    at = models.DateTimeField()
    region_code = models.CharField(max_length=10, blank=True)
    fields = models.JSONField(default=list)
    page = models.PositiveIntegerField()
    rows = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"baca mitra #{self.pk}"


class PartnerReadRow(models.Model):
    """A voter whose record a partner read as an individual row (the citizen's view reads these)."""

    read = models.ForeignKey(PartnerRead, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, db_constraint=False, related_name="+")

    def __str__(self) -> str:
        return f"baca mitra #{self.read_id}: pemilih #{self.voter_id}"


class Breach(models.Model):
    """A personal data breach (UU PDP art. 46): when it was found, what happened, what is done and whom to
    contact, the agreements and extracts affected, and when its notices went out (the 3 × 24 hour clock:
    ``rules.breach_clock``)."""

    found_at = models.DateTimeField()
    description = models.TextField()
    measures = models.TextField(help_text="what is done about it")
    contact = models.CharField(max_length=300)
    evidence = models.TextField(blank=True, help_text="what the trace found (counts and markers), if any")
    agreements = models.ManyToManyField(Agreement, related_name="breaches", blank=True)
    extracts = models.ManyToManyField(Extract, related_name="breaches", blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)
    notified_by = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return f"insiden #{self.pk}"
