"""The audit actions of the channels (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class ChannelAuditAction(AuditActions):
    PUBLISH = (
        "channels.publish",
        "An item was published on one channel: its text or card made, its videotron entries added, its pushes "
        "queued, or its web channel recorded (object: the item's key; one event for each channel).",
    )
    PUSH_DELIVER = (
        "channels.push_deliver",
        "The Web Push notifications of an item's publication were sent: counts sent, failed and gone "
        "(subscriptions removed) (object: the item's key).",
    )
    PUSH_SUBSCRIBE = (
        "channels.push_subscribe",
        "Someone subscribed a browser to a region's notifications (object: the region; no endpoint recorded).",
    )
    PUSH_UNSUBSCRIBE = (
        "channels.push_unsubscribe",
        "A browser's subscription to notifications was removed (object: the region, '' for every region).",
    )
    SITE_SAVE = "channels.site_save", "A videotron or billboard site was created or changed (object: its id)."
    SITE_TOKEN = (
        "channels.site_token",
        "A site's operator link (its schedule export without sign-in) was issued anew; the old one stops working "
        "(object: the site's id).",
    )
    PLAYLIST_ADD = "channels.playlist_add", "An entry was added to a site's playlist (object: the site's id)."
    PLAYLIST_REMOVE = "channels.playlist_remove", "An entry was removed from a site's playlist (object: the site's id)."
    PLAYLIST_REORDER = "channels.playlist_reorder", "A site's playlist was put in a new order (object: the site's id)."
