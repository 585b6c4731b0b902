"""The audit actions of elections (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class ElectionAuditAction(AuditActions):
    IMPORT_CANDIDATES = (
        "elections.import_candidates",
        "A contest's candidates were loaded from a CSV file (object: the contest).",
    )
    LOAD = "elections.load", "The shipped elections, contests, candidates and stages were loaded, with the counts."
