"""Ready-to-send texts of an item for WhatsApp broadcasts and Telegram channels: its title, region and
category, date in Indonesian (in the region's own time zone), a shortened body and the link, always within
the platform's limit. Pure: no Django.

- WhatsApp: plain text with WhatsApp's own light formatting (``*bold*`` title). A message holds at most
  4,096 characters (a media caption 1,024). WhatsApp has no escape, so an asterisk in the title is replaced
  by a look-alike that does not close the bold.
- Telegram: MarkdownV2 (``parse_mode=MarkdownV2``) with every reserved character escaped, the link as an
  inline link whose target is the URL itself; or plain text (no parse mode). A message holds at most 4,096
  characters after parsing, a photo's caption 1,024.

Lengths are counted in UTF-16 code units (what both platforms' limits count; an emoji is two), on the
text as sent, escapes included: never less than what the platform counts. The body (and, when the rest
leaves no room, the title and names) is cut only at white space, never inside a word or an escape, and
ends with "…" when cut; the URL is never cut (a text that cannot hold it is a fault: ``ValueError``)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from datetime import datetime

from suara.channels.item import Item
from suara.core.timezones import ZONES, zone_of

WHATSAPP_LIMIT = 4096
WHATSAPP_CAPTION_LIMIT = 1024
TELEGRAM_LIMIT = 4096
TELEGRAM_CAPTION_LIMIT = 1024
# A broadcast is read on a phone: the body is shortened to this many characters even when the platform
# would take more; the link leads to the whole text.
BODY_CHARS = 700
TITLE_CHARS = 300
NAME_CHARS = 120
ELLIPSIS = "…"

DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WORDS = {
    "id": {"link": "Selengkapnya", "event": "Acara", "national": "Nasional", "at": "pukul"},
    "en": {"link": "Read more", "event": "Event", "national": "National", "at": "at"},
}

# MarkdownV2's reserved characters, escaped by a backslash anywhere in text; inside an inline link's
# target only ")" and "\" are.
_MD_RESERVED = re.compile(r"([_*\[\]()~`>#+\-=|{}.!\\])")
_MD_LINK_RESERVED = re.compile(r"([)\\])")
_SPACE = re.compile(r"\s")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[^\S\n]+")


def units(text: str) -> int:
    """The length of ``text`` in UTF-16 code units."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def md_escape(text: str) -> str:
    return _MD_RESERVED.sub(r"\\\1", text)


def md_link_target(url: str) -> str:
    return _MD_LINK_RESERVED.sub(r"\\\1", url)


def tidy(text: str) -> str:
    """Runs of spaces to one, blank lines to one, no control characters, trimmed."""
    text = "".join(c for c in text.replace("\r\n", "\n").replace("\r", "\n") if c == "\n" or c.isprintable())
    return _BLANK_LINES.sub("\n\n", _SPACES.sub(" ", text)).strip()


def fit(text: str, budget: int, measure: Callable[[str], int] = units) -> str:
    """``text`` whole when ``measure(text) <= budget``; else its longest prefix ending before white space
    with "…" after it that measures within ``budget`` ("…" alone, or '' when even that does not fit).
    ``measure`` must grow with the prefix and count each character at least once (an escape adds)."""
    if measure(text) <= budget:
        return text
    # No prefix longer than the budget in characters can fit: only the cuts within it are tried.
    cuts = [m.start() for m in _SPACE.finditer(text, 0, max(budget, 0) + 1)]
    cuts = [cut for cut in cuts if text[:cut].strip()]
    sizes = _LazySizes(text, cuts, measure)
    best = bisect.bisect_right(sizes, budget) - 1
    if best >= 0:
        return sizes.candidate(best)
    return ELLIPSIS if measure(ELLIPSIS) <= budget else ""


class _LazySizes:
    """The measures of the cut candidates, in cut order, computed only where bisection looks."""

    def __init__(self, text: str, cuts: list[int], measure: Callable[[str], int]):
        self.text, self.cuts, self.measure = text, cuts, measure

    def candidate(self, index: int) -> str:
        return self.text[: self.cuts[index]].rstrip() + ELLIPSIS

    def __len__(self) -> int:
        return len(self.cuts)

    def __getitem__(self, index: int) -> int:
        return self.measure(self.candidate(index))


def local_time(moment: datetime, region_code: str) -> tuple[datetime, str]:
    zone = zone_of(region_code)
    return moment.astimezone(ZONES[zone]), zone


def date_text(moment: datetime, region_code: str = "", *, lang: str = "id", with_time: bool = False) -> str:
    """ "Senin, 5 Februari 2024" (with "pukul 09.00 WIB"), in the region's time zone."""
    local, zone = local_time(moment, region_code)
    days, months = (DAYS_EN, MONTHS_EN) if lang == "en" else (DAYS_ID, MONTHS_ID)
    text = f"{days[local.weekday()]}, {local.day} {months[local.month - 1]} {local.year}"
    if with_time:
        text += f" {WORDS[lang]['at']} {local:%H.%M} {zone}"
    return text


def event_text(start: datetime, end: datetime | None, region_code: str = "", *, lang: str = "id") -> str:
    """ "Rabu, 14 Februari 2024 pukul 07.00–13.00 WIB", or from one day to another."""
    local_start, zone = local_time(start, region_code)
    if end is None:
        return date_text(start, region_code, lang=lang, with_time=True)
    local_end, _ = local_time(end, region_code)
    if local_start.date() == local_end.date():
        hours = f"{local_start:%H.%M}–{local_end:%H.%M} {zone}"
        return f"{date_text(start, region_code, lang=lang)} {WORDS[lang]['at']} {hours}"
    first = date_text(start, region_code, lang=lang, with_time=True)
    return f"{first} – {date_text(end, region_code, lang=lang, with_time=True)}"


def _fields(item: Item, lang: str) -> tuple[str, str]:
    if lang == "en" and item.title_en.strip():
        return item.title_en, item.body_en or item.body
    return item.title, item.body


def _region(item: Item, lang: str) -> str:
    return item.region_name or WORDS[lang]["national"]


def _compose(
    item: Item,
    *,
    limit: int,
    lang: str,
    escape: Callable[[str], str],
    title_line: Callable[[str], str],
    link_line: Callable[[str], str],
) -> str:
    """The text: title, "region · category", date (and event), the body, the link. The link line is
    fitted first and never cut; then the title, names and dates, each within its own cap; the body gets
    what remains, up to ``BODY_CHARS``. Each part is fitted on its raw text, measured as sent."""
    words = WORDS[lang]
    title, body = _fields(item, lang)

    def escaped(text: str) -> int:
        return units(escape(text))

    link = link_line(item.url)
    budget = limit - units(link)
    if budget < 0:
        raise ValueError("the URL alone is over the limit")
    parts: list[str] = []

    def add(raw: str, cap: int, render: Callable[[str], str] = escape, *, separator: str = "\n", line=True) -> None:
        nonlocal budget
        frame = units(render("")) + units(separator)
        room = min(cap, budget - frame)
        if room <= 0:
            return
        fitted = fit(" ".join(raw.split()) if line else tidy(raw), room, escaped)
        if not fitted:
            return
        piece = render(fitted)
        budget -= units(piece) + units(separator)
        parts.append(piece + separator)

    add(title, TITLE_CHARS, title_line)
    add(f"{_region(item, lang)} · {item.category_name}", NAME_CHARS)
    add(date_text(item.published_at, item.region_code, lang=lang), NAME_CHARS)
    if item.event_start is not None:
        add(
            f"{words['event']}: {event_text(item.event_start, item.event_end, item.region_code, lang=lang)}", NAME_CHARS
        )
    if parts:
        parts[-1] += "\n"
        budget -= 1
    add(body, BODY_CHARS, separator="\n\n", line=False)
    text = "".join(parts) + link
    assert units(text) <= limit
    return text


def whatsapp_text(item: Item, *, limit: int = WHATSAPP_LIMIT, lang: str = "id") -> str:
    """The WhatsApp broadcast: ``*title*`` bold, the rest plain, the URL in full (WhatsApp links it)."""
    return _compose(
        item,
        limit=limit,
        lang=lang,
        escape=_plain,
        title_line=lambda title: f"*{title.replace('*', '∗')}*",
        link_line=lambda url: f"{WORDS[lang]['link']}: {url}",
    )


def telegram_text(item: Item, *, limit: int = TELEGRAM_LIMIT, lang: str = "id", markdown: bool = True) -> str:
    """The Telegram post: MarkdownV2 (bold title, every reserved character escaped, the link inline with
    the URL as its target and its text), or plain text with ``markdown=False``."""
    if not markdown:
        return _compose(
            item,
            limit=limit,
            lang=lang,
            escape=_plain,
            title_line=_plain,
            link_line=lambda url: f"{WORDS[lang]['link']}: {url}",
        )
    return _compose(
        item,
        limit=limit,
        lang=lang,
        escape=md_escape,
        title_line=lambda title: f"*{md_escape(title)}*",
        link_line=lambda url: f"{md_escape(WORDS[lang]['link'])}: [{md_escape(url)}]({md_link_target(url)})",
    )


def telegram_caption(item: Item, *, lang: str = "id", markdown: bool = True) -> str:
    """The caption of the card posted as a photo (1,024)."""
    return telegram_text(item, limit=TELEGRAM_CAPTION_LIMIT, lang=lang, markdown=markdown)


def _plain(text: str) -> str:
    return text
