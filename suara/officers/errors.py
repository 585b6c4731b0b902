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
