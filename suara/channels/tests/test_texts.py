"""The WhatsApp and Telegram texts: within the platform's limits for any title and body, the URL whole,
cut only at white space, MarkdownV2 escaped so that Telegram parses it."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from suara.channels import texts
from suara.channels.tests.conftest import make_item

RESERVED = set("_*[]()~`>#+-=|{}.!\\")
URL_CHARS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~/?=&%()", min_size=0, max_size=300)
ANY_TEXT = st.text(min_size=1, max_size=6000)
WORDY = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30),
    min_size=1,
    max_size=1500,
).map(" ".join)


def md_parse(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Parses the MarkdownV2 we write, as Telegram would: the plain text and the inline links. Raises on
    a reserved character left unescaped outside a bold marker or a link's brackets."""
    out, links, i, bold = [], [], 0, False
    while i < len(text):
        c = text[i]
        if c == "\\":
            assert i + 1 < len(text) and text[i + 1] in RESERVED, f"bad escape at {i}"
            out.append(text[i + 1])
            i += 2
        elif c == "*":
            bold = not bold
            i += 1
        elif c == "[":
            close = i + 1
            label = []
            while text[close] != "]":
                if text[close] == "\\":
                    label.append(text[close + 1])
                    close += 2
                else:
                    assert text[close] not in RESERVED, f"unescaped {text[close]!r} in a link's text"
                    label.append(text[close])
                    close += 1
            assert text[close + 1] == "(", "a link's target follows its text"
            j, target = close + 2, []
            while text[j] != ")":
                if text[j] == "\\":
                    assert text[j + 1] in ")\\"
                    target.append(text[j + 1])
                    j += 2
                else:
                    target.append(text[j])
                    j += 1
            links.append(("".join(label), "".join(target)))
            out.append("".join(label))
            i = j + 1
        else:
            assert c not in RESERVED, f"unescaped {c!r} at {i}"
            out.append(c)
            i += 1
    assert not bold, "bold left open"
    return "".join(out), links


def test_a_text_reads_as_an_announcement():
    item = make_item(event_start=datetime(2024, 1, 10, 1, tzinfo=UTC), event_end=datetime(2024, 1, 10, 8, tzinfo=UTC))
    text = texts.whatsapp_text(item)
    assert text.startswith("*Pendaftaran anggota KPPS Pemilu 2024 dibuka*\nKota Depok · Rekrutmen\n")
    assert "Jumat, 5 Januari 2024" in text
    assert "Acara: Rabu, 10 Januari 2024 pukul 08.00–15.00 WIB" in text
    assert text.endswith("Selengkapnya: https://suara.example.id/pengumuman/42/")


def test_the_region_s_own_time_zone_and_english():
    item = make_item(region_code="7371", region_name="Kota Makassar", title_en="KPPS recruitment is open")
    assert "Jumat, 5 Januari 2024" in texts.whatsapp_text(item)
    assert texts.date_text(item.published_at, "7371", with_time=True) == "Jumat, 5 Januari 2024 pukul 10.00 WITA"
    english = texts.whatsapp_text(item, lang="en")
    assert english.startswith("*KPPS recruitment is open*") and "Friday, 5 January 2024" in english
    assert "Read more: https://" in english


def test_an_asterisk_in_the_title_does_not_close_whatsapp_s_bold():
    text = texts.whatsapp_text(make_item(title="Hasil *sementara* TPS"))
    assert text.splitlines()[0] == "*Hasil ∗sementara∗ TPS*"


def test_telegram_markdown_escapes_and_links():
    item = make_item(title="Rekap (tahap 1) selesai! 100% data.", url="https://suara.example.id/p/a_(b)")
    text = texts.telegram_text(item)
    plain, links = md_parse(text)
    assert "Rekap (tahap 1) selesai! 100% data." in plain
    assert links == [("https://suara.example.id/p/a_(b)", "https://suara.example.id/p/a_(b)")]


def test_a_long_body_is_shortened_at_a_word_with_an_ellipsis():
    body = " ".join(f"kata{n}" for n in range(2000))
    text = texts.whatsapp_text(make_item(body=body))
    shown = text.split("\n\n")[1]
    assert shown.endswith("…") and texts.units(shown) <= texts.BODY_CHARS
    assert body.startswith(shown[:-1]) and body[len(shown) - 1] == " "


def test_a_word_longer_than_the_room_is_left_out_not_cut():
    assert texts.fit("a" * 5000, 100) == "…"
    assert texts.fit("awal " + "b" * 5000, 100) == "awal…"


def _check(text: str, item, limit: int, *, markdown: bool) -> None:
    assert texts.units(text) <= limit
    if markdown:
        plain, links = md_parse(text)
        assert links and links[-1][1] == item.url
    else:
        assert item.url in text
        plain = text
    body = texts.tidy(item.body)
    # what is shown of the body is its start, cut at white space: between the header's blank line and the
    # blank line before the link
    head, _, rest = plain.partition("\n\n")
    shown = rest.rpartition("\n\n")[0] if rest.count("\n") >= 1 and "\n\n" in rest else ""
    if shown.endswith("…") and shown != body:
        start = shown[:-1]
        assert body.startswith(start)
        assert len(start) == len(body) or body[len(start)].isspace()
    elif shown:
        assert shown == body


@settings(max_examples=int(os.environ.get("SUARA_CHANNEL_EXAMPLES", "60")), deadline=None)
@given(title=ANY_TEXT, body=st.one_of(ANY_TEXT, WORDY), path=URL_CHARS, region=st.text(max_size=200))
def test_every_text_is_within_its_limit_and_holds_the_url(title, body, path, region):
    if not title.strip():
        title = "judul"
    item = make_item(title=title[:500], body=body, url="https://suara.example.id/" + path, region_name=region)
    for limit in (texts.WHATSAPP_LIMIT, texts.WHATSAPP_CAPTION_LIMIT):
        _check(texts.whatsapp_text(item, limit=limit), item, limit, markdown=False)
    for limit in (texts.TELEGRAM_LIMIT, texts.TELEGRAM_CAPTION_LIMIT):
        _check(texts.telegram_text(item, limit=limit), item, limit, markdown=True)
        _check(texts.telegram_text(item, limit=limit, markdown=False), item, limit, markdown=False)


@settings(max_examples=40, deadline=None)
@given(text=WORDY, budget=st.integers(min_value=0, max_value=800), markdown=st.booleans())
def test_fit_keeps_a_prefix_at_a_word_boundary_within_budget(text, budget, markdown):
    measure = (lambda s: texts.units(texts.md_escape(s))) if markdown else texts.units
    fitted = texts.fit(text, budget, measure)
    assert measure(fitted) <= budget or fitted == ""
    if fitted == text or fitted in ("", "…"):
        return
    assert fitted.endswith("…")
    prefix = fitted[:-1]
    assert text.startswith(prefix) and text[len(prefix)].isspace()


def test_emoji_count_twice():
    item = make_item(body="😀 " * 3000)
    text = texts.telegram_caption(item)
    assert texts.units(text) <= 1024 < len(text) * 2


def test_an_event_over_days():
    start = datetime(2024, 2, 14, 0, tzinfo=UTC)
    assert texts.event_text(start, start + timedelta(days=2), "3276") == (
        "Rabu, 14 Februari 2024 pukul 07.00 WIB – Jumat, 16 Februari 2024 pukul 07.00 WIB"
    )


def test_no_control_characters_reach_a_text():
    text = texts.whatsapp_text(replace(make_item(), body="baris\x00satu\x1b[31m merah\r\n\r\n\r\nbaris dua"))
    assert "\x00" not in text and "\x1b" not in text and "\n\n\n" not in text
    assert re.search("barissatu", text)
