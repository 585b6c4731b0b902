"""The KPPS chair's check-in answered by the fast-path middleware (``core/fastpath.py``; the route is in
``officers/fastroutes.py``) without ninja's machinery: on election day 823k TPS check in five times each,
and none of the session, locale, CSRF, message or URL-resolving layers has anything to say about a
request that carries its own API token.

For ``POST /api/v1/kesehatan/checkin`` with a token it runs what the API operation runs, in the same
order: the body as JSON (one it cannot read goes down the full stack), ``api_gate`` (the token and its
rate limit), the payload's schema
(``CheckInIn``), then ``checkin_answer``, the operation's own function. Refusals are answered by
``core.answers``, as the API answers them. A request without a token goes down the full stack (ninja
answers 401).
"""

from __future__ import annotations

from suara.accounts.api_fast import token_json_fast_path
from suara.officers.health.answers import checkin_answer
from suara.officers.health.schemas import CheckInIn

checkin = token_json_fast_path(CheckInIn, checkin_answer)
