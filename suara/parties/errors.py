"""The error codes of party membership: parties, member lists and their checks, factual verification,
the public check and its complaints, and the watch (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class PartyErrorCode(ErrorCodes):
    PARTY_NOT_FOUND = "party_not_found", 404, "No party with this code or ballot number in the election."
    PARTIES_DATA_INVALID = "parties_data_invalid", 400, "The parties' data is refused whole (the message says why)."
