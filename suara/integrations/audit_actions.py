"""The audit actions of the city integrations (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class IntegrationAuditAction(AuditActions):
    CREATE = "integrations.create", "An integrator registered an integration (object: its embed id)."
    ORIGIN_ADD = "integrations.origin_add", "An origin was allowed to frame and call Suara for an integration."
    ORIGIN_REMOVE = "integrations.origin_remove", "An origin was removed from an integration."
