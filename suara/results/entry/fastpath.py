"""A KPPS's submission answered by the fast-path middleware (``core/fastpath.py``; the route is in
``results/fastroutes.py``) without ninja's machinery: on election night every TPS sends its tally within
a few hours, and none of the session, locale, CSRF, authentication, message or URL-resolving layers has
anything to say about a request that carries its own API token.

For ``POST /api/v1/results`` with a token (``Authorization: Bearer`` or ``X-API-Key``) ``submission``
runs what the API operation runs, in the same order: ``api_gate`` (the token and its rate limit),
reading the body within the submission's size limit, the payload's schema (``ResultIn``), then
``result_submit_answer``, the operation's own function (``entry/answers.py``). Refusals are answered by
``core.answers``, as the API answers them. A request without a token goes down the full stack (ninja
answers 401). Tests compare both paths answer by answer.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from pydantic import ValidationError

from suara.accounts.api_auth import api_gate, presented_token, request_token
from suara.core import answers
from suara.results.entry.answers import load_json_body, result_submit_answer
from suara.results.schemas import ResultIn


def submission(request: HttpRequest) -> HttpResponse | None:
    if presented_token(request) is None:
        return None
    try:
        api_gate(request)
        request.auth = request_token(request)  # what ninja's TOKEN_AUTH sets; api_gate found it valid
        load_json_body(request)
        try:
            payload = ResultIn.model_validate(request.suara_json)
        except ValidationError as exc:  # reported as ninja reports a body's errors
            return answers.invalid_input(exc.errors(include_url=False))
        return result_submit_answer(request, payload)
    except Exception as exc:  # noqa: BLE001 - answered exactly as the API answers it (core.answers logs)
        return answers.exception_answer(request, exc)
