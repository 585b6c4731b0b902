"""The error codes of party membership: parties, member lists and their checks, factual verification,
the public check and its complaints, and the watch (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class PartyErrorCode(ErrorCodes):
    PARTY_NOT_FOUND = "party_not_found", 404, "No party with this code or ballot number in the election."
    PARTIES_DATA_INVALID = "parties_data_invalid", 400, "The parties' data is refused whole (the message says why)."

    # --- the daily watch (parties.watch) ---
    WATCH_FILE_NOT_UTF8 = "watch_file_not_utf8", 400, "A watchlist file is not UTF-8 text (save it as CSV UTF-8)."
    WATCH_FILE_HEADER = (
        "watch_file_header",
        400,
        "A watchlist file's first line must name its columns: nik, nama[, keterangan].",
    )
    WATCH_FILE_EMPTY = "watch_file_empty", 400, "A watchlist file has no data rows."
    WATCH_FILE_TOO_LARGE = "watch_file_too_large", 413, "A watchlist file is over the size or row limit."
    WATCH_NO_VALID_ROWS = (
        "watch_no_valid_rows",
        400,
        "Every row of a watchlist file was refused: nothing changed; `details` lists each row's line and code.",
    )
    WATCHLIST_NAME_INVALID = "watchlist_name_invalid", 400, "A watchlist's name is 1-100 characters."
    WATCHLIST_MODE_INVALID = "watchlist_mode_invalid", 400, "A watchlist upload replaces the list or adds to it."
    WATCHLIST_NOT_FOUND = "watchlist_not_found", 404, "No watchlist with this id in the organisation."
    WATCH_REPORT_NOT_FOUND = "watch_report_not_found", 404, "No watch report with this id in the organisation."
