"""The error codes of the ad-hoc officers: records, recruitment, selection, rosters, health and the
city's view (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class OfficerErrorCode(ErrorCodes):
    OFFICER_NOT_FOUND = "officer_not_found", 404, "No officer record with this id in your area."
    STATUS_MOVE_REFUSED = "status_move_refused", 409, "The officer's status cannot go from its current one to this one."

    # The city's closed view and its internal count (officers.city).
    CITY_AREA_FORBIDDEN = "city_area_forbidden", 403, "The region or TPS lies outside the city your role covers."
    CITY_REGION_NOT_FOUND = "city_region_not_found", 404, "No region or TPS with this code in the geography."
    CITY_ELECTION_NOT_FOUND = "city_election_not_found", 404, "No election or contest with this id for the city."
    CITY_COUNT_INVALID = (
        "city_count_invalid",
        422,
        "The city count's numbers break the tally rules: `details` lists each broken rule and its fields.",
    )
    CITY_COUNT_STALE = (
        "city_count_stale",
        409,
        "The TPS's city count changed since the version you started from: read it again and re-enter.",
    )

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
