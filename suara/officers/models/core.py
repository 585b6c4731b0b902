"""Ad-hoc officers: people, not accounts (written by ``officers.services`` and the importers).

An officer record is a person in one body of one election, from application to the end of the term,
with the history of its statuses. Only those who sign in (a KPPS chair, PPS, PPK) have an account,
linked here. The record holds personal data (NIK, KK, name with birth date, contact): nothing of it is
ever logged, put in a URL or an audit summary (the audit names the record's id).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suara.elections.models import Election
from suara.officers.bodies import Body, Education, Position, Status


class Officer(models.Model):
    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Marital(models.TextChoices):
        SINGLE = "B", _("Belum kawin")
        MARRIED = "S", _("Sudah kawin")
        WAS_MARRIED = "P", _("Pernah kawin")

    class Source(models.TextChoices):
        FORM = "form", _("Formulir pendaftaran")
        IMPORT = "import", _("Impor berkas")
        SATPOL_PP = "satpol_pp", _("Usulan Satpol PP (Linmas)")

    # No database constraint on the foreign keys of the officer tables: imports write hundreds of thousands
    # of rows, and a per-row trigger costs a third of their database time (elections are never deleted;
    # PROTECT and CASCADE still hold in the ORM).
    # No index of its own either: the two below lead with the election.
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, db_constraint=False, db_index=False, related_name="+"
    )
    body = models.CharField(max_length=10, choices=[(b.value, b.value) for b in Body])
    # The kecamatan (PPK), desa (PPS) or TPS (KPPS, Pantarlih, Linmas) code of KPU's geography.
    posting_code = models.CharField(max_length=13)
    position = models.CharField(max_length=7, choices=[(p.value, p.value) for p in Position], blank=True)
    nik = models.CharField(max_length=16)
    kk = models.CharField(max_length=16, blank=True, help_text="family card: a spouse in the same body")
    name = models.CharField(max_length=150)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    birth_date = models.DateField()
    marital = models.CharField(max_length=1, choices=Marital.choices, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=250, blank=True)
    domicile_code = models.CharField(max_length=10, help_text="the KPU desa code where the person lives")
    education = models.CharField(max_length=3, choices=[(e.value, e.value) for e in Education], blank=True)
    occupation = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=24, choices=[(s.value, s.value) for s in Status], default=Status.APPLICANT)
    reasons = models.PositiveIntegerField(default=0, help_text="the eligibility rules' reason bits")
    flags = models.PositiveIntegerField(default=0, help_text="preferences noted, not bars (age over 55)")
    term_start = models.DateField(null=True, blank=True)
    term_end = models.DateField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="officer"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    applied_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        # Every index is written for each of an import's rows, and one keyed by NIK (in random order) costs
        # as much as the row itself. So one index by NIK: the unique one, NIK before body, which also
        # answers "this NIK's records in the election" (screening, rosters, the import's own check).
        indexes = [
            models.Index(fields=["election", "body", "posting_code", "status"], name="officer_posting_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["election", "nik", "body"], name="officer_one_application_per_body"),
        ]


class OfficerStatusChange(models.Model):
    """One step of an officer's history: the status it took, why, when and by whom."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, db_constraint=False, related_name="history")
    status = models.CharField(max_length=24, choices=[(s.value, s.value) for s in Status])
    reasons = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)
    actor = models.CharField(max_length=150)
    at = models.DateTimeField()

    class Meta:
        ordering = ["officer", "at", "id"]


class Screening(models.Model):
    """One health screening of an officer (before appointment): measurements, known conditions, the BPJS
    screening's result and a doctor's clearance, with the risk category the rules gave it
    (``officers.health`` holds the rules). Specific personal data under UU PDP: every view of a person's
    screening is audited, and only the region's health officers and the officer's own KPU office see it."""

    class Risk(models.TextChoices):
        LOW = "rendah", _("Rendah")
        MEDIUM = "sedang", _("Sedang")
        HIGH = "tinggi", _("Tinggi")

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="screenings")
    screened_on = models.DateField()
    systolic = models.PositiveSmallIntegerField(null=True, blank=True, help_text="mmHg")
    diastolic = models.PositiveSmallIntegerField(null=True, blank=True, help_text="mmHg")
    fasting_glucose = models.PositiveSmallIntegerField(null=True, blank=True, help_text="mg/dL")
    total_cholesterol = models.PositiveSmallIntegerField(null=True, blank=True, help_text="mg/dL")
    conditions = models.PositiveIntegerField(default=0, help_text="known conditions' bits (officers.health)")
    bpjs_result = models.CharField(max_length=20, blank=True, help_text="the BPJS screening's own category")
    risk = models.CharField(max_length=6, choices=Risk.choices)
    risk_reasons = models.PositiveIntegerField(default=0, help_text="the risk rules' reason bits")
    cleared_by_doctor = models.CharField(max_length=150, blank=True, help_text="the clearing doctor's name")
    cleared_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["officer", "-screened_on", "-id"]
        indexes = [models.Index(fields=["officer", "-screened_on"], name="screening_latest")]
