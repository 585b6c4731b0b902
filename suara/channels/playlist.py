"""The rules of a videotron or billboard playlist: what an uploaded asset is (judged by its bytes), what
an entry must be (slot length, daily window, dates), and the schedule as the site's operator receives it
(rows for JSON and CSV). Pure: no Django.

A site plays its entries in order, each for its slot, among those whose dates include the day and whose
daily window includes the time (windows of several entries may overlap: they share the screen in turn).
A window runs from its start up to its end on the same day; one across midnight is two entries."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, time

SLOT_SECONDS = (1, 600)
DEFAULT_SLOT_SECONDS = 15
IMAGE_MAX_BYTES = 20 * 1024 * 1024
VIDEO_MAX_BYTES = 200 * 1024 * 1024

# What each kind of asset starts with, and what it is called in the export.
KINDS = {
    "png": ("image", "image/png"),
    "jpg": ("image", "image/jpeg"),
    "webp": ("image", "image/webp"),
    "mp4": ("video", "video/mp4"),
    "webm": ("video", "video/webm"),
}
_MP4_BRANDS = (b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"qt  ")


def sniff(head: bytes) -> str | None:
    """The extension of the asset whose first bytes are ``head`` (at least 16), or None: PNG, JPEG, WebP,
    MP4 (an ISO base media file with a known brand) or WebM (Matroska's EBML header)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS:
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "webm"
    return None


def parse_window(start: str | time | None, end: str | time | None) -> tuple[time, time] | None:
    """The daily window (HH:MM each), or None when malformed or when it does not end after it starts."""
    try:
        begin = start if isinstance(start, time) else time.fromisoformat(str(start or "").strip())
        finish = end if isinstance(end, time) else time.fromisoformat(str(end or "").strip())
    except ValueError:
        return None
    if finish <= begin:
        return None
    return begin.replace(second=0, microsecond=0, tzinfo=None), finish.replace(second=0, microsecond=0, tzinfo=None)


def parse_dates(start: str | date | None, end: str | date | None) -> tuple[date, date] | None:
    """The first and last day (YYYY-MM-DD each, both included), or None when malformed or reversed."""
    try:
        first = start if isinstance(start, date) else date.fromisoformat(str(start or "").strip())
        last = end if isinstance(end, date) else date.fromisoformat(str(end or "").strip())
    except ValueError:
        return None
    return (first, last) if first <= last else None


def slot_ok(seconds: object) -> bool:
    return isinstance(seconds, int) and not isinstance(seconds, bool) and SLOT_SECONDS[0] <= seconds <= SLOT_SECONDS[1]


def plays_at(entry: ScheduleRow, day: date, at: time) -> bool:
    return entry.start_date <= day <= entry.end_date and entry.window_start <= at < entry.window_end


@dataclass(frozen=True)
class ScheduleRow:
    """One entry as the operator receives it."""

    position: int
    title: str
    kind: str  # image, video
    content_type: str
    slot_seconds: int
    window_start: time
    window_end: time
    start_date: date
    end_date: date
    asset_url: str
    file_name: str  # in the ZIP: assets/<sha256>.<ext>
    sha256: str
    item_key: str = ""

    def as_dict(self) -> dict:
        return {
            "urutan": self.position,
            "judul": self.title,
            "jenis": self.kind,
            "tipe_konten": self.content_type,
            "durasi_detik": self.slot_seconds,
            "jam_mulai": self.window_start.strftime("%H:%M"),
            "jam_selesai": self.window_end.strftime("%H:%M"),
            "tanggal_mulai": self.start_date.isoformat(),
            "tanggal_selesai": self.end_date.isoformat(),
            "url_aset": self.asset_url,
            "berkas": self.file_name,
            "sha256": self.sha256,
            "kunci_item": self.item_key,
        }


CSV_COLUMNS = tuple(ScheduleRow(0, "", "", "", 0, time(), time(1), date.min, date.min, "", "", "").as_dict())


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def schedule_csv(rows: list[ScheduleRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(v) for v in row.as_dict().values()])
    return out.getvalue()
