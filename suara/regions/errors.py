"""The error codes of the region trees and their imports (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class RegionErrorCode(ErrorCodes):
    GEOGRAPHY_FILES_INVALID = (
        "geography_files_invalid",
        400,
        "The electoral geography files are refused whole (problems listed by file and line).",
    )
    INVALID_SEARCH = "invalid_search", 400, "A search is at most 100 characters, without control characters."
    KEMENDAGRI_NOT_LOADED = (
        "kemendagri_not_loaded",
        400,
        "The Kemendagri tree must be loaded first (`suara load-regions`).",
    )
    NOT_A_DESA = "not_a_desa", 400, "TPS are listed for a desa (10-digit code) only."
    REGIONS_IN_USE = (
        "regions_in_use",
        409,
        "Regions or TPS to be removed are still used by other data; nothing changed.",
    )
    SEARCH_TOO_SHORT = "search_too_short", 400, "A search needs at least 2 letters."
    UNKNOWN_REGION_TYPE = "unknown_region_type", 400, "The source file names a kind of region Suara does not know."
    COORDINATES_OUTSIDE_INDONESIA = (
        "coordinates_outside_indonesia",
        400,
        "A TPS's latitude must lie within -11..6 and its longitude within 95..141 (Indonesia).",
    )
    INVALID_TPS_ADDRESS = (
        "invalid_tps_address",
        400,
        "A TPS's address is 5 to 300 characters, without control characters.",
    )
    TPS_LOCATIONS_INVALID = (
        "tps_locations_invalid",
        400,
        "A TPS locations CSV is refused whole: `details` lists each refused line with its code.",
    )
