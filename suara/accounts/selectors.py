"""Reads of accounts that other apps share."""

from __future__ import annotations

from suara.accounts.models import User
from suara.core.phones import phone_normalise


def users_by_phone(phone: str) -> list[User]:
    """The active accounts registered with this mobile number (any written form), oldest first."""
    normalised = phone_normalise(phone)
    if not normalised:
        return []
    return list(User.objects.filter(phone=normalised, is_active=True).order_by("pk"))
