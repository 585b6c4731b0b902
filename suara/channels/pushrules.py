"""Web Push, the rules: what a browser's PushSubscription must be to be kept, and what a notification
carries. Pure: no Django.

A subscription is kept only when its endpoint is an https URL on a known push service's host (settings
``SUARA_PUSH_SERVICE_HOSTS``: the server posts to that URL at every publication, so an endpoint anywhere
else would make it post wherever a stranger asks), and its keys are those the browser made: ``p256dh`` an
uncompressed point of P-256 (65 bytes), ``auth`` 16 random bytes, both base64url (RFC 8291)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec

from suara.channels.item import Item
from suara.channels.texts import fit

ENDPOINT_MAX_LENGTH = 1000
KEY_MAX_LENGTH = 200
TITLE_CHARS = 120
BODY_CHARS = 240
# A push message's encrypted record holds 4,096 bytes; its plaintext at most 3,993 (RFC 8291 § 4).
PAYLOAD_MAX_BYTES = 3993


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


def unb64url(text: str) -> bytes:
    text = text.strip()
    if not text or any(c not in _B64URL for c in text.rstrip("=")):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def endpoint_ok(endpoint: object, hosts: tuple[str, ...]) -> bool:
    """Whether ``endpoint`` is an https URL on one of ``hosts`` (a host itself or a name beneath it)."""
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > ENDPOINT_MAX_LENGTH:
        return False
    if any(c.isspace() or ord(c) < 32 for c in endpoint):
        return False
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or parts.username or parts.password or port == 0:
        return False
    return any(host == allowed or host.endswith("." + allowed) for allowed in hosts)


def keys_ok(p256dh: object, auth: object) -> bool:
    if not isinstance(p256dh, str) or not isinstance(auth, str):
        return False
    if len(p256dh) > KEY_MAX_LENGTH or len(auth) > KEY_MAX_LENGTH:
        return False
    try:
        point, secret = unb64url(p256dh), unb64url(auth)
    except (ValueError, binascii.Error):
        return False
    if len(point) != 65 or point[0] != 4 or len(secret) != 16:
        return False
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        return False
    return True


def payload(item: Item) -> bytes:
    """The notification as the service worker reads it: {title, body, url, tag}, UTF-8 JSON within the
    plaintext a push message holds."""
    body = {
        "title": fit(" ".join(item.title.split()), TITLE_CHARS),
        "body": fit(" ".join(f"{item.region_name} · {item.body}".split()), BODY_CHARS),
        "url": item.url,
        "tag": item.key,
    }
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(data) <= PAYLOAD_MAX_BYTES
    return data
