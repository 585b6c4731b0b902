"""Elections, their contests (ballot types) scoped to regions, candidates and the stage schedule."""

from django.db import models


class Election(models.Model):
    class Kind(models.TextChoices):
        PEMILU = "pemilu", "Pemilihan Umum"
        PILKADA = "pilkada", "Pemilihan Kepala Daerah"

    slug = models.SlugField(max_length=40, unique=True, help_text="readable id: pemilu-2024")
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    voting_day = models.DateField()
    source = models.CharField(max_length=300, blank=True, help_text="the regulation the schedule comes from")
    tps_max_voters = models.PositiveIntegerField(
        default=300,
        help_text="the most voters a regular TPS's list (DPT) may hold: Pemilu 2024 300, Pilkada 2024 600. "
        "Bounds every count of a TPS tally (results.rules.tps_maximum).",
    )

    class Meta:
        ordering = ["-voting_day"]

    def __str__(self) -> str:
        return self.name

    @property
    def tps_count_max(self) -> int:
        """The hard maximum of any count on one TPS's tally in this election (docs/results.md)."""
        from suara.results.rules import tps_maximum

        return tps_maximum(self.tps_max_voters)


class Contest(models.Model):
    """One ballot of an election in one area: the national presidential ballot, or the governor
    ballot of one province. ``region_code`` is '' for national; otherwise the KPU code it covers."""

    class BallotType(models.TextChoices):
        PPWP = "ppwp", "Presiden dan Wakil Presiden"
        DPR = "dpr", "DPR RI"
        DPD = "dpd", "DPD"
        DPRD_PROVINSI = "dprd_prov", "DPRD Provinsi"
        DPRD_KABKOTA = "dprd_kabkota", "DPRD Kabupaten/Kota"
        GUBERNUR = "gubernur", "Gubernur dan Wakil Gubernur"
        BUPATI = "bupati", "Bupati dan Wakil Bupati"
        WALIKOTA = "walikota", "Wali Kota dan Wakil Wali Kota"

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="contests")
    slug = models.SlugField(max_length=60, unique=True, help_text="readable id: ppwp-2024")
    ballot_type = models.CharField(max_length=16, choices=BallotType.choices)
    region_code = models.CharField(max_length=10, blank=True, help_text="'' national; else the area covered")
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True, help_text="English name; empty: the name is shown")

    class Meta:
        ordering = ["election", "ballot_type", "region_code"]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """A ballot entry: a pair (president/vice, head/deputy) or a party on a legislative ballot."""

    class Kind(models.TextChoices):
        PAIR = "pair", "pasangan calon"
        PARTY = "party", "partai politik"
        PERSON = "person", "calon perseorangan"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="candidates")
    number = models.PositiveSmallIntegerField(help_text="ballot number")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text="pair: 'Head – Deputy'; party: its name")
    head_name = models.CharField(max_length=120, blank=True)
    deputy_name = models.CharField(max_length=120, blank=True)
    parties = models.JSONField(default=list, blank=True, help_text="supporting parties; empty: independent")

    class Meta:
        ordering = ["contest", "number"]
        constraints = [models.UniqueConstraint(fields=["contest", "number"], name="unique_ballot_number")]

    def __str__(self) -> str:
        return f"{self.number:02d} {self.name}"


class Stage(models.Model):
    """One stage (tahapan) of an election's schedule. A stage whose date depends on another event
    (a court ruling, a term of office) has no dates and says so in ``note``."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    note_en = models.CharField(max_length=300, blank=True)
    is_voting_day = models.BooleanField(default=False)

    class Meta:
        ordering = ["election", "order"]
        constraints = [models.UniqueConstraint(fields=["election", "order"], name="unique_stage_order")]

    def __str__(self) -> str:
        return self.name
