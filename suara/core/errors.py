"""Domain errors: a stable machine code, the field at fault and an Indonesian message.

Services raise these; the API turns them into 4xx JSON and commands print them. A message never
carries personal data (NIK, KK, a name with a birth date).

Every code is a member of an ``ErrorCodes`` enum: ``ErrorCode`` below for the codes every app shares,
and one per app in ``suara/<app>/errors.py`` for its own. A member is a ``str`` equal to the code the API
sends, and declares the HTTP status it is answered with and what it means, from which docs/api.md's list
is generated (``suara docs-vocabulary``). Pure: no Django.
"""

from __future__ import annotations

import enum


class ErrorCodes(enum.StrEnum):
    """Base of the error-code enums. A member is declared as ``NAME = "code", status, "meaning"``:
    ``status`` the HTTP status the API answers with (a tuple when it depends on the path to it, "4xx" for
    the HTTP layer's own), ``meaning`` one line of English for the API documentation."""

    status: int | tuple[int, ...] | str
    meaning: str

    def __new__(cls, value: str, status: int | tuple[int, ...] | str, meaning: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.status = status
        member.meaning = meaning
        return member

    @property
    def statuses(self) -> tuple[int | str, ...]:
        return self.status if isinstance(self.status, tuple) else (self.status,)


class ErrorCode(ErrorCodes):
    """The codes any app answers with: the API's own (unknown path, bad body, limits) and the shared ones."""

    BAD_REQUEST = "bad_request", 400, "The request could not be read."
    FORBIDDEN = "forbidden", 403, "Your roles do not allow this action here (the message says why)."
    HTTP_ERROR = "http_error", "4xx", "Any other refusal of the HTTP layer, with its own status."
    INTERNAL_ERROR = "internal_error", 500, "A fault on the server (logged); never the client's input."
    INVALID_INPUT = (
        "invalid_input",
        (400, 422),
        "The body is not JSON, or fields are missing or malformed: `errors` lists them.",
    )
    INVALID_REGION_CODE = (
        "invalid_region_code",
        400,
        "Not a well-formed region code (2, 4, 6 or 10 digits), or not one of the level asked for.",
    )
    INVALID_TPS_CODE = "invalid_tps_code", 400, "A TPS code is 13 digits."
    METHOD_NOT_ALLOWED = "method_not_allowed", 405, "The path does not take this HTTP method (`Allow` says which)."
    NOT_FOUND = "not_found", 404, "No such path."
    OVERLOADED = "overloaded", 503, "The server is past capacity; nothing was done: retry after `Retry-After` seconds."
    PAYLOAD_TOO_LARGE = "payload_too_large", 413, "The body is over the size limit, refused before it is read."
    RATE_LIMITED = (
        "rate_limited",
        429,
        "Too many requests from this token or address: retry after `Retry-After` seconds.",
    )
    REASON_REQUIRED = "reason_required", 400, "A reason must be written (its length limits are in the message)."
    REGION_NOT_FOUND = "region_not_found", 404, "No region with this code (or none in this contest)."
    TPS_NOT_FOUND = "tps_not_found", 404, "No TPS with this code (or none in this contest)."
    UNAUTHENTICATED = (
        "unauthenticated",
        401,
        "The endpoint needs an API token, or the token given is not valid (revoked, expired, unknown).",
    )


class DomainError(Exception):
    """A refusal the user can act on. ``status`` is the HTTP status the API answers with."""

    status = 400

    def __init__(
        self,
        code: ErrorCodes,
        message: str,
        *,
        field: str | None = None,
        status: int | None = None,
        details: list[dict] | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = details
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        if self.details is not None:
            body["details"] = self.details
        return body


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class RateLimited(DomainError):
    status = 429

    def __init__(self, retry_after: int):
        super().__init__(
            ErrorCode.RATE_LIMITED,
            f"Terlalu banyak permintaan. Coba lagi dalam {retry_after} detik.",
        )
        self.retry_after = retry_after
