"""A survey of a TPS's signal answered by the fast-path middleware (``core/fastpath.py``; the route is in
``network/fastroutes.py``) without ninja's machinery: a survey carries its own API token, and none of the
session, locale, CSRF, message or URL-resolving layers has anything to say about it (issue 16: ≥ 300
surveys a second).

For ``POST /api/v1/jaringan/survei`` with a token it runs what the API operation runs, in the same order:
the body as JSON (one it cannot read goes down the full stack), ``api_gate`` (the token and its rate
limit), the payload's schema (``SurveyIn``), then ``survey_answer``, the operation's own function. Refusals
are answered by ``core.answers``, as the API answers them. A request without a token goes down the full
stack (ninja answers 401).
"""

from __future__ import annotations

from suara.accounts.api_fast import token_json_fast_path
from suara.network.answers import survey_answer
from suara.network.schemas import SurveyIn

survey = token_json_fast_path(SurveyIn, survey_answer)
