"""The audit actions of the ad-hoc officers (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class OfficerAuditAction(AuditActions):
    STATUS = "officers.status", "An officer's status changed (object: the officer record's id), with the reasons."

    # Health (officers.health)
    SCREENING = "officers.screening", "A screening recorded for an officer (object: the officer's id); no values."
    SCREENING_IMPORT = "officers.screening_import", "BPJS screening results imported (counts only)."
    CLEARANCE = "officers.clearance", "A doctor cleared a high-risk officer's screening (object: the officer's id)."
    CHECKIN = "officers.checkin", "A KPPS chair checked in for its TPS (object: the TPS code), with the slot."
    INCIDENT = "officers.incident", "An incident recorded (object: the officer's id), with its kind; no symptom."
    INCIDENT_CLOSE = "officers.incident_close", "An incident closed (object: the officer's id)."
    HEALTH_ALERTS = (
        "officers.health_alerts",
        "The periodic check raised or resolved election-day health alerts (counts).",
    )
    HEALTH_VIEW = "officers.health_view", "Someone viewed an officer's health record (object: the officer's id)."
    HEALTH_EXPORT = (
        "officers.health_export",
        "The ministry's export of a region's incidents was downloaded (object: region).",
    )
    FACILITY_IMPORT = "officers.facility_import", "Health facilities imported (counts)."
