"""The daily watch: an organisation's watchlists of NIKs and the reports that check them against the
current member lists (written by ``parties.watch.services`` only).

A watchlist is personal data of the organisation's staff and their families, visible to that
organisation's operators alone; a report line says that a watched person is listed by a party. Neither a
NIK nor a watched name is ever logged, put in a URL or an audit summary.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from suara.accounts.models import Organisation
from suara.parties.models.core import Party


class Watchlist(models.Model):
    """One of an organisation's named lists (its staff, its officers, their families)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="watchlists")
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="watchlist_name_unique")]

    def __str__(self) -> str:
        return self.name


class WatchEntry(models.Model):
    """A watched person: the NIK, and the name and note as the organisation typed them."""

    watchlist = models.ForeignKey(Watchlist, on_delete=models.CASCADE, related_name="entries")
    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=150)
    note = models.CharField(max_length=100, blank=True, help_text="e.g. staf, keluarga")
    line = models.PositiveIntegerField(default=0, help_text="its line in the file that put it there")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["watchlist", "nik"], name="watch_entry_unique")]
        indexes = [models.Index(fields=["nik"], name="watch_entry_nik")]


class WatchReport(models.Model):
    """One check of an organisation's watchlists against the current member lists: the daily one at its
    report time (one a day), or one asked for (`suara parties watch-report`). Its lines compare it with the
    organisation's previous report."""

    class Trigger(models.TextChoices):
        SCHEDULED = "jadwal", _("Terjadwal")
        ON_DEMAND = "manual", _("Atas permintaan")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="watch_reports")
    day = models.DateField(help_text="the day in WIB")
    trigger = models.CharField(max_length=6, choices=Trigger.choices)
    created_at = models.DateTimeField()
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    watched = models.PositiveIntegerField(default=0, help_text="distinct NIKs on its watchlists")
    listed = models.PositiveIntegerField(default=0, help_text="current listings of watched NIKs")
    new = models.PositiveIntegerField(default=0)
    gone = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    emailed_to = models.PositiveSmallIntegerField(default=0, help_text="how many addresses it was sent to")
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "day"],
                condition=models.Q(trigger="jadwal"),
                name="watch_report_daily_unique",
            ),
        ]


class WatchReportLine(models.Model):
    """A listing of a watched NIK by a party, as one report saw it: new since the previous report, still
    listed, or gone since then. The party's name, the listing's date and status are kept as they were."""

    class State(models.TextChoices):
        NEW = "baru", _("Baru")
        LISTED = "tetap", _("Masih tercatat")
        GONE = "hilang", _("Sudah tidak tercatat")

    # No index of their own for the foreign keys: the report's is the first column of the one below, and
    # parties are never deleted. A report writes up to a line per watched NIK: each index costs.
    report = models.ForeignKey(WatchReport, on_delete=models.CASCADE, related_name="lines", db_index=False)
    state = models.CharField(max_length=6, choices=State.choices)
    nik = models.CharField(max_length=16)
    watched_name = models.CharField(max_length=150)
    note = models.CharField(max_length=100, blank=True)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", db_index=False)
    party_name = models.CharField(max_length=200)
    since = models.DateTimeField(help_text="when the party's list added it")
    status = models.CharField(max_length=3, blank=True, help_text="MS, BMS or '' (not checked yet)")

    class Meta:
        indexes = [models.Index(fields=["report", "nik", "party"], name="watch_line_report_nik")]
