"""The audit actions of SMS (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class MessagingAuditAction(AuditActions):
    SMS_KEY_ISSUE = (
        "messaging.sms_key_issue",
        "A TPS's SMS PIN and card of one-time codes were issued to its KPPS chair; any previous ones revoked "
        "(object: the TPS).",
    )
