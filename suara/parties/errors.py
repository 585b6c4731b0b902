"""The error codes of party membership: parties, member lists and their checks, factual verification,
the public check and its complaints, and the watch (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class PartyErrorCode(ErrorCodes):
    PARTY_NOT_FOUND = "party_not_found", 404, "No party with this code or ballot number in the election."
    PARTIES_DATA_INVALID = "parties_data_invalid", 400, "The parties' data is refused whole (the message says why)."

    # checks (parties.checks): the officer NIK list, population figures, double memberships and their resolution
    OFFICER_FILE_INVALID = (
        "officer_file_invalid",
        400,
        "The officer NIK file is refused whole: not a CSV with a `nik` column, or rows with an invalid NIK "
        "(`details` gives each line and its problem, never the value).",
    )
    POPULATION_FILE_INVALID = (
        "population_file_invalid",
        400,
        "The population file is refused whole: columns kabkota, population, year; `details` gives each bad line.",
    )
    SOURCE_REQUIRED = "source_required", 400, "An imported list or figure must name its source (1-300 characters)."
    LISTING_NOT_FOUND = "listing_not_found", 404, "No member listing with this id."
    LISTING_OTHER_PARTY = "listing_other_party", 403, "The listing belongs to another party than yours."
    LISTING_NOT_CURRENT = "listing_not_current", 409, "The listing has been removed already: nothing to decide."
    NOT_DOUBLE_MEMBERSHIP = (
        "not_double_membership",
        409,
        "The person is not (or no longer) listed by another party: there is no double membership to resolve.",
    )
    CHOSEN_PARTY_INVALID = "chosen_party_invalid", 400, "The party chosen is not one of the parties listing the person."
    STATEMENT_REQUIRED = "statement_required", 400, "The person's signed statement (PDF, JPEG or PNG) must be uploaded."
    STATEMENT_INVALID = "statement_invalid", 400, "The statement is not a whole PDF, JPEG or PNG file."
    STATEMENT_TOO_LARGE = "statement_too_large", 413, "The statement file is over the size limit (8 MB)."
