"""The error codes of party membership: parties, member lists and their checks, factual verification,
the public check and its complaints, and the watch (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class PartyErrorCode(ErrorCodes):
    PARTY_NOT_FOUND = "party_not_found", 404, "No party with this code or ballot number in the election."
    PARTIES_DATA_INVALID = "parties_data_invalid", 400, "The parties' data is refused whole (the message says why)."

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
