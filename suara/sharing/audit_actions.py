"""The audit actions of voter data shared on purpose and on record (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class SharingAuditAction(AuditActions):
    AGREEMENT_CREATE = "sharing.agreement_create", "A data-sharing agreement was drafted (object: its id)."
    AGREEMENT_APPROVE = "sharing.agreement_approve", "KPU RI approved a data-sharing agreement (object: its id)."
    AGREEMENT_REVOKE = "sharing.agreement_revoke", "KPU RI revoked a data-sharing agreement (object: its id)."
    PARTNER_KEY_ISSUE = (
        "sharing.partner_key_issue",
        "A partner API key was bound to an agreement (object: the agreement's id; the token's own event beside it).",
    )
    EXTRACT_CREATE = (
        "sharing.extract_create",
        "An extract under an agreement was written: row count and fingerprint key id (object: the extract's id).",
    )
    PARTNER_READ = (
        "sharing.partner_read",
        "A partner read rows through the API under its agreement, with the row count (object: the agreement's id).",
    )
    TRACE = (
        "sharing.trace",
        "A leaked file was traced: what it matched, never its content (object: the extract, if any).",
    )
    BREACH_CREATE = "sharing.breach_create", "A personal data breach was recorded (object: its id)."
    BREACH_NOTIFIED = (
        "sharing.breach_notified",
        "The breach's notices were recorded as sent to the supervisory body and the people (object: its id).",
    )
