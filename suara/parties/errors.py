"""The error codes of party membership: parties, member lists and their checks, factual verification,
the public check and its complaints, and the watch (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class PartyErrorCode(ErrorCodes):
    PARTY_NOT_FOUND = "party_not_found", 404, "No party with this code or ballot number in the election."
    PARTIES_DATA_INVALID = "parties_data_invalid", 400, "The parties' data is refused whole (the message says why)."

    # -- members: member-list uploads, their versions and exports (parties.members) --
    MEMBERS_FILE_EMPTY = "members_file_empty", 400, "The member list file is empty: no header row, or no rows under it."
    MEMBERS_BAD_HEADER = "members_bad_header", 400, "The member list's first row is not the documented header."
    MEMBERS_NOT_UTF8 = "members_not_utf8", 400, "The member list is not UTF-8 text: save it as CSV UTF-8 or XLSX."
    MEMBERS_XLS_UNSUPPORTED = "members_xls_unsupported", 400, "Old binary XLS files are refused: save as XLSX or CSV."
    MEMBERS_BAD_XLSX = "members_bad_xlsx", 400, "The XLSX file cannot be opened."
    MEMBERS_REGIONS_NOT_LOADED = "members_regions_not_loaded", 409, "The Kemendagri region tree is not loaded yet."
    MEMBER_VERSION_NOT_FOUND = "member_version_not_found", 404, "The party has no member list version with this number."
