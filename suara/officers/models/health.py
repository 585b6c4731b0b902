"""Health on election day (written by ``officers.health.services_election_day`` only): the KPPS chair's
check-ins, the alerts the periodic job raises when one is missed or a TPS still counts after midnight,
incidents, and the health facilities near the TPS. Screenings are ``core.Screening``. Specific personal
data under UU PDP: an audit event names an officer's record id, never a value."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from suara.elections.models import Election
from suara.officers.models.core import Officer


class CheckIn(models.Model):
    """A KPPS chair's check-in for its TPS at one slot (``health.slots``): everyone present and well, or
    the roster's officers who are not. One per TPS and slot: a resend changes nothing."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="+")
    tps_code = models.CharField(max_length=13)
    slot = models.CharField(max_length=12)
    all_well = models.BooleanField()
    unwell = models.JSONField(default=list, help_text="officer record ids of the TPS's roster")
    by = models.CharField(max_length=150)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "tps_code", "slot"], name="checkin_one_per_slot"),
        ]


class HealthAlert(models.Model):
    """A missed check-in (``missed``, per slot) or a TPS still counting after midnight (``relief``): shown
    to the TPS's PPS and PPK and the region's health officer until resolved (a late check-in resolves a
    missed one; a finish or the TPS's result resolves relief)."""

    class Kind(models.TextChoices):
        MISSED = "missed", _("Lapor kesehatan terlewat")
        RELIEF = "relief", _("Masih menghitung lewat tengah malam: perlu petugas pengganti")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="+")
    tps_code = models.CharField(max_length=13)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    slot = models.CharField(max_length=12, blank=True)
    raised_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "tps_code", "kind", "slot"], name="health_alert_once"),
        ]
        indexes = [models.Index(fields=["election", "resolved_at", "tps_code"], name="health_alert_open")]


class Incident(models.Model):
    """An officer unwell on duty, referred to the puskesmas, hospitalised or dead, with a symptom code
    (``health.aggregates.Symptom``)."""

    class Kind(models.TextChoices):
        UNWELL = "sakit", _("Sakit")
        REFERRED = "rujuk", _("Dirujuk ke puskesmas")
        HOSPITALISED = "rawat_inap", _("Dirawat inap")
        DIED = "meninggal", _("Meninggal dunia")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="incidents")
    tps_code = models.CharField(max_length=13, help_text="the officer's posting")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    symptom = models.CharField(max_length=12)
    occurred_at = models.DateTimeField()
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["election", "tps_code"], name="incident_tps")]


class HealthFacility(models.Model):
    """A puskesmas or hospital, by the region (KPU code of a desa, kecamatan or kab/kota) it serves."""

    class Kind(models.TextChoices):
        PUSKESMAS = "puskesmas", _("Puskesmas")
        HOSPITAL = "rs", _("Rumah sakit")

    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    region_code = models.CharField(max_length=10)
    phone = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["region_code"], name="facility_region")]
