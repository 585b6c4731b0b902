"""The party-membership tables. One module per part of the app; each table is written only by the
services of its part (named in each module)."""

from suara.parties.models.core import Member, MemberListVersion, Party
from suara.parties.models.watch import WatchEntry, Watchlist, WatchReport, WatchReportLine

__all__ = ["Member", "MemberListVersion", "Party", "WatchEntry", "WatchReport", "WatchReportLine", "Watchlist"]
