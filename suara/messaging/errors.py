"""The error codes of SMS in and out (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class MessagingErrorCode(ErrorCodes):
    SMS_CHECK_CODE_INVALID = (
        "sms_check_code_invalid",
        403,
        "The SMS's check code is not the one its TPS's PIN gives, nor an unused code of its card.",
    )
    SMS_INBOUND_DISABLED = (
        "sms_inbound_disabled",
        503,
        "Inbound SMS are off: no webhook secret is configured (SUARA_SMS_WEBHOOK_SECRET).",
    )
    SMS_KEY_MISSING = "sms_key_missing", 403, "The TPS has no SMS PIN issued: its KPPS chair issues one first."
    SMS_MESSAGE_ID_REUSED = (
        "sms_message_id_reused",
        409,
        "The gateway sent another message under an id already acted on.",
    )
    SMS_SIGNATURE_INVALID = (
        "sms_signature_invalid",
        401,
        "The webhook's signature is missing or does not match its body and timestamp.",
    )
    SMS_WEBHOOK_INVALID = "sms_webhook_invalid", 400, "The webhook's body is not the JSON {id, from, text} expected."
    SMS_WEBHOOK_STALE = (
        "sms_webhook_stale",
        401,
        "The webhook's timestamp is missing or outside the accepted window (a replayed or delayed request).",
    )
