"""The audit actions of party membership (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class PartyAuditAction(AuditActions):
    LOAD = "parties.load", "The parties shipped as data were loaded into an election, with the counts."

    # --- the daily watch (parties.watch) ---
    WATCHLIST_UPLOAD = (
        "parties.watchlist_upload",
        "An organisation's watchlist was replaced or added to from a file, with the counts (object: the organisation).",
    )
    WATCHLIST_DELETE = "parties.watchlist_delete", "An organisation's watchlist was deleted, with its size."
    WATCH_REPORT = (
        "parties.watch_report",
        "An organisation's watch report was written (daily or on demand), with its counts (object: the organisation).",
    )
