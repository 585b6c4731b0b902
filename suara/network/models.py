"""The tables of the network readiness of the TPS: the operators (data, loaded by the migration from
``data/operators.csv``), the observations of a TPS's signal, and the remediation actions with their TPS
and history. A TPS's readiness class is not stored: the rules (``rules.py``) derive it from the
observations when it is read, so the age limit applies without any job."""

from __future__ import annotations

from django.db import models

from suara.network.rules import Kind, Remedy, Source, Status


class Operator(models.Model):
    code = models.CharField(max_length=20, primary_key=True)
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("order", "code")

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One operator's signal at one TPS, as seen at one time: a survey writes one per operator it names
    (sharing its ``submission`` id, so a resend is recognised), an imported list one per row."""

    tps_code = models.CharField(max_length=13)
    # No database constraint: a COPY of 823k rows would fire one foreign-key check per row (most of an
    # import's database time); every writer checks the code against the operators (data, never deleted).
    operator = models.ForeignKey(Operator, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    kind = models.CharField(max_length=5, choices=[(k.value, k.value) for k in Kind])
    source = models.CharField(max_length=12, choices=[(s.value, s.value) for s in Source])
    observed_at = models.DateTimeField()
    effective_type = models.CharField(max_length=8, blank=True)  # the browser's, when it says
    probe_ms = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)  # only when the officer allowed it
    longitude = models.FloatField(null=True, blank=True)
    submission = models.UUIDField(null=True, blank=True)  # the survey's id (the device's); None for imports
    job_id = models.BigIntegerField(null=True, blank=True)  # the import job that wrote it
    recorded_by = models.CharField(max_length=150)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["tps_code", "observed_at"], name="network_obs_tps_time")]
        constraints = [
            # Surveys only: an imported row has no submission and so no entry in this index.
            models.UniqueConstraint(
                fields=["submission", "operator"],
                condition=models.Q(submission__isnull=False),
                name="network_obs_submission_operator",
            )
        ]


class Remediation(models.Model):
    """What the city's Diskominfo does about the signal of one TPS or a group of TPS of its kab/kota."""

    city_code = models.CharField(max_length=4, db_index=True)
    area_code = models.CharField(max_length=13)  # the smallest region (or the TPS) holding all its TPS
    remedy = models.CharField(max_length=20, choices=[(r.value, r.value) for r in Remedy])
    owner = models.CharField(max_length=120)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=[(s.value, s.value) for s in Status], default=Status.OPEN)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()


class RemediationTps(models.Model):
    remediation = models.ForeignKey(Remediation, on_delete=models.CASCADE, related_name="tps")
    tps_code = models.CharField(max_length=13, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["remediation", "tps_code"], name="network_remediation_tps")]


class RemediationEvent(models.Model):
    """One step of an action's history: its creation or a change, who made it, what changed."""

    remediation = models.ForeignKey(Remediation, on_delete=models.CASCADE, related_name="events")
    version = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    status = models.CharField(max_length=12)
    changes = models.JSONField(default=dict)  # field → [before, after]; {} for the creation

    class Meta:
        ordering = ("remediation", "version")
