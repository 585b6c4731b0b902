"""Factual verification on a sample (written only by ``parties.verification.services``).

A sample is drawn once per party per kab/kota from the party's eligible (MS) listings there (the frame,
kept here in its order so that the list export of the sample is the frame it was drawn from, whatever the
list became since). Its seed, algorithm and the frame's digest are published with it so that anyone
redraws it (``tools/redraw_sample.py``). A sampled member's name is personal data: the party operator
sees it masked.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from suara.parties.models.core import Member, Party


class VerificationSample(models.Model):
    class Result(models.TextChoices):
        OPEN = "", _("Belum selesai")
        ELIGIBLE = "MS", _("Memenuhi syarat")
        NOT_ELIGIBLE = "TMS", _("Tidak memenuhi syarat")

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="verification_samples")
    kabkota_code = models.CharField(max_length=4)
    algorithm = models.CharField(max_length=40)
    seed = models.CharField(max_length=32, help_text="128 random bits as hex, published")
    population = models.PositiveIntegerField(help_text="N: the frame's size")
    size = models.PositiveIntegerField(help_text="n: Krejcie–Morgan's size for N")
    start = models.PositiveIntegerField(help_text="t: the start, from the seed")
    frame_digest = models.CharField(max_length=64)
    frame = models.TextField(help_text="the frame's listing ids in frame order, space-separated")
    required_ms = models.PositiveIntegerField(help_text="MS members the sample needs for the party to pass")
    pass_rule = models.CharField(max_length=80)
    drawn_by = models.CharField(max_length=150)
    drawn_at = models.DateTimeField()
    result = models.CharField(max_length=3, choices=Result.choices, blank=True, default="")
    ms_count = models.PositiveIntegerField(null=True, blank=True)
    finalised_by = models.CharField(max_length=150, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["party", "kabkota_code"]
        constraints = [
            models.UniqueConstraint(fields=["party", "kabkota_code"], name="verification_sample_unique"),
        ]

    def frame_ids(self) -> list[int]:
        return [int(part) for part in self.frame.split()]


class SampledMember(models.Model):
    """A listing in a sample: one of the n drawn, or the one replacement of a drawn member decided TMS."""

    class Kind(models.TextChoices):
        SAMPLE = "sampel", _("Sampel")
        REPLACEMENT = "pengganti", _("Pengganti")

    class Outcome(models.TextChoices):
        UNDECIDED = "", _("Belum diputuskan")
        CONFIRMED = "confirmed", _("Mengakui sebagai anggota")
        DENIES = "denies", _("Menyangkal keanggotaan")
        NOT_FOUND = "not_found", _("Tidak ditemui")
        MOVED = "moved", _("Pindah domisili")
        DECEASED = "deceased", _("Meninggal dunia")

    class Decision(models.TextChoices):
        UNDECIDED = "", _("Belum diputuskan")
        ELIGIBLE = "MS", _("Memenuhi syarat")
        NOT_ELIGIBLE = "TMS", _("Tidak memenuhi syarat")

    sample = models.ForeignKey(VerificationSample, on_delete=models.PROTECT, related_name="members")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, db_constraint=False, related_name="+")
    position = models.PositiveIntegerField(help_text="the listing's position in the frame, from 0")
    kind = models.CharField(max_length=9, choices=Kind.choices)
    number = models.PositiveIntegerField(help_text="1..n in the sample; a replacement's place in the reserve")
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replacement")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    decision = models.CharField(max_length=3, choices=Decision.choices, blank=True, default="")
    decision_key = models.CharField(max_length=64, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sample", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "position"], name="sampled_member_position_unique"),
            models.UniqueConstraint(fields=["sample", "kind", "number"], name="sampled_member_number_unique"),
        ]


class VerificationAttempt(models.Model):
    """One try to meet a sampled member, in the order of PKPU 4/2022's practice: at home, at a gathering at
    the party's office, by video call."""

    class Method(models.TextChoices):
        HOME = "rumah", _("Kunjungan ke rumah")
        OFFICE = "kantor", _("Dikumpulkan di kantor partai")
        VIDEO = "video", _("Panggilan video")

    class Finding(models.TextChoices):
        CONFIRMED = "confirmed", _("Ditemui: mengakui sebagai anggota")
        DENIES = "denies", _("Ditemui: menyangkal keanggotaan")
        NOT_MET = "not_met", _("Tidak ditemui")
        MOVED = "moved", _("Pindah domisili")
        DECEASED = "deceased", _("Meninggal dunia")

    sampled = models.ForeignKey(SampledMember, on_delete=models.PROTECT, related_name="attempts")
    method = models.CharField(max_length=6, choices=Method.choices)
    finding = models.CharField(max_length=9, choices=Finding.choices)
    note = models.CharField(max_length=500, blank=True)
    attempted_at = models.DateTimeField(help_text="when the verifier tried (the device's clock, perhaps offline)")
    key = models.CharField(max_length=64, help_text="the client's idempotency key")
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["sampled", "attempted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recorded_by", "key"], name="verification_attempt_key_unique"),
            models.UniqueConstraint(fields=["sampled", "method"], name="verification_attempt_method_unique"),
        ]
