"""The pure rules of grouping rumour reports: normalising Indonesian text and links, similarity of texts
and screenshots, the keys that find candidates, and which group a report joins."""

import io

from hypothesis import assume, given
from hypothesis import strategies as st
from PIL import Image

from suara.information.demo import chat_screenshot
from suara.information.similarity import (
    ABBREVIATIONS,
    IMAGE_THRESHOLD,
    TEXT_THRESHOLD,
    Signs,
    best_group,
    dhash,
    hamming,
    image_keys,
    jaccard,
    normalise,
    report_keys,
    shingles,
    signed64,
    text_keys,
    text_similarity,
    unsigned64,
    url_normal,
)

# Text as reporters write it: Indonesian words, chat spellings, emoji, links, punctuation, accents.
WORDS = ["surat", "suara", "dicoblos", "yg", "gak", "TPS", "Depok", "pentiiing", "sebarkan!!", "paslon", "02",
         "https://wa.me/123", "www.contoh.id/a?b=1", "😡", "Pemilu", "café", "sdh", "KPU", "hoaks", "ini"]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=30).map(" ".join)


@given(texts)
def test_normalising_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@given(texts, texts)
def test_similarity_is_symmetric_and_bounded(a, b):
    assert text_similarity(a, b) == text_similarity(b, a)
    assert 0.0 <= text_similarity(a, b) <= 1.0


@given(texts)
def test_a_text_is_similar_to_itself(text):
    assume(normalise(text))
    assert text_similarity(text, text) == 1.0 >= TEXT_THRESHOLD
    assert best_group(Signs.of(text=text), {7: [Signs.of(text=text)]}).group == 7


def test_no_abbreviation_is_written_out_as_another():
    assert not set(ABBREVIATIONS.values()) & set(ABBREVIATIONS)


def test_normalising_indonesian_chat_text():
    text = "PENTIIING!!! Surat suara yg di TPS 05 Depok sdh dicoblos 😡 https://bit.ly/xyz café"
    assert normalise(text) == "surat suara tps 05 depok dicoblos cafe"
    assert normalise("Tolong sebarkan ke grup keluarga sebelum dihapus: Sirekap diretas") == "sirekap diretas"
    assert normalise("") == "" and normalise("!!! 😡 https://a.id/x") == ""


def test_the_same_forward_is_similar_and_another_rumour_is_not():
    forward = "Beredar pesan: surat suara di TPS 05 Depok sudah dicoblos untuk paslon 02, sebarkan!"
    retyped = "surat suara di tps 05 depok udah dicoblos utk paslon 02 sebarkan"
    other = "Data DPT bocor dan dijual di forum gelap oleh peretas"
    assert text_similarity(forward, retyped) >= TEXT_THRESHOLD
    assert text_similarity(forward, other) < 0.1


@given(texts, texts)
def test_jaccard_of_shingles(a, b):
    x, y = shingles(normalise(a)), shingles(normalise(b))
    assert jaccard(x, y) == jaccard(y, x)
    if x and x == y:
        assert jaccard(x, y) == 1.0


def test_similar_texts_share_a_text_key_and_keys_are_stable():
    a = shingles(normalise("Kotak suara dibakar massa di Bekasi tadi malam, hati-hati"))
    b = shingles(normalise("kotak suara di Bekasi dibakar massa tadi malam hati hati"))
    assert set(text_keys(a)) & set(text_keys(b))
    assert text_keys(a) == text_keys(a) and len(text_keys(a)) == 30
    assert text_keys(frozenset()) == []


links = st.builds(
    lambda scheme, host, path, query, frag: f"{scheme}://{host}{path}{query}{frag}",
    st.sampled_from(["http", "https", "HTTPS"]),
    st.sampled_from(
        [
            "www.facebook.com",
            "m.facebook.com",
            "twitter.com",
            "x.com",
            "youtu.be",
            "www.youtube.com",
            "WWW.Contoh.ID",
            "www.m.tiktok.com",
            "fb.com",
            "a.b.c.id:8080",
        ]
    ),  # fmt: skip
    st.sampled_from(["", "/", "/abcDEF12345", "/shorts/abcDEF12345", "/watch", "//a//b/", "/post/1/"]),
    st.sampled_from(["", "?v=abcDEF12345", "?utm_source=wa&id=3", "?fbclid=x", "?b=2&a=1", "?q=a+b%26c"]),
    st.sampled_from(["", "#frag"]),
)


@given(links)
def test_link_normalising_is_idempotent(link):
    once = url_normal(link)
    if once is not None:
        assert url_normal(once) == once


def test_links_in_one_form():
    same = [
        "https://www.facebook.com/contoh/posts/1/?fbclid=abc&utm_source=wa#top",
        "http://m.facebook.com/contoh/posts/1",
        "https://fb.com/contoh/posts/1?mibextid=x",
    ]
    assert {url_normal(link) for link in same} == {"https://facebook.com/contoh/posts/1"}
    assert url_normal("https://youtu.be/abcDEF12345?si=x") == url_normal(
        "https://www.youtube.com/watch?v=abcDEF12345&t=3"
    )
    assert url_normal("https://youtube.com/shorts/abcDEF12345") == "https://youtube.com/watch?v=abcDEF12345"
    assert url_normal("https://twitter.com/kpu/status/1?s=20") == "https://x.com/kpu/status/1"
    assert url_normal("https://www.facebook.com/") is None  # a front page says nothing
    assert url_normal("javascript:alert(1)") is None and url_normal("https://") is None
    assert url_normal("https://a.id/x?b=2&a=1") == "https://a.id/x?a=1&b=2"


def _screenshot(seed: int) -> Image.Image:
    """A chat-like phone screenshot: bubbles of a seeded layout (the demo's)."""
    return Image.open(io.BytesIO(chat_screenshot(seed)))


def _reencoded(image: Image.Image, *, scale: float, quality: int) -> Image.Image:
    small = image.resize((int(image.width * scale), int(image.height * scale)))
    out = io.BytesIO()
    small.save(out, "JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue()))


def test_a_forwarded_screenshot_keeps_its_hash_and_another_does_not():
    original = dhash(_screenshot(1))
    forwarded = dhash(_reencoded(_screenshot(1), scale=0.6, quality=40))
    other = dhash(_screenshot(2))
    assert hamming(original, forwarded) <= IMAGE_THRESHOLD
    assert hamming(original, other) > IMAGE_THRESHOLD
    assert set(image_keys(original)) & set(image_keys(forwarded))


def test_a_flat_image_has_no_hash():
    assert dhash(Image.new("RGB", (300, 500), (255, 255, 255))) is None


hashes = st.integers(min_value=0, max_value=(1 << 64) - 1)


@given(hashes, st.sets(st.integers(min_value=0, max_value=63), max_size=IMAGE_THRESHOLD))
def test_hashes_within_the_threshold_share_an_image_key(value, flipped):
    other = value
    for bit in flipped:
        other ^= 1 << bit
    assert hamming(value, other) == len(flipped)
    assert set(image_keys(value)) & set(image_keys(other))


@given(hashes, hashes)
def test_hamming_is_symmetric_and_signed_storage_round_trips(a, b):
    assert hamming(a, b) == hamming(b, a) and hamming(a, a) == 0
    assert unsigned64(signed64(a)) == a and -(1 << 63) <= signed64(a) < 1 << 63


def test_the_group_joined_link_first_then_screenshot_then_text():
    text = Signs.of(text="Kotak suara dibakar massa di Bekasi tadi malam")
    image = Signs(frozenset(), None, 0b1011 << 40)
    linked = Signs.of(text="lain sama sekali", link="https://x.com/a/status/9")
    report = Signs(text.grams, linked.link, image.image ^ 0b1)
    candidates = {3: [text], 2: [image], 5: [linked]}
    assert best_group(report, candidates).reason == "link" and best_group(report, candidates).group == 5
    del candidates[5]
    assert best_group(report, candidates).group == 2
    del candidates[2]
    assert best_group(report, candidates).group == 3
    assert best_group(Signs.of(text="Sirekap diretas hacker asing"), candidates) is None
    assert len(report_keys(report)) == 1 + 6 + 30


def test_paraphrases_group_and_neighbouring_rumours_do_not():
    assert text_similarity(
        "Petugas KPPS meninggal karena diracun", "Petugas KPPS di Depok meninggal diracun, sebarkan"
    ) >= (TEXT_THRESHOLD)
    assert text_similarity(
        "surat suara di TPS 05 Depok sudah dicoblos", "surat suara di TPS 12 Bekasi rusak dan hilang"
    ) < (TEXT_THRESHOLD)
    assert text_similarity(
        "KPU Depok menambah TPS siluman di Pancoran Mas", "KPU Depok menghapus pemilih di Pancoran Mas"
    ) < (TEXT_THRESHOLD)
