"""The error codes of the public information (hoax clarifications and rumour reports; see ``core.errors``).
Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class InformationErrorCode(ErrorCodes):
    ALREADY_PUBLISHED = "already_published", 409, "The clarification is already published."
    ANSWERS_REQUIRED = (
        "answers_required",
        400,
        "The four yes/no questions that determine a verdict must all be answered (true or false).",
    )
    CLAIM_REQUIRED = (
        "claim_required",
        400,
        "A clarification states the claim as it circulated (10 to 2,000 characters).",
    )
    CLARIFICATION_NOT_FOUND = "clarification_not_found", 404, "No clarification with this id (or not yet published)."
    CONTACT_INVALID = (
        "contact_invalid",
        400,
        "The contact is neither an Indonesian mobile number nor an e-mail address (the value is not repeated).",
    )
    EXPLANATION_REQUIRED = (
        "explanation_required",
        400,
        "A clarification explains the verdict (20 to 10,000 characters).",
    )
    FIRST_SEEN_INVALID = (
        "first_seen_invalid",
        400,
        "The first-seen date is not a date (YYYY-MM-DD) or lies in the future.",
    )
    INVALID_LINK = (
        "invalid_link",
        400,
        "A link is not an http(s) address of at most 500 characters (the field says which).",
    )
    INVALID_PLATFORM = "invalid_platform", 400, "The platform is not one of the list (facebook, x, tiktok, …)."
    RUMOUR_GROUP_DECIDED = (
        "rumour_group_decided",
        409,
        "The rumour group is already answered (linked to a clarification) or dismissed.",
    )
    RUMOUR_GROUP_NOT_FOUND = "rumour_group_not_found", 404, "No rumour group with this id."
    RUMOUR_TEXT_REQUIRED = (
        "rumour_text_required",
        400,
        "A rumour report says what circulated (10 to 2,000 characters).",
    )
    SAME_PERSON = "same_person", 403, "A clarification is published by a second person, not by its author."
    SCREENSHOT_NOT_IMAGE = (
        "screenshot_not_image",
        400,
        "The screenshot is not a whole JPEG or PNG image (judged by decoding it); nothing was stored.",
    )
    SCREENSHOT_TOO_LARGE = (
        "screenshot_too_large",
        413,
        "The screenshot is over 5 MB or 16 megapixels; nothing was stored.",
    )
    TOO_MANY_LINKS = "too_many_links", 400, "A clarification lists at most 10 evidence links."
    VERDICT_DISAGREES = (
        "verdict_disagrees",
        400,
        "The chosen verdict is not the one the answers to the questions determine (the message says which).",
    )
    VERDICT_REQUIRED = "verdict_required", 400, "A clarification without a verdict is refused."
