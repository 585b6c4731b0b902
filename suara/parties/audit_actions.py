"""The audit actions of party membership (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class PartyAuditAction(AuditActions):
    LOAD = "parties.load", "The parties shipped as data were loaded into an election, with the counts."
