"""Results: each election's own counting geography, TPS tallies with every version kept, the photos of
the forms, numbers published by others (KPU) kept beside ours, and the recapitulation: kept totals,
locks, and the immutable snapshots the public reads.

Only the results app writes these tables, each group from one place: the counting geography
(``CountRegion``, ``CountTps``) from ``geography.py``; a TPS's tally, its versions, photos and the delta
it appends (``TpsResult``, ``ResultVersion``, ``ResultPhoto``, ``RecapDelta``) from ``entry/services.py``
(a first entry through ``entry/store.py``); kept totals, folded and quarantined deltas (``RegionTotal``,
``QuarantinedDelta``) from ``recap/`` (fold, state, rebuild, fresh, quarantine), a level's sign-off
(``RecapLock``) from ``recap/locks.py``, the worker's heartbeat from ``recap/status.py``; snapshots and
their pointers (``RecapSnapshot``, ``RecapPointer``) from ``snapshots.py``, called by the fold;
others' numbers (``ExternalResult``) from ``importers/``, whose 2019 writer also fills the other tables
in bulk. Public pages and the public API read only ``RecapSnapshot`` through ``RecapPointer``, never the
raw result tables (the comparison with KPU's numbers too: the TPS snapshots beside ``ExternalResult``).
"""

from django.db import models

from suara.core.fields import DocumentField
from suara.elections.models import Contest, Election


class CountRegion(models.Model):
    """A region of one election's counting geography (regions change between elections: Papua became
    six provinces in 2022). For 2024 a copy of the electoral geography; for 2019 built from its data."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="count_regions")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField()  # 1 provinsi .. 4 desa
    parent_code = models.CharField(max_length=10, blank=True)
    tps_expected = models.PositiveIntegerField(default=0, help_text="TPS beneath")
    source_ref = models.CharField(max_length=200, blank=True, help_text="the source's own id or names (2019)")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "code"], name="unique_count_region")]
        indexes = [models.Index(fields=["election", "parent_code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CountTps(models.Model):
    """A TPS of one election, with its registered voters (DPT) when known."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="count_tps")
    code = models.CharField(max_length=13)
    desa_code = models.CharField(max_length=10)
    number = models.PositiveSmallIntegerField()
    dpt_l = models.PositiveIntegerField(null=True, blank=True)
    dpt_p = models.PositiveIntegerField(null=True, blank=True)
    source_ref = models.CharField(max_length=60, blank=True, help_text="the source's own id (2019)")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "code"], name="unique_count_tps")]
        indexes = [models.Index(fields=["election", "desa_code"])]

    def __str__(self) -> str:
        return self.code


def _hot_contest_key(*, on_delete, related_name: str) -> models.ForeignKey:
    """The contest of a row that every submission writes. PostgreSQL does not enforce this key: its check
    locks the one contest row (FOR KEY SHARE) in every submission's transaction, and concurrent lockers of
    a row share the lock through a multixact. Measured on one connection alone, the four such checks were
    a quarter of a submission's database CPU. Contests are set up before a count and never deleted
    during one; the ORM still applies ``on_delete``."""
    return models.ForeignKey(Contest, on_delete=on_delete, related_name=related_name, db_constraint=False)


class TpsResult(models.Model):
    """The official result of one TPS in one contest: its current accepted version, copied here so that
    recap rebuilds and checks read one row per TPS."""

    contest = _hot_contest_key(on_delete=models.PROTECT, related_name="tps_results")
    tps = models.ForeignKey(CountTps, on_delete=models.PROTECT, related_name="results")
    tps_code = models.CharField(max_length=13)
    version = models.PositiveIntegerField()
    tally = models.JSONField()
    flags = models.JSONField(default=list)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "tps"], name="unique_tps_result")]
        indexes = [models.Index(fields=["contest", "tps_code"])]


class ResultVersion(models.Model):
    """One version of a TPS result, never changed once accepted. A correction starts pending and becomes
    the next version when the PPK of that kecamatan approves it (or is rejected and stays in history)."""

    class Kind(models.TextChoices):
        ENTRY = "entry", "entri KPPS"
        CORRECTION = "correction", "koreksi"
        IMPORT = "import", "impor"

    class Channel(models.TextChoices):
        API = "api", "aplikasi"
        WEB = "web", "formulir web"
        SMS = "sms", "SMS"

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "berlaku"
        PENDING = "pending", "menunggu persetujuan PPK"
        REJECTED = "rejected", "ditolak"

    result = models.ForeignKey(TpsResult, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(null=True, blank=True, help_text="1, 2, ... once accepted")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    tally = models.JSONField()
    reason_code = models.CharField(
        max_length=20, blank=True, help_text="why a correction was made (results.reasons); public"
    )
    reason = models.CharField(
        max_length=500, blank=True, help_text="the proposer's own words: internal (PPK and up) unless published"
    )
    reason_published = models.BooleanField(
        default=False, help_text="the deciding PPK found the reason fit to publish (no names, no phone numbers)"
    )
    # A client's idempotency key, unique per account: one officer cannot take the id another will use.
    submission_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - unique when set
    payload_digest = models.CharField(max_length=64, blank=True)
    submitted_by = models.CharField(max_length=150)
    submitted_role = models.CharField(max_length=32, blank=True)
    submitted_at = models.DateTimeField()
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    # How the tally came in. An SMS carries no photos; an app may send the tally before its photos.
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.API, db_default=Channel.API)
    # The version stands while some of its form photos have yet to arrive: public pages say so.
    photos_pending = models.BooleanField(default=False, db_default=False)
    photos_awaited = models.JSONField(
        default=list, db_default=[], blank=True, help_text="sha256 of named photos not yet received"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["result", "number"], condition=models.Q(number__isnull=False), name="unique_version_number"
            ),
            models.UniqueConstraint(
                fields=["submitted_by", "submission_id"],
                condition=models.Q(submission_id__isnull=False),
                name="unique_submission_per_account",
            ),
            # At most one correction of a TPS's result waits for the PPK: parallel proposals cannot race past it.
            models.UniqueConstraint(
                fields=["result"], condition=models.Q(status="pending"), name="one_pending_correction"
            ),
        ]
        ordering = ["result", "submitted_at"]

    @property
    def reason_label(self) -> str:
        from suara.results.reasons import reason_label

        return reason_label(self.reason_code)


class ResultPhoto(models.Model):
    """A photo of a form page, attached to the version it was sent with. Public, content-addressed."""

    version = models.ForeignKey(ResultVersion, on_delete=models.PROTECT, related_name="photos")
    page = models.PositiveSmallIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "page"]


class ExternalResult(models.Model):
    """Numbers another source published for a TPS (KPU's Sirekap JSON, KPU's 2019 Situng): kept beside
    the official count, never as it, so where they differ shows."""

    class Status(models.TextChoices):
        OK = "ok"
        BREACH = "breach"
        INCOMPLETE = "incomplete"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="external_results")
    tps_code = models.CharField(max_length=13)
    source = models.CharField(max_length=20)
    tally = models.JSONField()
    status = models.CharField(max_length=12, choices=Status.choices)
    rules = models.CharField(max_length=100, blank=True, help_text="broken rule codes, ';'-joined")
    meta = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "tps_code", "source"], name="unique_external_result")]


class RecapDelta(models.Model):
    """What one accepted version changed in the totals, appended in the writer's own transaction. The
    recap folder adds pending deltas into ``RegionTotal`` in batches, so no writer waits on a shared
    total row."""

    contest = _hot_contest_key(on_delete=models.CASCADE, related_name="+")
    tps_code = models.CharField(max_length=13)
    delta = models.JSONField(help_text="field -> change, plus 'tps_reported'")
    created_at = models.DateTimeField(auto_now_add=True)


class RegionTotal(models.Model):
    """The kept totals of one region (or '' for national) in one contest."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField(max_length=10, blank=True)
    totals = models.JSONField(default=dict)
    tps_reported = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "region_code"], name="unique_region_total")]


class RecapLock(models.Model):
    """A level's sign-off. While a lock on a region stands, nothing beneath it may change."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField(max_length=10, blank=True)
    locked_by = models.CharField(max_length=150)
    locked_at = models.DateTimeField()
    reopened_by = models.CharField(max_length=150, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["contest", "region_code"])]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "region_code"], condition=models.Q(reopened_at__isnull=True), name="one_open_lock"
            )
        ]


class RecapSnapshot(models.Model):
    """An immutable, precomputed public view of one region's (or one TPS's) recap at one version."""

    contest = _hot_contest_key(on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=13, blank=True, help_text="region or TPS code; '' national")
    version = models.PositiveIntegerField()
    body = DocumentField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "code", "version"], name="unique_snapshot")]


class RecapPointer(models.Model):
    """Which snapshot of a region (or TPS) is current."""

    contest = _hot_contest_key(on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=13, blank=True)
    snapshot = models.ForeignKey(RecapSnapshot, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "code"], name="unique_pointer")]


class QuarantinedDelta(models.Model):
    """A pending delta whose fold failed on its own (the recap worker isolates it by folding halves of the
    batch): set aside with the error so that every other delta folds. An operator sees it on the
    quarantine page and in ``suara recap doctor``, and may put it back (``suara recap release``)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    delta_id = models.BigIntegerField(help_text="the RecapDelta's id")
    tps_code = models.CharField(max_length=13)
    delta = models.JSONField()
    created_at = models.DateTimeField(help_text="when the delta was appended")
    quarantined_at = models.DateTimeField(auto_now_add=True)
    error = models.CharField(max_length=500, help_text="the fold's error: its type and message")

    class Meta:
        ordering = ["quarantined_at", "pk"]


class RecapWorkerBeat(models.Model):
    """One row (pk 1) the recap worker writes every round: the public pages say the count is paused when
    it is old while deltas wait, and ``suara recap doctor`` reports it."""

    beat_at = models.DateTimeField()
    folded_at = models.DateTimeField(null=True, blank=True, help_text="the last round that folded a delta")
    sealed_at = models.DateTimeField(null=True, blank=True, help_text="the last audit seal that succeeded")
    seal_error = models.CharField(max_length=500, blank=True, help_text="the last sealing failure, until one succeeds")


class PhotoUpload(models.Model):
    """A form photo on its way to the server in chunks, named by the SHA-256 of its bytes, before (or
    after) a tally names it. Its bytes are kept privately (``entry.uploads``) until a version that
    names the photo is stored; then they are published with it. One row per account and photo."""

    owner = models.CharField(max_length=150)
    sha256 = models.CharField(max_length=64)
    total = models.PositiveIntegerField()
    received = models.PositiveIntegerField(default=0)
    complete = models.BooleanField(default=False)
    # Once complete and checked: the photo as published (metadata stripped, so another hash maybe).
    clean_sha256 = models.CharField(max_length=64, blank=True)
    content_type = models.CharField(max_length=20, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "sha256"], name="one_upload_per_account_photo")]
        indexes = [models.Index(fields=["sha256", "complete"])]
