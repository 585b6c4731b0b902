"""The square card: 1080×1080 PNG whatever the title; every text inside the canvas and its own box; a long
title wrapped, then set smaller, then cut with "…"."""

from __future__ import annotations

import io
import os
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from suara.channels import card
from suara.channels.tests.conftest import make_item

SLACK = 6  # a glyph's side bearing may reach a few pixels past the margin (J, W)
TITLES = st.one_of(
    st.text(min_size=1, max_size=500).filter(lambda t: t.strip()),
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=40),
             min_size=1, max_size=80).map(" ".join),
)  # fmt: skip


def _inside(box, region) -> bool:
    left, top, right, bottom = box
    return left >= region[0] - SLACK and top >= region[1] - SLACK and right <= region[2] + SLACK and bottom <= region[3]


def _check(png: bytes, layout: card.Layout) -> None:
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (1080, 1080)
    regions = card.regions_of(layout)
    for name, box in layout.boxes:
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= 1080 and box[3] <= 1080, (name, box)
        assert _inside(box, regions[name]), (name, box, regions[name])
    names = [name for name, _ in layout.boxes]
    assert names.count("title") == layout.title_lines >= 1
    assert {"header", "category", "region", "date", "url"} <= set(names)


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 900), (20, 110, 190)).save(out, "JPEG")
    return out.getvalue()


@settings(max_examples=int(os.environ.get("SUARA_CHANNEL_EXAMPLES", "25")), deadline=None)
@given(title=TITLES, with_image=st.booleans(), region=st.text(max_size=200), label=st.text(max_size=200))
def test_any_title_stays_inside_the_card(title, with_image, region, label):
    item = make_item(title=title, region_name=region, category_label=label, image=_photo() if with_image else None)
    png, layout = card.render_card(item, short_url="suara.example.id/s/ABCDEFG")
    _check(png, layout)
    assert layout.image is with_image


def test_a_short_title_is_large_and_whole():
    _, layout = card.render_card(make_item(title="Pemungutan suara 14 Februari"), short_url="x.id/s/A")
    assert layout.title_size == card.TITLE_SIZES[0] and not layout.title_cut


def test_a_very_long_title_is_cut_with_an_ellipsis():
    png, layout = card.render_card(make_item(title="kata " * 100), short_url="x.id/s/A")
    _check(png, layout)
    titles = [box for name, box in layout.boxes if name == "title"]
    assert layout.title_cut and layout.title_size == card.TITLE_SIZES[-1] and len(titles) == layout.title_lines


def test_one_endless_word_is_broken_not_overflowing():
    png, layout = card.render_card(make_item(title="A" * 500), short_url="x.id/s/A")
    _check(png, layout)
    assert layout.title_cut


def test_a_mark_with_nothing_to_sit_on_stays_inside():
    for title in ("\u0300", "a \u0301\u0302 b", "\u0300" * 300):
        png, layout = card.render_card(make_item(title=title), short_url="x.id/s/A")
        _check(png, layout)


def test_an_image_that_is_not_one_is_left_out():
    png, layout = card.render_card(replace(make_item(), image=b"GIF89a not really"), short_url="x.id/s/A")
    _check(png, layout)
    assert not layout.image


def test_the_font_ships_with_a_dependency():
    assert card._reportlab_font("VeraBd.ttf") is not None
    assert card.font(40, bold=True).getname()[0] == "Bitstream Vera Sans"
