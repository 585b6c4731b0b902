"""Indonesian mobile numbers in one form. Pure: no Django.

A number is written many ways: ``+62 812-3456-7890``, ``0812 3456 7890``, ``62812...``. Suara keeps one:
the country code and the subscriber number, digits only (``6281234567890``), which is what SMS gateways
send and take. ``phone_normalise`` returns it, or None for anything that is not a plausible Indonesian
mobile number (8 followed by 8 to 11 digits after the country code)."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-.()/]")
_MOBILE = re.compile(r"628\d{8,11}")


def phone_normalise(text: str) -> str | None:
    """``+62 812-3456-7890``, ``0812 3456 7890``, ``62812...`` → ``6281234567890``; None when not a mobile
    number of Indonesia."""
    if not isinstance(text, str) or len(text) > 32:
        return None
    digits = _SEPARATORS.sub("", text.strip())
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("0"):
        digits = "62" + digits[1:]
    if not digits.isascii() or not digits.isdigit():
        return None
    return digits if _MOBILE.fullmatch(digits) else None


def phone_masked(phone: str) -> str:
    """For pages and logs that must tell numbers apart without showing them: ``62812****7890``."""
    return phone[:5] + "*" * max(0, len(phone) - 9) + phone[-4:] if len(phone) > 9 else "*" * len(phone)
