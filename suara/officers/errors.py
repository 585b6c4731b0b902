"""The error codes of the ad-hoc officers: records, recruitment, selection, rosters, health and the
city's view (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class OfficerErrorCode(ErrorCodes):
    OFFICER_NOT_FOUND = "officer_not_found", 404, "No officer record with this id in your area."
    STATUS_MOVE_REFUSED = "status_move_refused", 409, "The officer's status cannot go from its current one to this one."

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
