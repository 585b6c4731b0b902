"""The error codes of party membership: parties, member lists and their checks, factual verification,
the public check and its complaints, and the watch (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class PartyErrorCode(ErrorCodes):
    PARTY_NOT_FOUND = "party_not_found", 404, "No party with this code or ballot number in the election."
    PARTIES_DATA_INVALID = "parties_data_invalid", 400, "The parties' data is refused whole (the message says why)."

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
