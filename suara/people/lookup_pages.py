"""A private lookup's public page: a POST form, so the NIK never travels in a URL (nor in a browser's history
or a proxy's log); the answer is rendered in the POST's own response, which is not to be cached. A hit never
echoes the NIK or the name; a miss gives back what was typed, so a slip can be corrected.

The app's view keeps its decorators (embeddable, CSRF-exempt, GET and POST only) and calls ``lookup_page``
with its template, which extends ``core/private_lookup.html`` (the one layout of every lookup page: the
answer, the refusals, the form, the privacy note) and fills its blocks with the page's own texts and its
hit's facts. The template lives in ``core`` because the people kernel is not a Django app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from suara.core.errors import DomainError, RateLimited
from suara.people.lookup import NAME_MAX_LENGTH, NikRateLimited, PrivateLookup, lookup_clean


def lookup_page(
    request: HttpRequest, lookup: PrivateLookup, template: str, *, hit_context: Callable[[object], dict] | None = None
) -> HttpResponse:
    """The page for GET and the answer for POST. ``hit_context(answer)`` adds what the template shows of a
    hit beyond the answer itself. Its context: ``answer`` and ``hit``; after a miss ``keep_nik`` and
    ``keep_nama``; refused, ``retry_after`` (the client's limit), ``nik_retry_minutes`` (the NIK's) or
    ``error`` (malformed); always ``name_max_length``."""
    context: dict = {"name_max_length": NAME_MAX_LENGTH}
    status, retry_after = 200, 0
    if request.method == "POST":
        try:
            lookup.count_client(request, api=False)
            nik, nama = lookup_clean(request.POST.get("nik"), request.POST.get("nama"))
            lookup.count_subject(nik)
            answer = context["answer"] = lookup.lookup(nik=nik, nama=nama)
            context["hit"] = answer is not lookup.miss
            if not context["hit"]:
                # A miss is most often a typing slip: give the visitor back what they typed to correct it.
                # Only in this POST's own no-store answer, to the one who typed it.
                context["keep_nik"], context["keep_nama"] = nik, nama
            elif hit_context is not None:
                context.update(hit_context(answer))
        except NikRateLimited as exc:
            status, retry_after, context["nik_retry_minutes"] = 429, exc.retry_after, -(-exc.retry_after // 60)
        except RateLimited as exc:
            status, retry_after, context["retry_after"] = 429, exc.retry_after, exc.retry_after
        except DomainError as exc:
            status, context["error"] = 400, exc
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    if status == 429:
        response["Retry-After"] = str(retry_after)
    return response
