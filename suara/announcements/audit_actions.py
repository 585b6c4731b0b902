"""The audit actions of announcements (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class AnnouncementAuditAction(AuditActions):
    CREATE = "announcements.create", "An announcement was drafted (object: its id)."
    UPDATE = (
        "announcements.update",
        "An announcement not yet published was edited; any approval it had is void (object: its id).",
    )
    SUBMIT = "announcements.submit", "An announcement was submitted for review (object: its id)."
    APPROVE = (
        "announcements.approve",
        "A second person approved an announcement: its content kept as a version (object: its id).",
    )
    REJECT = "announcements.reject", "A second person sent an announcement back to draft with a note (object: its id)."
    SCHEDULE = "announcements.schedule", "An approved announcement was given its publication time (object: its id)."
    CORRECT = (
        "announcements.correct",
        "A published announcement was corrected: a new version, shown publicly with its note (object: its id).",
    )
    WITHDRAW = "announcements.withdraw", "An announcement was withdrawn, with its reason (object: its id)."
