"""Parties and their member lists (written by ``parties.services`` and ``parties.members``).

A member listing is personal data: party membership of a named person. Nothing here is ever logged, put
in a URL or an audit summary; a party sees only its own listings.

Listings are never deleted: an upload or a decision that removes one sets ``removed_at`` (and the version
that removed it, when an upload did), so every version of a list can be read back. The party foreign key
carries no database constraint: uploads COPY hundreds of thousands of rows, and a per-row trigger would
dominate their cost; parties are reference data, never deleted (PROTECT in the ORM).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from suara.elections.models import Election


class Party(models.Model):
    """A party taking part in an election: national, or local (Aceh's, province 11 only)."""

    class Kind(models.TextChoices):
        NATIONAL = "nasional", _("Partai politik nasional")
        LOCAL = "lokal", _("Partai politik lokal Aceh")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="parties")
    number = models.PositiveSmallIntegerField(help_text="ballot number (nomor urut)")
    # The party operator's scope code (accounts.roles.ScopeKind.PARTY): lower-case letters, digits, hyphens.
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=40)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    province_code = models.CharField(max_length=2, blank=True, help_text="a local party's province; '' national")
    logo = models.FileField(upload_to="parties/logos/", blank=True)
    source = models.CharField(max_length=500, help_text="the decision that made it a participant")

    class Meta:
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="party_election_number_unique"),
            models.UniqueConstraint(fields=["election", "code"], name="party_election_code_unique"),
            models.CheckConstraint(
                condition=models.Q(kind="nasional", province_code="")
                | models.Q(kind="lokal") & ~models.Q(province_code=""),
                name="party_local_has_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class MemberListVersion(models.Model):
    """One upload of a party's member list: a whole list (what is not in it is removed) or a delta (rows
    added, rows removed). Numbered per party from 1."""

    class Kind(models.TextChoices):
        FULL = "full", _("Daftar lengkap")
        DELTA = "delta", _("Perubahan (tambah/hapus)")

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=5, choices=Kind.choices)
    file_name = models.CharField(max_length=200)
    rows_read = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["party", "number"]
        constraints = [models.UniqueConstraint(fields=["party", "number"], name="member_version_unique")]


class Member(models.Model):
    """One listing: a person on a party's member list, from the version that added it until one removed it."""

    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Status(models.TextChoices):
        UNCHECKED = "", _("Belum diperiksa")
        ELIGIBLE = "MS", _("Memenuhi syarat")
        NOT_YET = "BMS", _("Belum memenuhi syarat")

    class Removal(models.TextChoices):
        UPLOAD = "upload", _("Dihapus oleh unggahan partai")
        WITHDRAWN = "withdrawn", _("Ditarik oleh partai")
        CHOSE_OTHER = "chose_other", _("Memilih partai lain (surat pernyataan)")
        DENIED = "denied", _("Menyangkal keanggotaan")
        COMPLAINT = "complaint", _("Aduan pencatutan dikabulkan")

    party = models.ForeignKey(Party, on_delete=models.PROTECT, db_constraint=False, related_name="members")
    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=150)
    name_key = models.CharField(max_length=150, help_text="people.names.name_key(name): what a lookup compares")
    sex = models.CharField(max_length=1, choices=Sex.choices)
    birth_date = models.DateField()
    desa_code = models.CharField(max_length=10, help_text="Kemendagri desa code, as listed")
    kabkota_code = models.CharField(max_length=4, help_text="the desa code's first four digits")
    address = models.CharField(max_length=250, blank=True)
    occupation = models.CharField(max_length=100, blank=True)
    kta = models.CharField(max_length=40, blank=True, help_text="the party's membership card number")
    added_version = models.PositiveIntegerField()
    added_at = models.DateTimeField()
    removed_version = models.PositiveIntegerField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(max_length=12, choices=Removal.choices, blank=True)
    status = models.CharField(max_length=3, choices=Status.choices, blank=True, default="")
    reasons = models.PositiveIntegerField(default=0, help_text="parties.reasons.MemberReason bits")
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # Current listings only: the lookups, the cross-checks and the watch read these.
            models.Index(fields=["nik"], name="member_current_nik", condition=models.Q(removed_at__isnull=True)),
            models.Index(
                fields=["party", "kabkota_code"],
                name="member_current_party_kab",
                condition=models.Q(removed_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(removed_at__isnull=True, removed_reason="")
                | models.Q(removed_at__isnull=False) & ~models.Q(removed_reason=""),
                name="member_removal_has_reason",
            ),
        ]
