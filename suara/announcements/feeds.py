"""A region's announcements as RSS 2.0 and Atom 1.0, in Indonesian or, with ``?bahasa=en``, in English where an
announcement has a translation (a feed reader sends no cookie, so the language is in the subscribed address).

Written with the syndication framework's feed generators (``django.utils.feedgenerator``, what
``django.contrib.syndication``'s ``Feed`` views write with) straight from a list read once (``listing``):
the ``Feed`` view's per-item hooks, looked up by introspection fourteen times an item, cost more than the
rest of the answer together (a 50-item feed took 15 ms of CPU through them)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from suara.announcements import present
from suara.announcements.listing import Listing
from suara.announcements.models import Announcement

# An empty feed's "last built" time: the generators would write the time of the answer, and a feed is the
# same bytes for the same list, as its tag says (``listing``).
EMPTY_FEED_DATE = datetime(2024, 1, 1, tzinfo=UTC)


class _Stable:
    def latest_post_date(self):
        return super().latest_post_date() if self.items else EMPTY_FEED_DATE


class _Rss(_Stable, Rss201rev2Feed):
    pass


class _Atom(_Stable, Atom1Feed):
    pass


FORMATS: dict[str, type[SyndicationFeed]] = {"rss": _Rss, "atom": _Atom}


def _description(item: Announcement, language: str) -> str:
    body = present.text(item, "body", language)
    for correction in present.corrections(item):
        body += "\n\n" + _("Diralat pada %(at)s (%(changed)s): %(note)s") % {
            "at": correction["at"].strftime("%Y-%m-%d %H:%M UTC"),
            "changed": ", ".join(correction["changed"]),
            "note": correction["note"],
        }
    return body


def feed_response(request: HttpRequest, listing: Listing, *, kind: str, language: str) -> HttpResponse:
    """The list as a feed of ``kind`` (rss or atom) in ``language``."""
    absolute = present.absolute_of(request)
    query = listing.query
    with translation.override(language):
        region = present.region_label(query.region_code, listing.region_name)
        if query.category:
            category = present.category_label(query.category, language)
            title = _("Pengumuman pemilu: %(region)s, %(category)s") % {"region": region, "category": category}
        else:
            title = _("Pengumuman pemilu: %(region)s") % {"region": region}
        description = _(
            "Pengumuman KPU dan pemerintah daerah untuk %(region)s dan wilayah di atas dan di bawahnya."
        ) % {"region": region}
        feed = FORMATS[kind](
            title=title,
            link=absolute(present.region_path(query.region_code)),
            description=description,
            subtitle=description,
            language=language,
            feed_url=absolute(request.path),
            feed_guid=absolute(request.path),
        )
        detail = present.detail_path_of()
        for item in listing.items:
            link = absolute(detail(item.pk))
            enclosures = [
                Enclosure(absolute(present.attachment_path(item, a)), str(a["size"]), a["content_type"])
                for a in item.attachments
            ]
            feed.add_item(
                title=present.text(item, "title", language),
                link=link,
                description=_description(item, language),
                unique_id=link,
                unique_id_is_permalink=True,
                pubdate=item.publish_at,
                updateddate=item.corrected_at or item.publish_at,
                author_name=item.issuer,
                categories=[present.category_label(item.category, language)],
                enclosures=enclosures[:1] if kind == "rss" else enclosures,  # RSS allows one
            )
    # Written to a string first: written to the response, each of the thousands of XML pieces would be
    # encoded and appended on its own.
    return HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)
