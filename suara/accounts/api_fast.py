"""A token-authenticated JSON write answered by the fast-path middleware (``core/fastpath.py``) without
ninja's machinery: a check-in or a survey carries its own API token, and none of the session, locale,
CSRF, message or URL-resolving layers has anything to say about it.

``token_json_fast_path(schema, answer)`` makes the handler: for a request with a token it runs what the
API operation runs, in the same order: the body as JSON (one it cannot read goes down the full stack),
``api_gate`` (the token and its rate limit), the payload's schema, then ``answer``, the operation's own
function. Refusals are answered by ``core.answers``, as the API answers them. A request without a token
goes down the full stack (ninja answers 401).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from pydantic import BaseModel, ValidationError

from suara.accounts.api_auth import api_gate, presented_token, request_token
from suara.core import answers

MAX_BODY = 4096


def token_json_fast_path(
    schema: type[BaseModel], answer: Callable[[HttpRequest, BaseModel], HttpResponse], *, max_body: int = MAX_BODY
) -> Callable[[HttpRequest], HttpResponse | None]:
    def handle(request: HttpRequest) -> HttpResponse | None:
        if presented_token(request) is None:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if length > max_body:
            return None  # the full stack answers what it answers to a large body
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return None  # the full stack answers a body it cannot read
        try:
            api_gate(request)
            request.auth = request_token(request)  # what ninja's TOKEN_AUTH sets; api_gate found it valid
            try:
                payload = schema.model_validate(data)
            except ValidationError as exc:  # reported as ninja reports a body's errors
                return answers.invalid_input(exc.errors(include_url=False))
            return answer(request, payload)
        except Exception as exc:  # noqa: BLE001 - answered exactly as the API answers it (core.answers logs)
            return answers.exception_answer(request, exc)

    return handle
