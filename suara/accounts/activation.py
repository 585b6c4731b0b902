"""What the activation page and the activation API share: how often a one-time code may be tried.

Per account, 10 attempts a minute: with 50-bit codes that is no way to guess one. Per client address, a
generous 300 a minute, because on activation day many officers reach the server from behind one
carrier-grade NAT address; it only slows a scanner trying many accounts, each with its own code.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest

from suara.accounts.api_auth import client_key
from suara.core.ratelimit import rate_check

ATTEMPTS_PER_ACCOUNT = 10
ATTEMPTS_PER_ADDRESS = 300


def activation_rate_check(request: HttpRequest, username: object) -> None:
    """Counts one attempt for the address and the account; raises RateLimited past either limit."""
    rate_check(f"activate:addr:{client_key(request)}", ATTEMPTS_PER_ADDRESS)
    name = username.strip().lower()[:150] if isinstance(username, str) else ""
    # Keyed like the client address: the rate table needs to tell accounts apart, not to name them.
    account = hmac.new(settings.SECRET_KEY.encode(), name.encode(), hashlib.sha256).hexdigest()[:32]
    rate_check(f"activate:user:{account}", ATTEMPTS_PER_ACCOUNT)
