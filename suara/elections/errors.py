"""The error codes of elections, contests and candidates (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class ElectionErrorCode(ErrorCodes):
    CANDIDATES_FILE_INVALID = "candidates_file_invalid", 400, "The candidates file is refused whole (problems listed)."
    CONTEST_NOT_FOUND = "contest_not_found", 404, "No contest with this slug."
    ELECTION_NOT_FOUND = "election_not_found", 404, "No election with this slug."
    RESULTS_EXIST = "results_exist", 409, "The contest has results: its candidates can no longer change."
