"""The way from a lookup's answer to the complaint form: a token signed with the site's key, carried in the
answer page's form and posted back (never in a URL), naming the listing complained of by its id, valid for
``SUARA_PARTY_COMPLAINT_FORM_MINUTES``. So only someone who just got a hit, by NIK and the right name, can
complain about that listing; nothing personal is carried."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from suara.core.errors import DomainError
from suara.parties.errors import PartyErrorCode

_SALT = "suara.parties.complaint-form"


def complaint_token(member_id: int) -> str:
    return signing.dumps({"m": member_id}, salt=_SALT)


def complaint_token_read(token: object) -> int:
    """The listing's id, or DomainError when the token is missing, forged or expired."""
    try:
        payload = signing.loads(
            token if isinstance(token, str) else "",
            salt=_SALT,
            max_age=settings.SUARA_PARTY_COMPLAINT_FORM_MINUTES * 60,
        )
        member_id = payload["m"]
    except (signing.BadSignature, KeyError, TypeError):
        member_id = None
    if not isinstance(member_id, int):
        raise DomainError(
            PartyErrorCode.COMPLAINT_LINK_INVALID,
            "Formulir aduan ini sudah kedaluwarsa atau tidak sah. Lakukan pengecekan sekali lagi.",
            field="token",
        )
    return member_id
