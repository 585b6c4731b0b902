"""The quick count's tables: the survey institutions KPU registered, each quick count with its design and
drawn sample, its enumerators and their reports, and its estimates over time. Apart from the official
count: nothing here is read by the results app. Written by ``quickcount.services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suara.accounts.models import Organisation
from suara.elections.models import Contest


class SurveyInstitution(models.Model):
    """A survey institution registered with KPU for the quick count (PKPU 9/2022): what KPU publishes of it."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="survey_institution")
    legal_entity = models.CharField(max_length=200, help_text="badan hukum")
    registration_letter = models.CharField(max_length=200, help_text="surat/sertifikat terdaftar KPU")
    methodology = models.TextField(help_text="pernyataan metodologi")
    funding_source = models.CharField(max_length=300)
    sample_size = models.PositiveIntegerField(null=True, blank=True, help_text="TPS its quick count samples")
    contact = models.CharField(max_length=200)
    registered_on = models.DateField()

    class Meta:
        ordering = ["organisation__name"]


class QuickCount(models.Model):
    class Allocation(models.TextChoices):
        PROPORTIONAL = "proporsional", _("proporsional")
        NEYMAN = "neyman", _("Neyman")

    class Status(models.TextChoices):
        DESIGNED = "designed", _("dirancang")
        DRAWN = "drawn", _("sampel ditarik")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="quick_counts")
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    margin = models.FloatField(help_text="target margin of error, a share (0.01 = 1 point)")
    confidence = models.FloatField(default=0.95)
    sample_size = models.PositiveIntegerField()
    design_effect = models.FloatField()
    allocation = models.CharField(max_length=12, choices=Allocation.choices, default=Allocation.PROPORTIONAL)
    reserve_rate = models.FloatField(default=0.1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DESIGNED)
    # Published with the draw: the algorithm, its seed, the frame's digest and size, n_h and r_h per stratum.
    algorithm = models.CharField(max_length=40, blank=True)
    seed = models.CharField(max_length=32, blank=True)
    frame_digest = models.CharField(max_length=64, blank=True)
    frame_tps = models.PositiveIntegerField(default=0)
    strata = models.JSONField(default=dict, blank=True, help_text="stratum -> {frame, sample, reserve}")
    created_at = models.DateTimeField()
    drawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class SampledTps(models.Model):
    class Kind(models.TextChoices):
        SAMPLE = "sampel", _("sampel")
        RESERVE = "cadangan", _("cadangan")

    quick_count = models.ForeignKey(QuickCount, on_delete=models.CASCADE, related_name="tps")
    tps_code = models.CharField(max_length=13)
    stratum = models.CharField(max_length=80)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    order = models.PositiveIntegerField(help_text="its place in the stratum's draw, from 1")
    registered = models.PositiveIntegerField(null=True, blank=True)
    enumerator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quick_count", "tps_code"], name="quickcount_tps_once")]
        ordering = ["quick_count", "stratum", "kind", "order"]


class QuickCountReport(models.Model):
    """A sampled TPS's numbers as its enumerator reported them: once per TPS (a retry with the same
    submission id and numbers answers the stored report)."""

    quick_count = models.ForeignKey(QuickCount, on_delete=models.CASCADE, related_name="reports")
    tps_code = models.CharField(max_length=13)
    stratum = models.CharField(max_length=80)
    tally = models.JSONField()
    votes = models.JSONField(help_text="votes per candidate, in ballot order")
    voted = models.PositiveIntegerField(default=0)
    registered = models.PositiveIntegerField(default=0)
    submission_id = models.CharField(max_length=64)
    reported_by = models.CharField(max_length=150)
    reported_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quick_count", "tps_code"], name="quickcount_report_once")]
        ordering = ["reported_at"]


class EstimateSnapshot(models.Model):
    """The estimate at a moment of the count, for the chart of estimates over time (at most one a minute)."""

    quick_count = models.ForeignKey(QuickCount, on_delete=models.CASCADE, related_name="snapshots")
    at = models.DateTimeField()
    reports = models.PositiveIntegerField()
    body = models.JSONField()

    class Meta:
        ordering = ["at"]
