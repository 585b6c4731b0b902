"""The server's sharing key and the fingerprint secrets derived from it (``fingerprint.extract_secret``), and
where an agreement's impact assessment is kept. The key is ``SUARA_SHARING_KEY``, or derived from the secret
key when that is unset (development); a secret is never stored, only its key id."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from django.conf import settings

from suara.sharing.fingerprint import extract_secret


def server_key() -> bytes:
    configured = settings.SUARA_SHARING_KEY
    if configured:
        return configured.encode("utf-8")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), b"suara-sharing-key", hashlib.sha256).digest()


def secret_of(key_id: str) -> bytes:
    return extract_secret(server_key(), key_id)


def new_key_id() -> str:
    return secrets.token_hex(8)


def dpia_path(sha256: str) -> Path:
    return Path(settings.PRIVATE_DIR) / "sharing" / "dpia" / f"{sha256}.pdf"
