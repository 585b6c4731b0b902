"""The public channels of announcements: a page per region (and the nation) and per announcement, RSS and
Atom feeds per region and category, calendars of announced events, the attachments. Thin: ``listing``
reads, ``answers`` tags; every answer may be kept by a shared cache (``answers``).

A feed or calendar that cannot be answered (an unknown region, category or language) answers with the
API's JSON error and its code: a feed reader shows the status, a person or a script reads the code."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from suara.announcements import present, selectors
from suara.announcements.answers import list_answer, one_answer
from suara.announcements.errors import AnnouncementErrorCode
from suara.announcements.feeds import feed_response
from suara.announcements.files import CONTENT_TYPES, file_path
from suara.announcements.ics import events_calendar
from suara.announcements.listing import PUBLIC_MAX_AGE, Listing, ListQuery, category_of, region_code_of
from suara.announcements.rules import Category, public_tag
from suara.announcements.workflow import State
from suara.core.answers import domain_error
from suara.core.errors import DomainError
from suara.core.region_codes import url_word
from suara.integrations.embedding import embeddable

ATTACHMENT_MAX_AGE = 300  # a withdrawn announcement's files stop being served within this time


def _language(request) -> str:
    language = request.GET.get("bahasa", "id")
    if language not in present.LANGUAGES:
        raise DomainError(AnnouncementErrorCode.UNKNOWN_LANGUAGE, "Bahasa: id atau en.", field="bahasa")
    return language


def _page_kind(request, name: str) -> tuple[str, bool]:
    """The tag's kind of a page (its language, signed-in or not, embedded or not) and whether a shared
    cache may keep it (anonymous and not embedded)."""
    embed = getattr(request, "suara_embed", None)
    signed_in = request.user.is_authenticated
    kind = f"{name}-{get_language()}-{int(signed_in)}-{embed.embed_id if embed else ''}"
    return kind, not signed_in and embed is None


@require_safe
@embeddable
def region_page(request, word: str = "nasional"):
    """A region's published announcements (its own, those above and beneath it), by category if asked."""
    chosen = request.GET.get("wilayah")
    if chosen is not None:  # the region form
        try:
            return HttpResponseRedirect(present.region_path(region_code_of(chosen)))
        except DomainError:
            raise Http404 from None
    try:
        query = ListQuery(region_code_of(word), category_of(request.GET.get("kategori")))
    except DomainError:
        raise Http404 from None
    kind, public = _page_kind(request, "page")

    def build(listing: Listing) -> HttpResponse:
        context = {
            "listing": listing,
            "region": present.region_label(listing.query.region_code, listing.region_name),
            "word": url_word(listing.query.region_code),
            "categories": [(c.value, present.category_label(c)) for c in Category],
            "items": [_item(a) for a in listing.items],
        }
        return render(request, "announcements/region.html", context)

    try:
        response = list_answer(request, query, kind, build, public=public)
    except DomainError:
        raise Http404 from None
    response["Vary"] = "Cookie"
    return response


def _item(announcement) -> dict:
    language = get_language()
    return {
        "a": announcement,
        "title": present.text(announcement, "title", language),
        "body": present.text(announcement, "body", language),
        "category": present.category_label(announcement.category),
        "corrections": present.corrections(announcement),
    }


@require_safe
@embeddable
def detail(request, pk: int):
    announcement = selectors.announcement_public(pk)
    if announcement is None:
        raise Http404
    kind, public = _page_kind(request, "detail")
    etag = public_tag(kind, announcement.pk, announcement.version, announcement.state)

    def build() -> HttpResponse:
        context = {
            **_item(announcement),
            "region": present.region_label(announcement.region_code, announcement.region_name),
            "region_path": present.region_path(announcement.region_code),
            "withdrawn": announcement.state == State.WITHDRAWN,
            "attachments": [{**a, "path": present.attachment_path(announcement, a)} for a in announcement.attachments],
        }
        status = 410 if announcement.state == State.WITHDRAWN else 200
        return render(request, "announcements/detail.html", context, status=status)

    response = one_answer(request, etag, build, PUBLIC_MAX_AGE, public=public)
    response["Vary"] = "Cookie"
    return response


def feed_answer(request, word: str, category: str | None, kind: str) -> HttpResponse:
    """A feed of ``kind`` (rss or atom), or the JSON error that says why there is none; the view's and the
    fast path's (``fastpath.py``)."""
    try:
        language = _language(request)
        query = ListQuery(region_code_of(word), category_of(category, in_path=True))
        return list_answer(
            request,
            query,
            f"{kind}-{language}",
            lambda listing: feed_response(request, listing, kind=kind, language=language),
        )
    except DomainError as exc:
        return domain_error(exc)


@require_safe
def rss(request, word: str, category: str | None = None):
    return feed_answer(request, word, category, "rss")


@require_safe
def atom(request, word: str, category: str | None = None):
    return feed_answer(request, word, category, "atom")


@require_safe
def calendar(request, word: str):
    """The announced events of a region as a calendar to subscribe to."""
    return calendar_answer(request, word)


def calendar_answer(request, word: str) -> HttpResponse:
    """The calendar, or the JSON error that says why there is none; the view's and the fast path's."""
    try:
        language = _language(request)
        query = ListQuery(region_code_of(word), events_only=True)

        def build(listing: Listing) -> HttpResponse:
            with translation.override(language):
                region = present.region_label(listing.query.region_code, listing.region_name)
                name = translation.gettext("Acara pemilu: %(region)s") % {"region": region}
                body = events_calendar(name, listing.items, absolute=present.absolute_of(request), language=language)
            response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
            response["Content-Disposition"] = f'inline; filename="pengumuman-{word}.ics"'
            return response

        return list_answer(request, query, f"ics-{language}", build)
    except DomainError as exc:
        return domain_error(exc)


@require_safe
def attachment(request, pk: int, name: str):
    """A published announcement's file, under its SHA-256 (so it never changes under one name)."""
    announcement = selectors.announcement_public(pk)
    sha256, _, extension = name.partition(".")
    listed = announcement is not None and announcement.state != State.WITHDRAWN
    found = next(
        (
            a
            for a in (announcement.attachments if listed else ())
            if (a["sha256"], a["extension"]) == (sha256, extension)
        ),
        None,
    )
    path = file_path(sha256, extension) if found else None
    if path is None or not path.is_file():
        raise Http404

    def build() -> HttpResponse:
        response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[extension])
        response["Content-Disposition"] = f'inline; filename="{found["name"]}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    return one_answer(request, f'"{sha256}"', build, ATTACHMENT_MAX_AGE)
