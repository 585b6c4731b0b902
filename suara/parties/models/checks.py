"""The membership checks' own tables (written by ``parties.checks``): the imported list of election
officers' and KPU staff's NIKs, the population per kab/kota behind the membership requirement, each run
of the checks per party, and the decisions that resolved a double membership."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from suara.parties.models.core import Member, Party


class OfficerNik(models.Model):
    """A NIK on the imported list of election officers and KPU staff (personal data: never shown whole,
    never logged). Replaced whole by each import."""

    nik = models.CharField(max_length=16)
    source = models.CharField(max_length=300, help_text="where the list came from, as the importer named it")
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nik"], name="officer_nik_unique")]


class KabkotaPopulation(models.Model):
    """A kab/kota's population, for the membership requirement; one figure per kab/kota, the latest import."""

    kabkota_code = models.CharField(max_length=4, help_text="Kemendagri kab/kota code (four digits)")
    population = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=300)
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kabkota_code"], name="kabkota_population_unique")]


class PartyCheck(models.Model):
    """The last run of the checks over a party's current list: when, on which check date, the counts."""

    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="last_check")
    checked_at = models.DateTimeField()
    check_date = models.DateField(help_text="the day age is reckoned on")
    listings = models.PositiveIntegerField(default=0)
    eligible = models.PositiveIntegerField(default=0)
    double = models.PositiveIntegerField(default=0, help_text="listings another party lists too")


class MembershipDecision(models.Model):
    """How a double membership was resolved: a party withdrew its listing, the person's signed statement
    chose one party (the others' listings removed), or the person denied both (all removed)."""

    class Kind(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Ditarik oleh partai")
        CHOSE = "chose", _("Surat pernyataan memilih satu partai")
        DENIED = "denied", _("Menyangkal keanggotaan di kedua partai")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    nik = models.CharField(max_length=16)
    kept = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    removed = models.PositiveSmallIntegerField(help_text="listings removed by the decision")
    statement_sha256 = models.CharField(max_length=64, blank=True)
    statement_type = models.CharField(max_length=40, blank=True)
    decided_by = models.CharField(max_length=150)
    role = models.CharField(max_length=40)
    decided_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["nik"], name="membership_decision_nik")]
