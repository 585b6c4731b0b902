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
    WATCH_NIK_INVALID = (
        "watch_nik_invalid",
        400,
        "The NIK to watch is not a NIK (16 digits, a real birth date, a serial other than 0000); never echoed.",
    )
    WATCH_ENTRY_INVALID = (
        "watch_entry_invalid",
        400,
        "A watched person's name (1-150 characters) or note (up to 100) is missing or too long: the field names which.",
    )
    WATCH_ENTRY_EXISTS = "watch_entry_exists", 409, "The NIK is already on this watchlist."
    WATCH_ENTRY_NOT_FOUND = "watch_entry_not_found", 404, "The NIK is not on this watchlist."
    # --- verification: factual verification on a sample (parties.verification) ---
    SAMPLE_NOT_FOUND = "sample_not_found", 404, "No verification sample with this id that you may see."
    SAMPLE_EXISTS = "sample_exists", 409, "The party already has a verification sample in this kab/kota."
    SAMPLE_FRAME_EMPTY = (
        "sample_frame_empty",
        409,
        "The party has no eligible (MS) listing in this kab/kota to draw a sample from.",
    )
    SAMPLED_MEMBER_NOT_FOUND = "sampled_member_not_found", 404, "This member is not in this verification sample."
    VERIFICATION_INPUT_INVALID = (
        "verification_input_invalid",
        400,
        "A verification entry is malformed: the field names what (method, finding, outcome, time, key).",
    )
    ATTEMPT_OUT_OF_ORDER = (
        "attempt_out_of_order",
        409,
        "Attempts go home visit, party-office gathering, video call, each at most once, and stop once the "
        "person is met or the member is decided.",
    )
    DECISION_OUT_OF_ORDER = (
        "decision_out_of_order",
        409,
        "A member is decided after at least one attempt, once: the message says which step is missing or done.",
    )
    OUTCOME_INCONSISTENT = (
        "outcome_inconsistent",
        400,
        "The outcome differs from what the last attempt found.",
    )
    REPLACEMENT_NOT_ALLOWED = (
        "replacement_not_allowed",
        409,
        "Only a sampled (not replacement) member decided TMS gets a replacement.",
    )
    REPLACEMENT_ALREADY_DRAWN = (
        "replacement_already_drawn",
        409,
        "This failed member already has its one replacement.",
    )
    REPLACEMENT_RESERVE_EMPTY = (
        "replacement_reserve_empty",
        409,
        "Every listing of the frame is already in the sample or a replacement.",
    )
    SAMPLE_UNDECIDED = "sample_undecided", 409, "Members of the sample are not decided yet: the result waits."
    SAMPLE_FINALISED = "sample_finalised", 409, "The sample's result is final: nothing more is recorded on it."
    IDEMPOTENCY_KEY_REUSED = (
        "idempotency_key_reused",
        409,
        "This key was already used for a different entry (a resend must repeat the same entry).",
    )
    # lookup: the public check "is my NIK listed by a party?" and its complaints
    COMPLAINT_LINK_INVALID = (
        "complaint_link_invalid",
        400,
        "The complaint form was not reached from a fresh answer of the check, or that answer expired: check again.",
    )
    COMPLAINT_CONTACT_REQUIRED = "complaint_contact_required", 400, "A phone number or an email address is required."
    COMPLAINT_EMAIL_INVALID = "complaint_email_invalid", 400, "The email address is not a valid address."
    COMPLAINT_PHONE_INVALID = "complaint_phone_invalid", 400, "The phone number is not an Indonesian mobile number."
    COMPLAINT_STATEMENT_REQUIRED = (
        "complaint_statement_required",
        400,
        "The signed statement (photo or PDF) is required.",
    )
    COMPLAINT_FILE_INVALID = (
        "complaint_file_invalid",
        400,
        "A file is not a whole JPEG, PNG or PDF document (the field names which).",
    )
    COMPLAINT_FILE_TOO_LARGE = "complaint_file_too_large", 400, "A file is over 8 MB or 16 megapixels."
    COMPLAINT_LISTING_GONE = (
        "complaint_listing_gone",
        409,
        "The listing complained of is no longer on the party's list.",
    )
    COMPLAINT_ALREADY_OPEN = "complaint_already_open", 409, "A complaint about this listing is already open."
    COMPLAINT_NOT_FOUND = "complaint_not_found", 404, "No complaint with this case code."
    COMPLAINT_OUT_OF_ORDER = (
        "complaint_out_of_order",
        409,
        "The step does not follow the complaint's state (e.g. removing a listing before clarification).",
    )
    COMPLAINT_REASON_REQUIRED = "complaint_reason_required", 400, "A rejection needs its reason."
    COMPLAINT_REPORT_REQUIRED = "complaint_report_required", 400, "A decision needs its berita acara as a PDF."
    COMPLAINT_ANSWER_REQUIRED = "complaint_answer_required", 400, "The party's answer is empty or too long."
    COMPLAINT_ALREADY_ANSWERED = "complaint_already_answered", 409, "The party has answered this complaint already."
    # -- members: member-list uploads, their versions and exports (parties.members) --
    MEMBERS_FILE_EMPTY = "members_file_empty", 400, "The member list file is empty: no header row, or no rows under it."
    MEMBERS_BAD_HEADER = "members_bad_header", 400, "The member list's first row is not the documented header."
    MEMBERS_NOT_UTF8 = "members_not_utf8", 400, "The member list is not UTF-8 text: save it as CSV UTF-8 or XLSX."
    MEMBERS_XLS_UNSUPPORTED = "members_xls_unsupported", 400, "Old binary XLS files are refused: save as XLSX or CSV."
    MEMBERS_BAD_XLSX = "members_bad_xlsx", 400, "The XLSX file cannot be opened."
    MEMBERS_REGIONS_NOT_LOADED = "members_regions_not_loaded", 409, "The Kemendagri region tree is not loaded yet."
    MEMBER_VERSION_NOT_FOUND = "member_version_not_found", 404, "The party has no member list version with this number."
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
