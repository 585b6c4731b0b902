"""The public lists of announcements (a region's page, its RSS and Atom feeds, its calendar, the API's list),
each read with ONE query and tagged so that a shared cache can keep it and ask again cheaply.

What a list shows changes in two ways only: a write to something already public (a correction, a
withdrawal), or a scheduled announcement's time coming. The first is counted by the regions' change
stamps (``models.AnnouncementStamp``); the second moves the list's latest publication time forward, since
every schedule lies in the future when it is set (``workflow.transition``). So a list's tag is a hash of
(what list: region, filters, kind), the sum of its regions' stamps and its latest publication time, and it
changes exactly when the list's content does.

- ``listing_read``: one statement brings the region's name (none: the region does not exist, 404), the
  stamps' sum, the next scheduled time (the answer's max-age stops short of it, so that a cache asks again
  when a new announcement is due) and the newest announcements themselves.
- ``listing_head``: the same but the announcements, for a conditional request: a tag that still matches
  costs this one small statement (index and primary-key lookups) and no rendering.

The visibility rule is ``selectors.published`` (scheduled, its time come), written here as SQL; a test
holds the two equal."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection
from django.utils.dateparse import parse_datetime

from suara.announcements.errors import AnnouncementErrorCode
from suara.announcements.models import Announcement, AnnouncementStamp
from suara.announcements.rules import Category, public_tag
from suara.announcements.workflow import State
from suara.core import clock
from suara.core.db import prepared_cursor, prepared_fetchone
from suara.core.errors import DomainError, ErrorCode, NotFound
from suara.core.region_codes import NATIONAL_WORD, codes_above, covered_range, region_level
from suara.regions.models import Region

DEFAULT_LIMIT = 30
MAX_LIMIT = 100
# Shared caches keep a public answer this long (and never past the next scheduled announcement's time).
PUBLIC_MAX_AGE = 60


@dataclass(frozen=True)
class ListQuery:
    """Which list: the region ('' the nation), the category (None: all), whether only announcements of an
    event (the calendar), how many."""

    region_code: str
    category: str | None = None
    events_only: bool = False
    limit: int = DEFAULT_LIMIT


def region_code_of(word: str) -> str:
    """A region's code from its URL word or API field: ``nasional`` (or '') the nation, else 2, 4, 6 or 10
    digits; DomainError (400) otherwise. Whether the region exists is the list's read to say (404)."""
    word = str(word or "").strip()
    if word in ("", NATIONAL_WORD):
        return ""
    if region_level(word) is None:
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE, "Kode wilayah harus 2, 4, 6 atau 10 digit, atau nasional.", field="wilayah"
        )
    return word


def category_of(value: str | None, *, in_path: bool = False) -> str | None:
    if value is None or value == "":
        return None
    if value not in Category.__members__.values():
        message = "Kategori tidak dikenal: " + ", ".join(c.value for c in Category) + "."
        if in_path:  # a feed's address that names no feed
            raise DomainError(AnnouncementErrorCode.UNKNOWN_CATEGORY, message, field="kategori", status=404)
        raise DomainError(AnnouncementErrorCode.UNKNOWN_CATEGORY, message, field="kategori", status=400)
    return value


@dataclass
class Listing:
    query: ListQuery
    region_name: str
    stamp: int
    latest: int  # the newest listed announcement's publication time, in microseconds since 1970; 0 none
    next_at: datetime | None  # the next scheduled announcement's time, if one is due later
    items: list[Announcement] = field(default_factory=list)

    def etag(self, kind: str) -> str:
        q = self.query
        return public_tag(kind, q.region_code, q.category or "", int(q.events_only), q.limit, self.stamp, self.latest)

    def max_age(self, now: datetime | None = None) -> int:
        if self.next_at is None:
            return PUBLIC_MAX_AGE
        left = (self.next_at - (now or clock.now())).total_seconds()
        return max(0, min(PUBLIC_MAX_AGE, int(left)))


def _instant(value) -> int:
    """A time as the database returned it (a datetime; on SQLite, text for a computed column) in
    microseconds since 1970, UTC; 0 for none."""
    if value is None:
        return 0
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _aware(value) -> datetime | None:
    return None if not value else datetime.fromtimestamp(_instant(value) / 1_000_000, tz=UTC)


def _db_time(moment: datetime):
    """A time as a parameter of a raw statement, as the ORM would pass it (UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(moment)


def _scope(query: ListQuery, alias: str, params: list) -> str:
    """The SQL condition for the announcements a list covers (``selectors.covering`` and the filters)."""
    parts = []
    if query.region_code:
        low, high = covered_range(query.region_code)
        above = codes_above(query.region_code)
        beneath = f"{alias}.region_code >= %s" + (f" AND {alias}.region_code < %s" if high is not None else "")
        parts.append(f"(({beneath}) OR {alias}.region_code IN ({', '.join(['%s'] * len(above))}))")
        params += [low, *([high] if high is not None else []), *above]
    if query.category:
        parts.append(f"{alias}.category = %s")
        params.append(query.category)
    if query.events_only:
        parts.append(f"{alias}.event_start IS NOT NULL")
    return "".join(f" AND {part}" for part in parts)


def _heads(query: ListQuery, now, params: list) -> str:
    """The one-row part every list reads: the region's name, the stamps' sum, the next scheduled time."""
    if query.region_code:
        region = f"(SELECT name FROM {Region._meta.db_table} WHERE code = %s) r"  # noqa: S608
        params.append(query.region_code)
    else:
        region = "(SELECT '' AS name) r"
    codes = [query.region_code, *codes_above(query.region_code)] if query.region_code else [""]
    stamps = (
        f"(SELECT COALESCE(SUM(CASE WHEN code = %s THEN subtree ELSE own END), 0) AS total "  # noqa: S608
        f"FROM {AnnouncementStamp._meta.db_table} WHERE code IN ({', '.join(['%s'] * len(codes))})) s"
    )
    params += [query.region_code, *codes]
    table = Announcement._meta.db_table
    nxt = f"(SELECT MIN(n.publish_at) AS next_at FROM {table} n WHERE n.state = %s AND n.publish_at > %s"  # noqa: S608
    params += [State.SCHEDULED.value, now]
    nxt += _scope(query, "n", params) + ") x"
    return f"{region} CROSS JOIN {stamps} CROSS JOIN {nxt}"


# What a public list shows of each announcement, in the model's order (the rest stays unread: deferred,
# never touched).
_SHOWN = {
    "id", "region_code", "category", "title", "body", "title_en", "body_en", "event_start", "event_end",
    "event_location", "attachments", "corrections", "issuer", "state", "publish_at", "version", "corrected_at",
}  # fmt: skip
LISTED = tuple(f.attname for f in Announcement._meta.concrete_fields if f.attname in _SHOWN)
_TIMES = frozenset({"event_start", "event_end", "publish_at", "corrected_at"})
_DOCUMENTS = frozenset({"attachments", "corrections"})


def _announcement(row: tuple) -> Announcement:
    """An Announcement from a row of ``LISTED`` as the database driver returned it: times aware (text on
    SQLite), documents decoded (text on every backend Django drives). Cheaper than a raw queryset's
    generic conversion, which cost more than the statement."""
    values = []
    for name, value in zip(LISTED, row, strict=True):
        if value is not None and name in _TIMES and not (isinstance(value, datetime) and value.tzinfo):
            value = _aware(value)
        elif name in _DOCUMENTS and isinstance(value, str | bytes):
            value = json.loads(value)
        values.append(value)
    return Announcement.from_db(None, LISTED, values)


def listing_read(query: ListQuery) -> Listing:
    """The list with its announcements: one statement. NotFound (``region_not_found``) for an unknown
    region."""
    now = _db_time(clock.now())
    params: list = []
    heads = _heads(query, now, params)
    table = Announcement._meta.db_table
    where = "l.state = %s AND l.publish_at <= %s"
    params += [State.SCHEDULED.value, now]
    where += _scope(query, "l", params)
    params.append(query.limit)
    inner = ", ".join(f"l.{name}" for name in LISTED)
    columns = ", ".join(f"a.{name}" for name in LISTED)
    # The newest announcements are chosen inside their own subquery, so that PostgreSQL reads them from an
    # index in order and stops at the limit; joined to the one-row part, they would all be read and sorted.
    sql = (
        f"SELECT r.name, s.total, x.next_at, {columns} FROM {heads} LEFT JOIN "  # noqa: S608
        f"(SELECT {inner} FROM {table} l WHERE {where} ORDER BY l.publish_at DESC, l.id DESC LIMIT %s) a "
        "ON 1 = 1 ORDER BY a.publish_at DESC, a.id DESC"
    )
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        raise _region_not_found(query.region_code)
    name, stamp, next_at = rows[0][:3]
    items = [_announcement(row[3:]) for row in rows if row[3] is not None]
    return Listing(
        query=query,
        region_name=name,
        stamp=int(stamp or 0),
        latest=_instant(items[0].publish_at) if items else 0,
        next_at=_aware(next_at),
        items=items,
    )


def announcement_read(pk: int) -> Announcement | None:
    """A published announcement, or a withdrawn one that had been published, with its region's name
    (``region_name``): one prepared statement (the ORM's building of the same query cost more than it)."""
    now = _db_time(clock.now())
    table, regions = Announcement._meta.db_table, Region._meta.db_table
    columns = ", ".join(f"a.{name}" for name in LISTED)
    sql = (
        f"SELECT (SELECT name FROM {regions} WHERE code = a.region_code), {columns} FROM {table} a "  # noqa: S608
        "WHERE a.id = %s AND a.publish_at <= %s AND (a.state = %s OR a.state = %s)"
    )
    row = prepared_fetchone(sql, [pk, now, State.SCHEDULED.value, State.WITHDRAWN.value])
    if row is None:
        return None
    announcement = _announcement(row[1:])
    announcement.region_name = row[0]
    return announcement


def listing_head(query: ListQuery) -> Listing:
    """The list's tag and freshness without its announcements: one small statement."""
    now = _db_time(clock.now())
    params: list = []
    table = Announcement._meta.db_table
    latest = f"(SELECT MAX(l.publish_at) FROM {table} l WHERE l.state = %s AND l.publish_at <= %s"  # noqa: S608
    latest_params = [State.SCHEDULED.value, now]
    latest += _scope(query, "l", latest_params) + ")"
    heads = _heads(query, now, params)
    sql = f"SELECT r.name, s.total, x.next_at, {latest} FROM {heads}"  # noqa: S608
    row = prepared_fetchone(sql, latest_params + params)
    if row is None:
        raise _region_not_found(query.region_code)
    name, stamp, next_at, latest_at = row
    return Listing(
        query=query, region_name=name, stamp=int(stamp or 0), latest=_instant(latest_at), next_at=_aware(next_at)
    )


def _region_not_found(code: str) -> NotFound:
    return NotFound(ErrorCode.REGION_NOT_FOUND, f"Wilayah dengan kode {code} tidak ditemukan.", field="wilayah")
