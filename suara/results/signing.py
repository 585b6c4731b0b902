"""Receipts: the server's Ed25519 signature over a stored version of a TPS's result, which the KPPS
shows witnesses and supervisors (also as a QR code) and anyone can check (``results.receipts``).

The payload names the contest, the TPS, the version's number, the SHA-256 of its tally in canonical
JSON, the photos the tally named (by the hashes it named them with), when it was stored and how it came
(app, web form, SMS). The token is ``base64url(payload) "." base64url(signature)``, unpadded; the payload
is canonical JSON, so the same version always gets the same token (Ed25519 is deterministic): a replayed
submission is answered with the receipt it was first given.

The private key is ``SUARA_RECEIPT_KEY`` (32 bytes, base64) or, unset, one generated once into
``SUARA_VAR_DIR/receipt_ed25519.key`` (mode 0600) and kept; it is never in the repository.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from suara.results.models import ResultVersion

KEY_FILE = "receipt_ed25519.key"
TOKEN_MAX = 4000
_B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's: no I, L, O, U to misread


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_lock = threading.Lock()
_keys: dict[tuple[str, str], Ed25519PrivateKey] = {}


def _key_path() -> Path:
    return Path(settings.VAR_DIR) / KEY_FILE


def private_key() -> Ed25519PrivateKey:
    """The signing key, read once per process (per setting and var directory)."""
    ident = (settings.SUARA_RECEIPT_KEY, str(settings.VAR_DIR))
    key = _keys.get(ident)
    if key is not None:
        return key
    with _lock:
        if settings.SUARA_RECEIPT_KEY:
            try:
                seed = base64.b64decode(settings.SUARA_RECEIPT_KEY.replace("-", "+").replace("_", "/") + "==")
                key = Ed25519PrivateKey.from_private_bytes(seed[:32] if len(seed) >= 32 else seed)
            except (binascii.Error, ValueError) as exc:
                from django.core.exceptions import ImproperlyConfigured

                raise ImproperlyConfigured("SUARA_RECEIPT_KEY must be 32 bytes in base64.") from exc
        else:
            key = _var_key(_key_path())
        _keys[ident] = key
        return key


def _var_key(path: Path) -> Ed25519PrivateKey:
    """Made once: the first process to get here writes it (O_EXCL), every other reads it."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
        try:
            os.link(tmp, path)  # fails if another process made it first: theirs is kept
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return key


def public_key_raw(key: Ed25519PublicKey | None = None) -> bytes:
    key = key or private_key().public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem() -> str:
    return (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_id(raw_public: bytes) -> str:
    return hashlib.sha256(raw_public).hexdigest()[:16]


def load_public_key(text: str | bytes) -> Ed25519PublicKey:
    """A public key as a PEM file or 32 raw bytes in base64 (``GET /api/v1/receipts/key``)."""
    data = text.encode() if isinstance(text, str) else text
    if b"BEGIN PUBLIC KEY" in data:
        key = serialization.load_pem_public_key(data)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 key")
        return key
    return Ed25519PublicKey.from_public_bytes(unb64(data.decode().strip()))


def tally_digest(tally: dict) -> str:
    return hashlib.sha256(json.dumps(dict(tally), sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def receipt_payload(version: ResultVersion, *, contest: str, tps: str, photos: list[str]) -> dict:
    return {
        "contest": contest,
        "tps": tps,
        "number": version.number,
        "kind": version.kind,
        "tally_sha256": tally_digest(version.tally),
        "photos": list(photos),
        "submitted_at": version.submitted_at.isoformat(),
        "channel": version.channel,
        "key": current_key_id(),
    }


def current_key_id() -> str:
    key = private_key()
    found = _KEY_IDS.get(key)
    if found is None:
        found = _KEY_IDS[key] = key_id(public_key_raw(key.public_key()))
    return found


_KEY_IDS: dict[Ed25519PrivateKey, str] = {}  # computed once per key (held here, so never another key's id)


def sign(payload: dict) -> str:
    body = _canonical(payload)
    return f"{b64(body)}.{b64(private_key().sign(body))}"


def short_code(token: str) -> str:
    """``XXXX-XXXX``: eight characters of the token's hash, for an SMS reply or to read aloud."""
    number = int.from_bytes(hashlib.sha256(token.encode()).digest()[:5], "big")
    chars = "".join(_B32[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"{chars[:4]}-{chars[4:]}"


@dataclass(frozen=True)
class Opened:
    """A token's payload and whether the signature holds; ``problem`` says why not (Indonesian)."""

    payload: dict | None
    problem: str = ""


def open_token(token: str, public: Ed25519PublicKey | None = None) -> Opened:
    """Reads and checks a token's signature, never raising on what a visitor may type."""
    token = (token or "").strip()
    if not token or len(token) > TOKEN_MAX or token.count(".") != 1:
        return Opened(None, "bentuk tanda terima tidak dikenali")
    head, _, tail = token.partition(".")
    try:
        body, signature = unb64(head), unb64(tail)
        payload = json.loads(body)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return Opened(None, "bentuk tanda terima tidak dikenali")
    if not isinstance(payload, dict):
        return Opened(None, "bentuk tanda terima tidak dikenali")
    public = public or private_key().public_key()
    try:
        public.verify(signature, body)
    except InvalidSignature:
        return Opened(payload, "tanda tangan tidak cocok: tanda terima diubah, atau bukan dari server ini")
    if _canonical(payload) != body:
        return Opened(payload, "isi tanda terima tidak dalam bentuk bakunya")
    return Opened(payload)
