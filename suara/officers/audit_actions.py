"""The audit actions of the ad-hoc officers (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class OfficerAuditAction(AuditActions):
    STATUS = "officers.status", "An officer's status changed (object: the officer record's id), with the reasons."

    # The city's internal count (officers.city).
    CITY_COUNT = "officers.city_count", "A TPS's numbers entered for the city's internal count (object: contest/TPS)."
