"""A region's announcements as RSS 2.0 and Atom 1.0 (``django.contrib.syndication``), in Indonesian or, with
``?bahasa=en``, in English where an announcement has a translation (a feed reader sends no cookie, so the
language is in the subscribed address). The feed is drawn from a list read once (``listing``): the
framework's own hooks only read it."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from suara.announcements import present
from suara.announcements.listing import Listing
from suara.announcements.models import Announcement


class AnnouncementFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, *, language: str = "id"):
        super().__init__()
        self.language = language

    def __call__(self, request, *args, **kwargs):
        with translation.override(self.language):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, listing: Listing):
        return listing

    def title(self, listing: Listing) -> str:
        region = present.region_label(listing.query.region_code, listing.region_name)
        if listing.query.category:
            category = present.category_label(listing.query.category, self.language)
            return _("Pengumuman pemilu: %(region)s, %(category)s") % {"region": region, "category": category}
        return _("Pengumuman pemilu: %(region)s") % {"region": region}

    def link(self, listing: Listing) -> str:
        return present.region_path(listing.query.region_code)

    def description(self, listing: Listing) -> str:
        return _("Pengumuman KPU dan pemerintah daerah untuk %(region)s dan wilayah di atas dan di bawahnya.") % {
            "region": present.region_label(listing.query.region_code, listing.region_name)
        }

    def items(self, listing: Listing) -> list[Announcement]:
        return listing.items

    def item_title(self, item: Announcement) -> str:
        return present.text(item, "title", self.language)

    def item_description(self, item: Announcement) -> str:
        body = present.text(item, "body", self.language)
        for correction in present.corrections(item):
            changed = ", ".join(correction["changed"])
            body += "\n\n" + _("Diralat pada %(at)s (%(changed)s): %(note)s") % {
                "at": correction["at"].strftime("%Y-%m-%d %H:%M UTC"),
                "changed": changed,
                "note": correction["note"],
            }
        return body

    def item_link(self, item: Announcement) -> str:
        return present.detail_path(item)

    def item_pubdate(self, item: Announcement):
        return item.publish_at

    def item_updateddate(self, item: Announcement):
        return item.corrected_at or item.publish_at

    def item_author_name(self, item: Announcement) -> str:
        return item.issuer

    def item_categories(self, item: Announcement) -> list[str]:
        return [present.category_label(item.category, self.language)]

    def item_enclosures(self, item: Announcement) -> list[Enclosure]:
        enclosures = [
            Enclosure(self._absolute(present.attachment_path(item, a)), str(a["size"]), a["content_type"])
            for a in item.attachments
        ]
        return enclosures[:1] if self.feed_type is Rss201rev2Feed else enclosures  # RSS allows one

    def get_feed(self, obj, request):
        self._request = request
        return super().get_feed(obj, request)

    def _absolute(self, path: str) -> str:
        return self._request.build_absolute_uri(path)


class AtomAnnouncementFeed(AnnouncementFeed):
    feed_type = Atom1Feed
    subtitle = AnnouncementFeed.description
