"""The server's VAPID key (RFC 8292), with which push services know our notifications come from us: a
P-256 key pair. A browser subscribes with the public key (``applicationServerKey``); each push carries a
token signed with the private key.

The private key is ``SUARA_VAPID_PRIVATE_KEY`` (its PEM, or the 32-byte private number in base64url) or,
unset, ``SUARA_VAR_DIR/vapid_p256.pem`` (mode 0600), which ``suara push-keys`` writes (and which is made
on first use otherwise, as the receipt key is); never in the repository. A new key makes every existing
subscription useless (browsers bound them to the old public key), so ``suara push-keys --rotate`` is for a
leaked key only."""

from __future__ import annotations

import base64
import os
import re
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from suara.channels.errors import ChannelErrorCode
from suara.core import caches
from suara.core.errors import DomainError

KEY_FILE = "vapid_p256.pem"
_B64URL = re.compile(r"[A-Za-z0-9_-]+")

_lock = threading.Lock()
_keys: dict[tuple[str, str], ec.EllipticCurvePrivateKey] = {}
caches.register("channels.vapid_keys", _keys.clear)


def key_path() -> Path:
    return Path(settings.VAR_DIR) / KEY_FILE


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _from_setting(value: str) -> ec.EllipticCurvePrivateKey:
    try:
        if "BEGIN" in value:
            key = serialization.load_pem_private_key(value.encode(), password=None)
        else:
            text = value.strip().rstrip("=")
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)) if _B64URL.fullmatch(text) else b""
            if len(raw) != 32:
                raise ValueError("not 32 bytes of base64url")
            key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("SUARA_VAPID_PRIVATE_KEY must be a P-256 private key (PEM or base64url).") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ImproperlyConfigured("SUARA_VAPID_PRIVATE_KEY must be a P-256 private key.")
    return key


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def write_key(path: Path, *, replace: bool = False) -> bool:
    """Writes a new key at ``path`` unless one is there (or ``replace``); True when it wrote one. The
    first process to get here writes it (O_EXCL link), every other reads it."""
    if path.exists() and not replace:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(_pem(ec.generate_private_key(ec.SECP256R1())))
    try:
        if replace:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        tmp.unlink(missing_ok=True)


def private_key() -> ec.EllipticCurvePrivateKey:
    """The key, read once per process (per setting and var directory)."""
    ident = (settings.SUARA_VAPID_PRIVATE_KEY, str(settings.VAR_DIR))
    key = _keys.get(ident)
    if key is not None:
        return key
    with _lock:
        if settings.SUARA_VAPID_PRIVATE_KEY:
            key = _from_setting(settings.SUARA_VAPID_PRIVATE_KEY)
        else:
            path = key_path()
            write_key(path)
            loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(loaded, ec.EllipticCurvePrivateKey):
                raise ImproperlyConfigured(f"{path} is not a P-256 key")
            key = loaded
        _keys[ident] = key
        return key


def public_key_b64() -> str:
    """The public key as browsers take it: the uncompressed point, base64url without padding."""
    point = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return b64url(point)


def public_key_or_refuse() -> str:
    """The public key, or DomainError ``push_unavailable`` (503) when the configured key is not one."""
    try:
        return public_key_b64()
    except ImproperlyConfigured:
        raise DomainError(
            ChannelErrorCode.PUSH_UNAVAILABLE, "Notifikasi push belum disiapkan di server ini.", status=503
        ) from None


def private_pem() -> str:
    return _pem(private_key()).decode()
