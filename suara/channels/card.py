"""The square image card of an item for Instagram and Facebook: a 1080×1080 PNG drawn on the server with
Pillow. Pure: no Django.

From the top: the header bar in KPU's maroon with "PENGUMUMAN" and who speaks; the category label; the
item's image when it has one (cover-cropped into a band); the title, in the largest size at which it fits
its box, wrapped at spaces (a word wider than a line is broken) and, when even the smallest size cannot
hold it, cut after the last word that fits with "…"; region and date; the footer bar with the short URL.
Every text is measured before it is drawn and kept inside its box (``Layout`` records each box drawn, for
the tests).

The font is Bitstream Vera (Sans and Sans Bold, free licence), which ships inside ReportLab, a dependency
already; without it Pillow's own scalable font (``ImageFont.load_default(size)``, Pillow ≥ 10.1)."""

from __future__ import annotations

import importlib.util
import io
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from suara.channels.item import Item
from suara.channels.texts import ELLIPSIS, date_text

SIZE = 1080
MARGIN = 72
MAROON = (122, 31, 31)
INK = (28, 28, 28)
GREY = (90, 90, 90)
PAPER = (255, 255, 255)
LABEL_BG = (248, 231, 231)
HEADER_HEIGHT = 150
FOOTER_HEIGHT = 130
IMAGE_BAND = (HEADER_HEIGHT + 110, 600)  # top and bottom of the image, when there is one
TITLE_SIZES = (76, 68, 60, 54, 48, 42)
LINE_SPACING = 1.18
IMAGE_MAX_PIXELS = 40_000_000


@dataclass
class Layout:
    """What was drawn: (name, box) for each text, boxes as (left, top, right, bottom); whether the title
    was cut and at which size it was set."""

    boxes: list[tuple[str, tuple[int, int, int, int]]] = field(default_factory=list)
    title_size: int = 0
    title_cut: bool = False
    title_lines: int = 0
    image: bool = False


def _reportlab_font(name: str) -> Path | None:
    spec = importlib.util.find_spec("reportlab")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / name
    return path if path.is_file() else None


@lru_cache(maxsize=32)
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = _reportlab_font("VeraBd.ttf" if bold else "Vera.ttf")
    if path is not None:
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _width(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont) -> int:
    """The width ``text`` takes: its advance, or its ink where that reaches further (a combining mark
    with nothing to sit on hangs left of the start; ``_text`` moves such a line right by as much)."""
    left, _, right, _ = draw.textbbox((0, 0), text, font=face)
    return max(right, int(draw.textlength(text, font=face))) - min(left, 0)


def _break_word(draw, word: str, face, width: int) -> list[str]:
    """A word wider than a line, in pieces that each fit."""
    pieces, piece = [], ""
    for char in word:
        if piece and _width(draw, piece + char, face) > width:
            pieces.append(piece)
            piece = char
        else:
            piece += char
    return [*pieces, piece] if piece else pieces


def wrap(draw: ImageDraw.ImageDraw, text: str, face, width: int) -> list[str]:
    """``text`` in lines no wider than ``width``: broken at spaces, a too-wide word broken inside."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _width(draw, candidate, face) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        if _width(draw, word, face) <= width:
            line = word
        else:
            *full, line = _break_word(draw, word, face, width)
            lines.extend(full)
    if line:
        lines.append(line)
    return lines


def _ellipsize(draw, line: str, face, width: int) -> str:
    """``line`` with "…" after it, words dropped from its end until it fits (characters, for one word)."""
    words = line.split()
    while words:
        candidate = " ".join(words) + ELLIPSIS
        if _width(draw, candidate, face) <= width:
            return candidate
        if len(words) == 1:
            word = words[0]
            while word and _width(draw, word + ELLIPSIS, face) > width:
                word = word[:-1]
            return word + ELLIPSIS
        words.pop()
    return ELLIPSIS


def clean(text: str) -> str:
    """``text`` on one line for the card: NFC, and no combining mark without a letter to sit on nor more
    than two on one letter (a pile of marks would reach out of its box)."""
    out, marks = [], 0
    for char in unicodedata.normalize("NFC", " ".join(text.split())):
        if unicodedata.category(char) in ("Mn", "Me"):
            if not out or out[-1] == " " or marks >= 2:
                continue
            marks += 1
        else:
            marks = 0
        out.append(char)
    return "".join(out)


def ink_height(draw, lines: list[str], face, step: int) -> tuple[int, int]:
    """How tall ``lines`` set ``step`` apart are in ink, and how far the first reaches above its origin."""
    above = max(0, -min(draw.textbbox((0, 0), line, font=face)[1] for line in lines))
    below = draw.textbbox((0, 0), lines[-1], font=face)[3]
    return above + (len(lines) - 1) * step + below, above


def fit_title(draw, title: str, width: int, height: int) -> tuple[list[str], ImageFont.FreeTypeFont, int, bool]:
    """The title's lines, face and size: the largest size whose lines fit ``height`` in ink; at the
    smallest, as many lines as fit, the last ending in "…"."""
    title = clean(title) or ELLIPSIS
    for size in TITLE_SIZES:
        face = font(size, bold=True)
        lines = wrap(draw, title, face, width)
        if ink_height(draw, lines, face, int(size * LINE_SPACING))[0] <= height:
            return lines, face, size, False
    size = TITLE_SIZES[-1]
    face = font(size, bold=True)
    lines = wrap(draw, title, face, width)
    keep = len(lines)
    while True:
        keep -= 1
        cut = lines[:keep] if keep > 0 else lines[:1]
        cut[-1] = _ellipsize(draw, cut[-1], face, width)
        if keep <= 1 or ink_height(draw, cut, face, int(size * LINE_SPACING))[0] <= height:
            return cut, face, size, True


def _text(draw, layout: Layout, name: str, xy: tuple[int, int], text: str, face, fill) -> None:
    overhang = min(draw.textbbox((0, 0), text, font=face)[0], 0)
    xy = (xy[0] - overhang, xy[1])
    draw.text(xy, text, font=face, fill=fill)
    layout.boxes.append((name, tuple(int(v) for v in draw.textbbox(xy, text, font=face))))


def _one_line(draw, text: str, face, width: int) -> str:
    text = clean(text)
    return text if _width(draw, text, face) <= width else _ellipsize(draw, text, face, width)


def _picture(data: bytes | None) -> Image.Image | None:
    """The item's image, decoded, or None when it is not a PNG, JPEG or WebP Pillow can read."""
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("PNG", "JPEG", "WEBP") or probe.width * probe.height > IMAGE_MAX_PIXELS:
                return None
            probe.load()
            return ImageOps.exif_transpose(probe).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def render_card(item: Item, *, short_url: str) -> tuple[bytes, Layout]:
    """The card as PNG bytes, and what was drawn where."""
    layout = Layout()
    canvas = Image.new("RGB", (SIZE, SIZE), PAPER)
    draw = ImageDraw.Draw(canvas)
    inner = SIZE - 2 * MARGIN

    draw.rectangle((0, 0, SIZE, HEADER_HEIGHT), fill=MAROON)
    _text(draw, layout, "header", (MARGIN, 34), "PENGUMUMAN", font(44, bold=True), PAPER)
    speaker = _one_line(draw, item.speaker, font(32), inner)
    _text(draw, layout, "speaker", (MARGIN, 92), speaker, font(32), PAPER)

    label_face = font(30, bold=True)
    label = _one_line(draw, item.category_name.upper(), label_face, inner - 40)
    top = HEADER_HEIGHT + 40
    width = _width(draw, label, label_face)
    draw.rounded_rectangle((MARGIN, top, MARGIN + width + 40, top + 54), radius=27, fill=LABEL_BG)
    _text(draw, layout, "category", (MARGIN + 20, top + 10), label, label_face, MAROON)

    title_top = top + 54 + 40
    picture = _picture(item.image)
    if picture is not None:
        band_top, band_bottom = IMAGE_BAND
        band = ImageOps.fit(picture, (SIZE, band_bottom - band_top), method=Image.Resampling.LANCZOS)
        canvas.paste(band, (0, band_top))
        layout.image = True
        title_top = band_bottom + 36

    meta_face = font(34)
    meta_height = 2 * 48
    footer_top = SIZE - FOOTER_HEIGHT
    title_bottom = footer_top - 40 - meta_height - 24
    lines, face, size, cut = fit_title(draw, item.title, inner, title_bottom - title_top)
    layout.title_size, layout.title_cut, layout.title_lines = size, cut, len(lines)
    step = int(size * LINE_SPACING)
    _, above = ink_height(draw, lines, face, step)
    for n, line in enumerate(lines):
        _text(draw, layout, "title", (MARGIN, title_top + above + n * step), line, face, INK)

    meta_top = footer_top - 40 - meta_height
    region = _one_line(draw, item.region_name or "Nasional", meta_face, inner)
    _text(draw, layout, "region", (MARGIN, meta_top), region, meta_face, GREY)
    when = _one_line(draw, date_text(item.published_at, item.region_code), meta_face, inner)
    _text(draw, layout, "date", (MARGIN, meta_top + 48), when, meta_face, GREY)

    draw.rectangle((0, footer_top, SIZE, SIZE), fill=MAROON)
    _text(draw, layout, "footer", (MARGIN, footer_top + 22), "Info lengkap:", font(28), PAPER)
    link_face = font(40, bold=True)
    _text(
        draw, layout, "url", (MARGIN, footer_top + 60), _one_line(draw, short_url, link_face, inner), link_face, PAPER
    )

    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue(), layout


# The boxes each text must stay inside: (left, top, right, bottom), for the tests and for anyone changing
# the layout.
def regions_of(layout: Layout) -> dict[str, tuple[int, int, int, int]]:
    title_top = IMAGE_BAND[1] + 36 if layout.image else HEADER_HEIGHT + 40 + 54 + 40
    footer_top = SIZE - FOOTER_HEIGHT
    title_bottom = footer_top - 40 - 2 * 48 - 24
    return {
        "header": (0, 0, SIZE, HEADER_HEIGHT),
        "speaker": (MARGIN, 0, SIZE - MARGIN, HEADER_HEIGHT),
        "category": (MARGIN, HEADER_HEIGHT, SIZE - MARGIN, HEADER_HEIGHT + 40 + 54),
        "title": (MARGIN, title_top, SIZE - MARGIN, title_bottom),
        "region": (MARGIN, title_bottom, SIZE - MARGIN, footer_top),
        "date": (MARGIN, title_bottom, SIZE - MARGIN, footer_top),
        "footer": (MARGIN, footer_top, SIZE - MARGIN, SIZE),
        "url": (MARGIN, footer_top, SIZE - MARGIN, SIZE),
    }
