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
