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
    IMPORT_CONFLICT = (
        "import_conflict",
        409,
        "While the import ran, another import or application added one of its NIKs to the same body: nothing "
        "was imported; run it again (the NIK is then reported as application_exists).",
    )
    APPLICATION_FIELD_INVALID = "application_field_invalid", 400, "A field of the application is malformed (`field`)."
    DOCUMENTS_MISSING = "documents_missing", 400, "A required document is not confirmed (the message names them)."
    APPLICATION_CODE_UNKNOWN = "application_code_unknown", 404, "No application with this code."
    SCHEDULE_MISSING = (
        "schedule_missing",
        409,
        "No appointment day is set for this body of this election: eligibility cannot be read.",
    )
    # selection and rosters: scores, shortlist, comments, appointment, reserves, accounts, Linmas intake
    NO_WRITTEN_TEST = "no_written_test", 400, "This body takes no written test (only PPK and PPS do): no scores."
    SCORES_FILE_INVALID = (
        "scores_file_invalid",
        400,
        "The scores file has errors: `details` lists each by line and code; nothing was imported.",
    )
    NOT_SHORTLISTABLE = "not_shortlistable", 409, "No eligible applicant with a score in this posting to shortlist."
    COMMENT_WINDOW_INVALID = "comment_window_invalid", 400, "The window's dates are missing or closes before it opens."
    COMMENT_WINDOW_EXISTS = "comment_window_exists", 409, "This posting's list has a comment window already."
    COMMENT_WINDOW_NOT_FOUND = "comment_window_not_found", 404, "No comment window with this id."
    COMMENT_WINDOW_CLOSED = "comment_window_closed", 409, "The comment window is not open today."
    COMMENT_INVALID = "comment_invalid", 400, "A comment needs its text (up to 2,000 characters) and a contact."
    APPOINTMENT_INVALID = (
        "appointment_invalid",
        400,
        "The appointment is malformed: no officer, a decree without number, date or signer, or a bad term.",
    )
    CANDIDATE_NOT_APPOINTABLE = (
        "candidate_not_appointable",
        409,
        "An officer named is not a candidate of this posting in a status that may be appointed.",
    )
    SEATS_EXCEEDED = "seats_exceeded", 409, "The appointment would seat more officers than the posting has seats."
    CHAIR_INVALID = (
        "chair_invalid",
        409,
        "The chair named is not among those appointed, the body has no chair, or the posting has one already.",
    )
    DECREE_NUMBER_TAKEN = "decree_number_taken", 409, "This posting has a decree with this number already."
    DECREE_NOT_FOUND = "decree_not_found", 404, "No decree with this id in your area."
    LEAVING_NOT_APPOINTED = "leaving_not_appointed", 409, "The officer said to leave is not appointed in this posting."
    LEAVING_STATUS_INVALID = (
        "leaving_status_invalid",
        400,
        "An officer leaves as diganti, mengundurkan_diri or meninggal only.",
    )
    RESERVE_NOT_FOUND = "reserve_not_found", 409, "The officer to promote is not a reserve of this posting."
    NO_SEAT_OPEN = (
        "no_seat_open",
        409,
        "Every seat of the posting is filled and nobody leaves: no reserve can be promoted.",
    )
    LINMAS_FILE_INVALID = (
        "linmas_file_invalid",
        400,
        "The Linmas file has errors: `details` lists each by line and code; nothing was imported.",
    )
    NO_ACCOUNT_NEEDED = "no_account_needed", 409, "Every appointed officer of this roster who signs in has an account."
    HONORARIUM_RATES_MISSING = "honorarium_rates_missing", 409, "No honorarium rates are kept for this election."
    # Health (officers.health)
    SCREENING_OUT_OF_RANGE = (
        "screening_out_of_range",
        400,
        "A screening value lies outside its physiological range (the field and range are named).",
    )
    SCREENING_DIASTOLIC_NOT_BELOW = (
        "screening_diastolic_not_below",
        400,
        "A blood pressure's diastolic is not below its systolic, or only one of the two was given.",
    )
    SCREENING_BAD_VALUE = "screening_bad_value", 400, "A screening field is malformed (a date, a number, a condition)."
    SCREENING_NOT_FOUND = "screening_not_found", 404, "The officer has no screening to clear."
    CLEARANCE_NOT_NEEDED = (
        "clearance_not_needed",
        409,
        "The officer's latest screening is not high risk: nothing to clear.",
    )
    CHAIR_NOT_CLEARED = (
        "chair_not_cleared",
        409,
        "A high-risk officer cannot be made KPPS chair until a doctor clears the screening.",
    )
    HEALTH_IMPORT_INVALID = (
        "health_import_invalid",
        400,
        "An import file has malformed lines (listed by line and code).",
    )
    CHECKIN_OTHER_TPS = "checkin_other_tps", 403, "A check-in or incident for a TPS your account is not scoped to."
    CHECKIN_UNKNOWN_SLOT = "checkin_unknown_slot", 400, "Not one of the election day's check-in slots."
    CHECKIN_SLOT_NOT_OPEN = "checkin_slot_not_open", 409, "The slot's time has not come yet (or voting day has not)."
    CHECKIN_OFFICER_NOT_IN_ROSTER = (
        "checkin_officer_not_in_roster",
        400,
        "An officer named is not on this TPS's roster of appointed officers.",
    )
    INCIDENT_BAD_KIND = "incident_bad_kind", 400, "Not an incident kind or symptom code of the documented lists."
