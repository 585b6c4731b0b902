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
    RUMOUR_REPORT = (
        "information.rumour_report",
        "A citizen reported a rumour; it joined a group or began one (object: the group's id; no contact).",
    )
    RUMOUR_LINK = (
        "information.rumour_link",
        "An officer linked a rumour group to a clarification (object: the group's id); its reporters are "
        "notified once the clarification is published.",
    )
    RUMOUR_DISMISS = (
        "information.rumour_dismiss",
        "An officer dismissed a rumour group with a reason (object: the group's id); its contacts erased.",
    )
    RUMOUR_CONTACTS_EXPIRE = (
        "information.rumour_contacts_expire",
        "Reporters' contacts past their keeping period were erased (object: how many).",
    )
