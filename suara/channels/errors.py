"""The error codes of the channels (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class ChannelErrorCode(ErrorCodes):
    ASSET_NOT_FOUND = "asset_not_found", 404, "No playlist asset with this id (or no card for this item)."
    ASSET_TOO_LARGE = "asset_too_large", (400, 413), "An uploaded asset is over its size limit (the message says it)."
    ASSET_TYPE_INVALID = (
        "asset_type_invalid",
        400,
        "An uploaded asset is not a PNG, JPEG or WebP image nor an MP4 or WebM video, judged by its bytes "
        "(an image must also decode whole).",
    )
    CHANNEL_ITEM_NOT_FOUND = "channel_item_not_found", 404, "No item with this key was published on the channels."
    CHANNEL_UNKNOWN = (
        "channel_unknown",
        400,
        "A channel named is not one of web, feed, api, ical, whatsapp, telegram, card, videotron, push.",
    )
    PLAYLIST_DATES_INVALID = (
        "playlist_dates_invalid",
        400,
        "A playlist entry's dates are missing or malformed (YYYY-MM-DD), or it ends before it starts.",
    )
    PLAYLIST_ENTRY_NOT_FOUND = "playlist_entry_not_found", 404, "No such entry in this site's playlist."
    PLAYLIST_ORDER_INVALID = (
        "playlist_order_invalid",
        400,
        "A new order must name every entry of the site's playlist exactly once.",
    )
    PLAYLIST_SLOT_INVALID = (
        "playlist_slot_invalid",
        400,
        "A slot's length is a whole number of seconds from 1 to 600.",
    )
    PLAYLIST_WINDOW_INVALID = (
        "playlist_window_invalid",
        400,
        "A daily time window is missing or malformed (HH:MM), or it ends before (or when) it starts; "
        "overlapping windows of several entries are allowed.",
    )
    PUSH_ENDPOINT_INVALID = (
        "push_endpoint_invalid",
        400,
        "A push subscription's endpoint is not an https URL of a known push service (at most 1,000 characters).",
    )
    PUSH_KEYS_INVALID = (
        "push_keys_invalid",
        400,
        "A push subscription's keys are missing or malformed: p256dh is an uncompressed P-256 point (65 bytes) "
        "and auth 16 bytes, both base64url.",
    )
    PUSH_UNAVAILABLE = "push_unavailable", 503, "Web Push is not set up on this server (no VAPID key)."
    SITE_INVALID = (
        "site_invalid",
        400,
        "A videotron site's field is missing or malformed (the field names it): a name, an owner, an address, "
        "a screen resolution from 64 to 16,384 pixels a side.",
    )
    SITE_NOT_FOUND = "site_not_found", 404, "No videotron or billboard site with this id."
