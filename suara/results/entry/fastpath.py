"""A KPPS's submission answered before most of the middleware stack and without ninja's machinery: on
election night every TPS sends its tally within a few hours, and none of the session, locale, CSRF,
authentication, message or URL-resolving layers has anything to say about a request that carries its
own API token.

``ResultEntryMiddleware`` sits after the other fast paths. For ``POST /api/v1/results`` with a token
(``Authorization: Bearer`` or ``X-API-Key``) it runs what the API operation runs, in the same order:
``api_gate`` (the token and its rate limit), reading the body within the submission's size limit, the
payload's schema (``ResultIn``), then ``result_submit_answer``, the operation's own function. Refusals
are answered by the API's own exception handlers, a schema's errors as ninja reports them, so the bytes
are the API's; ``core.fastpath`` adds what the skipped layers add. A request without a token goes down
the full stack (ninja answers 401). Tests compare both paths answer by answer.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError

from suara.accounts.api_auth import api_gate, presented_token, request_token
from suara.core.fastpath import as_full_stack_answers

PATH = "/api/v1/results"


class ResultEntryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info != PATH or request.method != "POST" or presented_token(request) is None:
            return self.get_response(request)
        return as_full_stack_answers(request, _answer(request))


def _answer(request: HttpRequest) -> HttpResponse:
    from suara.api import api  # the whole NinjaAPI: loaded on first use, not at start-up
    from suara.results.entry.api import load_json_body, result_submit_answer
    from suara.results.schemas import ResultIn

    try:
        api_gate(request)
        request.auth = request_token(request)  # what ninja's TOKEN_AUTH sets; api_gate found it valid
        load_json_body(request)
        try:
            payload = ResultIn.model_validate(request.suara_json)
        except ValidationError as exc:  # reported as ninja reports a body's errors
            raise NinjaValidationError(
                [{**error, "loc": ("body", "payload", *error["loc"])} for error in exc.errors(include_url=False)]
            ) from None
        return result_submit_answer(request, payload)
    except Exception as exc:  # noqa: BLE001 - answered exactly as the API answers it (its handlers log)
        return api.on_exception(request, exc)
