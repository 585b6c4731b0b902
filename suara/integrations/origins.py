"""Web origins as a browser sends them in its Origin header: scheme, host and port, nothing else. Pure:
no Django.

An integrator registers the origins of its city app; the API answers cross-origin requests from them and
the embeddable pages let them frame those pages. A registered origin is kept in the browser's own
serialisation (lower case, no default port, IDNA host), so comparing it with an Origin header is a
string comparison.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

MAX_LENGTH = 200
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Plain http is for a developer's own machine only; a city app in production is served over https.
_LOOPBACK_NAMES = {"localhost"}


class OriginProblem(ValueError):
    """Why a text is not an origin an integrator may register (an Indonesian sentence)."""


def _host(hostname: str) -> tuple[str, bool]:
    """The host in its serialised form and whether it is the local machine."""
    try:
        address = ipaddress.IPv4Address(hostname)
    except ValueError:
        address = None
    if address is not None:
        return str(address), address.is_loopback
    try:
        ascii_host = hostname.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise OriginProblem("nama host tidak sah") from exc
    labels = ascii_host.split(".")
    if not all(_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise OriginProblem("nama host tidak sah")
    return ascii_host, ascii_host in _LOOPBACK_NAMES


def origin_normalize(text: str) -> str:
    """The origin ``text`` names, serialised as browsers do; OriginProblem when it is not one."""
    text = text.strip()
    if not text:
        raise OriginProblem("origin kosong")
    if len(text) > MAX_LENGTH:
        raise OriginProblem(f"origin lebih dari {MAX_LENGTH} karakter")
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in text):
        raise OriginProblem("origin berisi spasi atau karakter kendali")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise OriginProblem("bukan origin yang sah (skema://host[:port])") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise OriginProblem("skema harus https (atau http untuk mesin lokal)")
    if parts.username is not None or parts.password is not None:
        raise OriginProblem("origin tidak boleh memuat nama pengguna atau sandi")
    if parts.path not in ("", "/") or parts.query or parts.fragment or text.endswith(("?", "#")):
        raise OriginProblem("origin hanya skema, host dan port, tanpa path")
    if not parts.hostname or parts.netloc.startswith("["):
        raise OriginProblem("origin memerlukan nama host atau alamat IPv4")
    host, local = _host(parts.hostname.lower())
    if scheme == "http" and not local:
        raise OriginProblem("http hanya untuk mesin lokal; gunakan https")
    if port == 0:
        raise OriginProblem("port tidak sah")
    suffix = "" if port is None or port == _DEFAULT_PORTS[scheme] else f":{port}"
    return f"{scheme}://{host}{suffix}"
