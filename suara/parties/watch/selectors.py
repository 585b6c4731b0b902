"""The daily watch's reads, each for one organisation (the pages check first that the reader is one of
its operators: ``watch.services.acting_role``)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from suara.accounts.models import Organisation
from suara.core.errors import NotFound
from suara.parties.errors import PartyErrorCode
from suara.parties.models import WatchEntry, Watchlist, WatchReport, WatchReportLine

REPORTS_SHOWN = 60


def watchlists_of(organisation: Organisation) -> QuerySet[Watchlist]:
    return Watchlist.objects.filter(organisation=organisation).annotate(size=Count("entries")).order_by("name")


def watchlist_get(organisation: Organisation, watchlist_id: int) -> Watchlist:
    watchlist = Watchlist.objects.filter(organisation=organisation, pk=watchlist_id).first()
    if watchlist is None:
        raise NotFound(PartyErrorCode.WATCHLIST_NOT_FOUND, "Daftar pantauan tidak ditemukan.", field="watchlist")
    return watchlist


def watch_entries(watchlist: Watchlist) -> QuerySet[WatchEntry]:
    return WatchEntry.objects.filter(watchlist=watchlist).order_by("name", "pk")


def watch_reports_of(organisation: Organisation) -> QuerySet[WatchReport]:
    """Its kept reports, the latest first."""
    return WatchReport.objects.filter(organisation=organisation).order_by("-created_at", "-pk")[:REPORTS_SHOWN]


def watch_report_get(organisation: Organisation, report_id: int) -> WatchReport:
    report = WatchReport.objects.filter(organisation=organisation, pk=report_id).first()
    if report is None:
        raise NotFound(PartyErrorCode.WATCH_REPORT_NOT_FOUND, "Laporan pantauan tidak ditemukan.", field="report")
    return report


def watch_report_lines(report: WatchReport) -> dict[str, list[WatchReportLine]]:
    """The report's lines by state (new, still listed, gone), by watched name."""
    lines: dict[str, list[WatchReportLine]] = {state: [] for state in WatchReportLine.State.values}
    found = WatchReportLine.objects.filter(report=report).select_related("party")
    for line in found.order_by("watched_name", "party_name", "pk"):
        lines[line.state].append(line)
    return lines
