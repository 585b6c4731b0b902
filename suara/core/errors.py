"""Domain errors: a stable machine code, the field at fault and an Indonesian message.

Services raise these; the API turns them into 4xx JSON and commands print them. A message never
carries personal data (NIK, KK, a name with a birth date).
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the user can act on. ``status`` is the HTTP status the API answers with."""

    status = 400

    def __init__(
        self,
        code: str,
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
            "rate_limited",
            f"Terlalu banyak permintaan. Coba lagi dalam {retry_after} detik.",
        )
        self.retry_after = retry_after
