"""The error codes of the city integrations (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class IntegrationErrorCode(ErrorCodes):
    INTEGRATION_NOT_FOUND = "integration_not_found", 404, "No integration with this id among yours."
    INVALID_NAME = "invalid_name", 400, "An integration's name is 1 to 100 characters."
    INVALID_ORIGIN = (
        "invalid_origin",
        400,
        "Not an origin (scheme://host[:port], https unless local); the message says why.",
    )
    ORIGIN_EXISTS = "origin_exists", 409, "The origin is already registered on this integration."
    ORIGIN_NOT_FOUND = "origin_not_found", 404, "The origin is not registered on this integration."
    TOO_MANY_INTEGRATIONS = "too_many_integrations", 409, "An account has at most 10 integrations."
    TOO_MANY_ORIGINS = "too_many_origins", 409, "An integration has at most 20 origins."
    UNKNOWN_ACTION = "unknown_action", 400, "The integrator's page was sent an unknown action."
