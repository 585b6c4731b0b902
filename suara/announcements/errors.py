"""The error codes of announcements (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class AnnouncementErrorCode(ErrorCodes):
    ANNOUNCEMENT_NOT_FOUND = (
        "announcement_not_found",
        404,
        "No announcement with this id (or, for the public, none published under it).",
    )
    ANNOUNCEMENT_WRONG_STATE = (
        "announcement_wrong_state",
        409,
        "The announcement's state does not allow this step (the message says which state it is in).",
    )
    ATTACHMENT_INVALID = (
        "attachment_invalid",
        400,
        "An attachment is not a whole PDF, JPEG or PNG file (judged by its content, not its name).",
    )
    ATTACHMENT_NOT_FOUND = "attachment_not_found", 404, "The announcement has no such attachment."
    ATTACHMENT_TOO_LARGE = (
        "attachment_too_large",
        413,
        "An attachment is over its size limit (PDF 10 MB; images 8 MB and 16 megapixels).",
    )
    BODY_REQUIRED = "body_required", 400, "An announcement has a body of 20 to 20,000 characters."
    EVENT_INVALID = (
        "event_invalid",
        400,
        "The event's start or end is not a date and time (YYYY-MM-DDTHH:MM, WIB), or ends before it starts.",
    )
    PUBLISH_AT_INVALID = "publish_at_invalid", 400, "The publication time is not a date and time (YYYY-MM-DDTHH:MM)."
    PUBLISH_AT_PAST = (
        "publish_at_past",
        400,
        "An announcement is scheduled for a time in the future, not now or in the past.",
    )
    SECOND_PERSON_REQUIRED = (
        "second_person_required",
        403,
        "An announcement is approved or rejected by a second person, not by one who wrote it.",
    )
    TITLE_REQUIRED = "title_required", 400, "An announcement has a title of 5 to 200 characters."
    TOO_MANY_ATTACHMENTS = "too_many_attachments", 400, "An announcement carries at most 5 attachments."
    TRANSLATION_INCOMPLETE = (
        "translation_incomplete",
        400,
        "The English translation, when given, has both a title and a body within the same limits.",
    )
    UNKNOWN_CATEGORY = (
        "unknown_category",
        (400, 404),
        "Not one of the categories (tahapan, rekrutmen, dpb, …): 400 as a filter or field, 404 in a feed's path.",
    )
    UNKNOWN_LANGUAGE = "unknown_language", 400, "A feed or calendar speaks id or en (`?bahasa=`)."
