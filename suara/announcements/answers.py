"""What the public answers share: a list answered with its tag, and cheaply again when the tag still holds.

Every public list (a region's page, its RSS and Atom feeds, its calendar, the API's list) is answered with
an ETag and ``Cache-Control: public, max-age`` (at most ``listing.PUBLIC_MAX_AGE``, never past the next
scheduled announcement's time), so that a shared cache or a CDN serves it. A conditional request whose tag
still holds is answered 304 after one small statement (``listing.listing_head``); any other costs one
statement (``listing.listing_read``) and the rendering."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from suara.announcements.listing import Listing, ListQuery, listing_head, listing_read
from suara.announcements.rules import tag_matches


def fresh(response: HttpResponse, etag: str, max_age: int, *, public: bool = True) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age={max_age}"
    return response


def list_answer(
    request: HttpRequest,
    query: ListQuery,
    kind: str,
    render: Callable[[Listing], HttpResponse],
    *,
    public: bool = True,
) -> HttpResponse:
    """``kind`` names the answer's form (a format, a language): it is part of the tag."""
    asked = request.headers.get("If-None-Match", "")
    if asked:
        head = listing_head(query)
        etag = head.etag(kind)
        if tag_matches(asked, etag):
            return fresh(HttpResponseNotModified(), etag, head.max_age(), public=public)
    listing = listing_read(query)
    etag = listing.etag(kind)
    if tag_matches(asked, etag):  # changed back between the two reads
        return fresh(HttpResponseNotModified(), etag, listing.max_age(), public=public)
    return fresh(render(listing), etag, listing.max_age(), public=public)


def one_answer(
    request: HttpRequest, etag: str, render: Callable[[], HttpResponse], max_age: int, *, public: bool = True
) -> HttpResponse:
    """One announcement's answer (its page, its API detail, its calendar), tagged by its version."""
    if tag_matches(request.headers.get("If-None-Match", ""), etag):
        return fresh(HttpResponseNotModified(), etag, max_age, public=public)
    return fresh(render(), etag, max_age, public=public)
