"""The audit actions of the ad-hoc officers (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class OfficerAuditAction(AuditActions):
    STATUS = "officers.status", "An officer's status changed (object: the officer record's id), with the reasons."
