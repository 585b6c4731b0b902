"""Check codes of SMS commands. Pure: no Django.

A TPS has a PIN (8 digits, issued once to its KPPS chair). The officer's app computes, for the text of
an SMS command, its check code:

    key   = SHA-256("suara-sms:" + TPS code + ":" + PIN)                       (32 bytes)
    code  = HMAC-SHA256(key, canonical text) as a big-endian integer, mod 1,000,000, 6 digits

where the canonical text is the command without its check code, its words in upper case, numbers
without leading zeros, joined by one space (``results/sms/format.py`` builds it). Test vector:
TPS 3276011006001, PIN 12345678, text "HASIL PPWP 3276011006001 1 2" → 702031.

Officers without the app use a printed card of one-time codes instead (``card_codes``): any unused code
of the card stands for the check code, once.

The server keeps neither the PIN nor the key: the key is stored XOR a pad derived from the server's
secret (``wrap``), so that the database alone does not let anyone forge a code; a card's codes are kept
as HMACs under the server's secret (``card_digest``)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

CODE_DIGITS = 6
PIN_DIGITS = 8
CARD_SIZE = 20


def pin_new() -> str:
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def pin_key(tps: str, pin: str) -> bytes:
    return hashlib.sha256(f"suara-sms:{tps}:{pin}".encode()).digest()


def check_code(key: bytes, canonical: str) -> str:
    mac = hmac.new(key, canonical.encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(mac, 'big') % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def check_code_matches(key: bytes, canonical: str, code: str) -> bool:
    return hmac.compare_digest(check_code(key, canonical), code)


def _pad(secret: str, tps: str) -> bytes:
    return hmac.new(secret.encode(), f"suara-sms-key:{tps}".encode(), hashlib.sha256).digest()


def wrap(secret: str, tps: str, key: bytes) -> str:
    """The key as stored: XOR a pad only the server's secret gives; hex."""
    return bytes(a ^ b for a, b in zip(key, _pad(secret, tps), strict=True)).hex()


def unwrap(secret: str, tps: str, wrapped: str) -> bytes:
    return bytes(a ^ b for a, b in zip(bytes.fromhex(wrapped), _pad(secret, tps), strict=True))


def card_codes(size: int = CARD_SIZE) -> list[str]:
    """``size`` distinct random codes of 6 digits, in card order."""
    codes: list[str] = []
    while len(codes) < size:
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        if code not in codes:
            codes.append(code)
    return codes


def card_digest(secret: str, tps: str, code: str) -> str:
    return hmac.new(secret.encode(), f"suara-sms-card:{tps}:{code}".encode(), hashlib.sha256).hexdigest()
