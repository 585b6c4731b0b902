"""The announcements' fast routes (``core/fastpath.py`` says what a fast route is): the anonymous feeds and
calendars (``fastpath.py``)."""

from suara.core.fastpath import FastRoute

_FAST = "suara.announcements.fastpath"

ROUTES = (
    FastRoute("GET", "announcements:rss", f"{_FAST}.rss", example="/pengumuman/3276/rss/"),
    FastRoute("GET", "announcements:atom", f"{_FAST}.atom", example="/pengumuman/nasional/atom/"),
    FastRoute("GET", "announcements:rss_category", f"{_FAST}.rss", example="/pengumuman/3276/rekrutmen/rss/"),
    FastRoute("GET", "announcements:atom_category", f"{_FAST}.atom", example="/pengumuman/327601/hasil/atom/"),
    FastRoute("GET", "announcements:calendar", f"{_FAST}.calendar", example="/pengumuman/3276/acara.ics"),
)
