"""The error codes of the ad-hoc officers: records, recruitment, selection, rosters, health and the
city's view (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class OfficerErrorCode(ErrorCodes):
    OFFICER_NOT_FOUND = "officer_not_found", 404, "No officer record with this id in your area."
    STATUS_MOVE_REFUSED = "status_move_refused", 409, "The officer's status cannot go from its current one to this one."

    # recruitment: openings, applications, the import and eligibility
    BODY_UNKNOWN = "body_unknown", 400, "Not one of the bodies: ppk, pps, kpps, pantarlih, linmas."
    RECRUITMENT_NOT_OPEN = (
        "recruitment_not_open",
        409,
        "This body of this election takes no applications today (no schedule, or outside its window).",
    )
    POSTING_NOT_FOUND = "posting_not_found", 404, "No kecamatan, desa or TPS with this code for this body."
    POSTING_OUTSIDE_SCOPE = "posting_outside_scope", 403, "The posting lies outside the region you act in."
    DOMICILE_UNKNOWN = "domicile_unknown", 400, "The domicile is not a known KPU desa code (10 digits)."
    DOMICILE_OTHER_REGION = (
        "domicile_other_region",
        400,
        "The applicant lives in another kab/kota than the posting's: apply where you live.",
    )
    APPLICATION_EXISTS = "application_exists", 409, "This NIK has applied to this body of this election already."
    APPLICATION_FIELD_INVALID = "application_field_invalid", 400, "A field of the application is malformed (`field`)."
    DOCUMENTS_MISSING = "documents_missing", 400, "A required document is not confirmed (the message names them)."
    APPLICATION_CODE_UNKNOWN = "application_code_unknown", 404, "No application with this code."
    SCHEDULE_MISSING = (
        "schedule_missing",
        409,
        "No appointment day is set for this body of this election: eligibility cannot be read.",
    )
