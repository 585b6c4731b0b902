"""The error codes of the network readiness of the TPS (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class NetworkErrorCode(ErrorCodes):
    NETWORK_TPS_NOT_FOUND = (
        "network_tps_not_found",
        (400, 404),
        "No TPS with this code in the geography (400 when the code is not 13 digits).",
    )
    NETWORK_REGION_NOT_FOUND = "network_region_not_found", 404, "No kab/kota, kecamatan or desa with this code."
    NETWORK_REGION_INVALID = (
        "network_region_invalid",
        400,
        "The readiness dashboard is kept per kab/kota, kecamatan or desa: a 4, 6 or 10 digit code it knows.",
    )
    OPERATOR_UNKNOWN = "operator_unknown", 400, "Not one of the cellular operators Suara keeps (`/jaringan/operator`)."
    SIGNAL_KIND_UNKNOWN = "signal_kind_unknown", 400, "The signal kind is not one of none, voice, 3g, 4g."
    SURVEY_EMPTY = "survey_empty", 400, "A survey names at least one operator's signal, each operator once."
    SURVEY_TIME_INVALID = (
        "survey_time_invalid",
        400,
        "The survey's time lies in the future or beyond the age limit of the readiness rules.",
    )
    SURVEY_MEASURE_INVALID = (
        "survey_measure_invalid",
        400,
        "The effective type, probe time or location is malformed (latitude and longitude go together).",
    )
    SURVEY_REPLAYED = (
        "survey_replayed",
        409,
        "This survey id was recorded already with other contents: a resend must be the same survey.",
    )
    REMEDY_UNKNOWN = "remedy_unknown", 400, "The action is not one of the remediation kinds."
    REMEDIATION_TPS_INVALID = (
        "remediation_tps_invalid",
        400,
        "An action names 1 to 500 known TPS, all of one kab/kota.",
    )
    REMEDIATION_FIELD_INVALID = (
        "remediation_field_invalid",
        400,
        "The owner is missing or too long, the due date malformed, or the note too long (`field`).",
    )
    REMEDIATION_NOT_FOUND = "remediation_not_found", 404, "No remediation action with this id in your area."
    REMEDIATION_STATUS_MOVE = (
        "remediation_status_move",
        (400, 409),
        "The action's status cannot go there: done and cancelled are final (400: not a status).",
    )
    REMEDIATION_STALE = (
        "remediation_stale",
        409,
        "The action changed since the version you read: read it again before changing it.",
    )
