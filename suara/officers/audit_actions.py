"""The audit actions of the ad-hoc officers (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class OfficerAuditAction(AuditActions):
    STATUS = "officers.status", "An officer's status changed (object: the officer record's id), with the reasons."

    # The city's internal count (officers.city).
    CITY_COUNT = "officers.city_count", "A TPS's numbers entered for the city's internal count (object: contest/TPS)."
    # recruitment
    APPLICATION = "officers.application", "An application was submitted on the public form (object: the record's id)."
    APPLICANTS_IMPORT = (
        "officers.applicants_import",
        "A file of applicants was imported (object: the region), with counts.",
    )
    ELIGIBILITY = (
        "officers.eligibility",
        "Eligibility was assessed for the open applications of an election and region, with counts per status.",
    )
    SCHEDULE = "officers.schedule", "A body's recruitment schedule was set (object: election and body)."
    # selection and rosters
    SCORES_IMPORT = "officers.scores_import", "Written-test scores were imported (object: the posting), with the count."
    SHORTLIST = "officers.shortlist", "A posting's interview shortlist was drawn (object: the posting), with counts."
    COMMENT_WINDOW = "officers.comment_window", "A public comment window was opened on a posting's list."
    COMMENT = "officers.comment", "A comment from the public was recorded (object: the window's id); no contact."
    APPOINT = "officers.appoint", "Officers were appointed by a decree (object: the posting), with the decree's id."
    PROMOTE = "officers.promote", "A reserve was promoted (object: the posting): who left, how, and who took the seat."
    ACCOUNTS = "officers.accounts", "Accounts were made for a roster's officers who sign in (object: the posting)."
    LINMAS_INTAKE = "officers.linmas_intake", "The Satpol PP's Linmas were taken onto the rosters (object: region)."
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
