"""One-time codes: what an officer types once, with their username, to set a password (activation, or after
a reset). Ten characters from 32 that cannot be mistaken for one another on paper (no 0/O, 1/I), so 50
random bits, printed as ``ABCDE-FGHJK``; case, spaces and dashes do not matter when typed.

Only ``code_digest`` is stored: HMAC-SHA256 keyed with a key derived from the secret key, over the
username and the code, so a stolen table gives nothing to try offline without the key, and a code works
only for its own account. A fast keyed hash rather than Argon2: the codes are random (nothing to guess
from a dictionary), attempts are rate-limited per account, and a national bulk creation writes 800,000
of them. Changing SUARA_SECRET_KEY invalidates the codes not yet used (issue new ones).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 10
_VALUE_LIMIT = len(ALPHABET) ** LENGTH


def code_new() -> str:
    """A fresh random code, as printed (``ABCDE-FGHJK``)."""
    value = secrets.randbelow(_VALUE_LIMIT)
    chars = []
    for _ in range(LENGTH):
        value, digit = divmod(value, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return f"{''.join(chars[:5])}-{''.join(chars[5:])}"


def code_normalise(typed: str) -> str | None:
    """The code as hashed (ten characters of the alphabet), or None when the text cannot be one."""
    if not isinstance(typed, str) or len(typed) > 40:
        return None
    compact = "".join(typed.split()).replace("-", "").upper()
    if len(compact) != LENGTH or any(c not in ALPHABET for c in compact):
        return None
    return compact


def digest_key() -> bytes:
    """The HMAC key: the secret key, separated from its other uses by a label."""
    return hashlib.sha256(b"suara.accounts.one-time-code:" + settings.SECRET_KEY.encode()).digest()


def code_digest(username: str, code: str, key: bytes | None = None) -> str:
    """The stored form of ``code`` (as printed or as normalised) for ``username``."""
    compact = code.replace("-", "")
    message = f"{username}\n{compact}".encode()
    return hmac.new(key or digest_key(), message, hashlib.sha256).hexdigest()
