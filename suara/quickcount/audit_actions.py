"""The audit actions of the quick count (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class QuickCountAuditAction(AuditActions):
    CREATE = "quickcount.create", "A quick count was designed (object: its id), with its margin and sample size."
    DRAW = "quickcount.draw", "A quick count's sample was drawn (object: its id), with the seed and the frame's digest."
    ENUMERATORS = (
        "quickcount.enumerators",
        "Enumerator accounts were made for a quick count's sampled TPS (object: its id).",
    )
    REPORT = "quickcount.report", "An enumerator reported a sampled TPS's numbers (object: quick count id/TPS)."
    INSTITUTION = "quickcount.institution", "A survey institution's registration was recorded (object: its code)."
