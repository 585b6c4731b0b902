"""The voter register (DPB/DPT) and the history of every change to it.

Tables are written only by ``voters.services`` and the bulk importer (``voters.importing``). The
register holds personal data: nothing here is ever logged, put in a URL or an audit summary.

The desa and TPS foreign keys carry no database constraint: the bulk import COPYs millions of rows and a
per-row foreign-key trigger would dominate its cost. Region and TPS rows are reference data, loaded by
the geography import and never deleted while voters point at them (PROTECT still holds in the ORM), and
every writer resolves the desa through the Kemendagri mapping before it writes.
"""

from django.db import models

from suara.regions.models import Region, Tps
from suara.voters.tms import TMS_CODES


class Voter(models.Model):
    class Sex(models.TextChoices):
        MALE = "L", "Laki-laki"
        FEMALE = "P", "Perempuan"

    class Marital(models.TextChoices):
        SINGLE = "B", "Belum kawin"
        MARRIED = "S", "Sudah kawin"
        WAS_MARRIED = "P", "Pernah kawin"

    class Status(models.TextChoices):
        ACTIVE = "aktif", "Aktif"
        TMS = "tms", "Tidak memenuhi syarat"

    # The unique NIK and the indexes below are declared in Meta, not with unique=True or db_index=True:
    # on PostgreSQL those add a second, LIKE-capable ("_like") index to every text column, which no query
    # of the register uses and every bulk import pays for.
    nik = models.CharField(max_length=16)
    kk = models.CharField(max_length=16)
    name = models.CharField(max_length=150)
    birth_place = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    marital = models.CharField(max_length=1, choices=Marital.choices)
    address = models.CharField(max_length=250, blank=True)
    rt = models.CharField(max_length=3, blank=True)
    rw = models.CharField(max_length=3, blank=True)
    kemendagri_desa_code = models.CharField(max_length=10)
    # The KPU electoral desa the Kemendagri desa maps to (Region.kemendagri_code); null while unmapped.
    desa = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,  # the (desa, status) index serves desa lookups
        related_name="+",
    )
    disability = models.CharField(max_length=60, blank=True)
    tps = models.ForeignKey(
        Tps, null=True, blank=True, on_delete=models.PROTECT, db_constraint=False, db_index=False, related_name="+"
    )
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.ACTIVE)
    tms_code = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(code, entry.label) for code, entry in TMS_CODES.items()]
    )
    name_key = models.CharField(max_length=150, help_text="names.name_key(name): what cek DPT compares")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            # Recap reports and TPS allocation read one desa's voters by status.
            models.Index(fields=["desa", "status"], name="voter_desa_status"),
            models.Index(fields=["kemendagri_desa_code"], name="voter_kemendagri_desa"),
            # A new voter has no TPS until allocation: the index holds only the allocated ones.
            models.Index(fields=["tps"], name="voter_tps_allocated", condition=models.Q(tps__isnull=False)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["nik"], name="voter_nik_unique"),
            models.CheckConstraint(
                condition=models.Q(status="aktif", tms_code__isnull=True)
                | models.Q(status="tms", tms_code__isnull=False),
                name="voter_tms_code_iff_tms",
            ),
        ]

    def __str__(self) -> str:
        return f"pemilih #{self.pk}"  # never the NIK or the name


class VoterEvent(models.Model):
    """One change to one voter: the register's history, and what the DPB recap counts."""

    class Kind(models.TextChoices):
        ADD = "tambah", "Pemilih baru"
        TMS = "tms", "Tidak memenuhi syarat"
        MOVE = "pindah", "Pindah"
        CORRECT = "ubah", "Perbaikan data"
        REINSTATE = "aktifkan", "Diaktifkan kembali"
        IMPORT = "impor", "Impor"

    # No database constraint: checked row by row, it cost a bulk import as much as writing the events.
    # Voters are never deleted (PROTECT keeps the ORM from it), and events are written only by the
    # services, for voters they have just read or written.
    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, db_constraint=False, related_name="events")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    tms_code = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    # Field names changed; old and new values only for fields that are not personal (desa, TPS, status).
    changes = models.JSONField(default=dict, blank=True)
    actor = models.CharField(max_length=150)
    role = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField()
    # The electoral desa code (10 digits) the event counts towards in recap reports, "" when unmapped;
    # for a move, the destination.
    region_code = models.CharField(max_length=10, blank=True)
    batch = models.CharField(max_length=40, blank=True, help_text="the import batch id, for impor events")

    class Meta:
        indexes = [
            models.Index(fields=["region_code", "at"], name="voterevent_region_at"),
            models.Index(fields=["batch"], name="voterevent_batch", condition=~models.Q(batch="")),
        ]

    def __str__(self) -> str:
        return f"{self.kind} pemilih #{self.voter_id}"


class DpbPeriodLock(models.Model):
    """A kab/kota's DPB recap period, signed at its plenary: changes dated inside a locked period are
    refused until the period is reopened (which is kept: ``reopened_at`` and who did it)."""

    region_code = models.CharField(max_length=4)
    period_start = models.DateField()
    period_end = models.DateField()
    locked_at = models.DateTimeField()
    locked_by = models.CharField(max_length=150)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.CharField(max_length=150, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["region_code", "period_end"], name="dpblock_region_end")]

    def __str__(self) -> str:
        return f"DPB {self.region_code} {self.period_start}..{self.period_end}"


class DuplicatePair(models.Model):
    """Two records that duplicate detection (``voters.dedup``) takes for one person, and the kab/kota
    operator's decision on them. A decided pair is kept, so a later run never proposes it again; the
    pair is stored once, the lower voter id first."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Diusulkan"
        CONFIRMED = "confirmed", "Ganda (dikonfirmasi)"
        REJECTED = "rejected", "Bukan ganda"

    voter_a = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="+")
    voter_b = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="+")
    # Each record's region when found (electoral desa code, or Kemendagri's while unmapped): who may decide.
    region_a = models.CharField(max_length=10)
    region_b = models.CharField(max_length=10)
    probability = models.FloatField()
    model_version = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    found_at = models.DateTimeField()
    # The record marked TMS 2 when confirmed.
    extra = models.ForeignKey(Voter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voter_a", "voter_b"], name="duplicatepair_once"),
            models.CheckConstraint(condition=models.Q(voter_a__lt=models.F("voter_b")), name="duplicatepair_ordered"),
        ]
        indexes = [
            models.Index(fields=["status", "region_a"], name="duplicatepair_status_a"),
            models.Index(fields=["status", "region_b"], name="duplicatepair_status_b"),
        ]

    def __str__(self) -> str:
        return f"pasangan ganda #{self.pk}"


class DuplicateKey(models.Model):
    """What duplicate detection's blocking rules compare about a voter's name (``dedup.features``), kept
    per voter so that a run over some voters (``--since``, a batch) asks the database for the records it
    could pair with by these keys instead of copying the register out. The runs keep it themselves
    (``dedup.export.refresh_keys``): a row whose ``name_md5`` no longer matches the voter's name, or a
    voter without one, is worked out again, so no write path of the register has to know about it."""

    voter = models.OneToOneField(
        Voter, primary_key=True, on_delete=models.CASCADE, db_constraint=False, related_name="duplicate_key"
    )
    name_md5 = models.CharField(max_length=32)  # MD5 of the name the keys were worked out from
    words = models.TextField()  # the name's words, sorted (abbreviations written out): how common it is
    sound_first = models.TextField()
    sound_last = models.TextField()
    initial = models.CharField(max_length=1)

    def __str__(self) -> str:
        return f"kunci ganda pemilih #{self.voter_id}"
