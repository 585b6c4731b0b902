"""The audit actions of the public information (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class InformationAuditAction(AuditActions):
    CLARIFICATION_CREATE = "information.clarification_create", "A hoax clarification was drafted (object: its id)."
    CLARIFICATION_UPDATE = (
        "information.clarification_update",
        "A hoax clarification was edited: a new version kept (object: its id).",
    )
    CLARIFICATION_PUBLISH = (
        "information.clarification_publish",
        "A second person published a hoax clarification (object: its id).",
    )
