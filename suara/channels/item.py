"""What a channel publishes: one ``Item``, handed over by the app that owns the content (the announcements
app, on publication). The channels never read that app's tables: everything a channel shows is here.

``key`` names the item and its version (``"announcement:42:v3"``): each version is published once on each
channel, and a correction is a new version with a new key. ``url`` is the item's absolute public address
(what every channel links to). ``region_code`` ('' the nation) decides who is reached (``reach``).
Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from suara.core.region_codes import REGION_LEVELS, is_code

KEY_MAX_LENGTH = 100
URL_MAX_LENGTH = 500
TITLE_MAX_LENGTH = 500
BODY_MAX_LENGTH = 50_000
NAME_MAX_LENGTH = 200
IMAGE_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Item:
    key: str  # "announcement:42:v3": the item and its version
    title: str
    body: str
    url: str  # absolute public URL
    region_code: str  # '' the nation, else a KPU region code (2, 4, 6 or 10 digits)
    region_name: str  # "Kota Depok"
    category: str  # "tahapan", "rekrutmen", "dpb", "hasil", ...
    published_at: datetime  # aware
    event_start: datetime | None = None  # aware; an event the item announces
    event_end: datetime | None = None
    image: bytes | None = None  # PNG, JPEG or WebP shown on the card
    title_en: str = ""
    body_en: str = ""
    category_label: str = ""  # how the category reads ("Rekrutmen badan ad hoc"); '' the code capitalised
    issuer: str = ""  # who speaks ("KPU Kota Depok"); '' "KPU"

    def __post_init__(self) -> None:
        problem = item_problem(self)
        if problem:
            raise ValueError(f"not a channel item: {problem}")

    @property
    def category_name(self) -> str:
        return self.category_label or self.category.replace("_", " ").capitalize()

    @property
    def speaker(self) -> str:
        return self.issuer or "KPU"


def item_problem(item: Item) -> str:
    """What is wrong with ``item`` ('' nothing): a fault of the calling app, never a citizen's input."""
    if not item.key or len(item.key) > KEY_MAX_LENGTH or any(c.isspace() for c in item.key) or "/" in item.key:
        return "key must be 1 to 100 characters, no spaces or slashes"
    if not item.url.startswith(("https://", "http://")) or len(item.url) > URL_MAX_LENGTH:
        return "url must be an absolute http(s) address of at most 500 characters"
    if any(c.isspace() for c in item.url):
        return "url must not contain spaces"
    if not is_code(item.region_code, (0, *REGION_LEVELS)):
        return "region_code must be '' or a region code"
    if not item.title.strip() or len(item.title) > TITLE_MAX_LENGTH or len(item.title_en) > TITLE_MAX_LENGTH:
        return "title must be 1 to 500 characters"
    if len(item.body) > BODY_MAX_LENGTH or len(item.body_en) > BODY_MAX_LENGTH:
        return "body must be at most 50,000 characters"
    if len(item.region_name) > NAME_MAX_LENGTH or len(item.category_label) > NAME_MAX_LENGTH:
        return "names must be at most 200 characters"
    if len(item.issuer) > NAME_MAX_LENGTH or not item.category or len(item.category) > 40:
        return "issuer at most 200 characters; category 1 to 40"
    for moment in (item.published_at, item.event_start, item.event_end):
        if moment is not None and (not isinstance(moment, datetime) or moment.utcoffset() is None):
            return "times must be aware datetimes"
    if item.event_start and item.event_end and item.event_end < item.event_start:
        return "event_end before event_start"
    if item.image is not None and len(item.image) > IMAGE_MAX_BYTES:
        return "image over 10 MB"
    return ""
