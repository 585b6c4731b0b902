"""The city's own internal count (written by ``officers.city.services``): a TPS's numbers as the city's
field officers read them, for the city's Kesbangpol. Kept apart from KPU's official count (no table of
``results`` is touched) and compared with KPU's published TPS snapshots. Every entry is kept in the
history; the current numbers carry the version they reached."""

from django.db import models

from suara.elections.models import Contest


class CityCount(models.Model):
    """The current numbers of one TPS in one contest, as the city counted them."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="+")
    tps_code = models.CharField(max_length=13)
    # {"votes.<n>": int, ...} for every candidate of the contest: the flat shape of ``results.rules``.
    votes = models.JSONField()
    valid = models.PositiveIntegerField()
    invalid = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    version = models.PositiveIntegerField(default=1)
    entered_by = models.CharField(max_length=150)
    entered_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "tps_code"], name="city_count_one_per_tps")]


class CityCountVersion(models.Model):
    """One entry of a TPS's city count, as entered: the history, never rewritten."""

    count = models.ForeignKey(CityCount, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    votes = models.JSONField()
    valid = models.PositiveIntegerField()
    invalid = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    entered_by = models.CharField(max_length=150)
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["count", "number"]
        constraints = [models.UniqueConstraint(fields=["count", "number"], name="city_count_version_once")]
