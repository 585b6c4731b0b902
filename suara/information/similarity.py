"""Are two reports the same rumour? Pure: no Django (Pillow only, for a screenshot's hash).

Three signs, strongest first (``best_group``):

- **The link.** ``url_normal`` puts a link in one form: https, host in lower case without ``www.``/``m.``
  and with the platforms' aliases merged (twitter.com is x.com, youtu.be/ID is youtube.com/watch?v=ID),
  tracking parameters (``utm_*``, ``fbclid``, ``igshid``, ``si``…) and the fragment dropped, the other
  parameters sorted. Two reports of the same normalised link are the same rumour. A link to a site's
  front page (no path, no query) says nothing and is not used.
- **The screenshot.** A difference hash (``dhash``, the algorithm of the ``imagehash`` library's
  ``dhash``, written here in twenty lines over Pillow rather than adding that library and its numpy,
  scipy and PyWavelets): the image in grey at 9x8, one bit per pair of neighbouring pixels, brighter or
  not. A screenshot forwarded again (recompressed, resized, its colours shifted) keeps its hash within a
  few bits; two different ones differ in about half. Same rumour: at most ``IMAGE_THRESHOLD`` bits apart.
  A nearly flat image (a blank screen) has no usable hash.
- **The text.** ``normalise`` (below) then the set of character 5-grams (``shingles``; robust to typos,
  affixes and a word added or dropped), compared by Jaccard similarity: the same rumour at
  ``TEXT_THRESHOLD`` or more.

Normalising Indonesian text: accents and emoji folded away, lower case, links removed, punctuation
dropped, letters repeated three times or more written once ("pentiiing" is "penting"), the usual chat
abbreviations written out ("yg" is "yang", "gak" is "tidak"), and the words that tell no rumour from
another dropped (``FILLER``: "di", "yang", "sudah"…, and a chain message's wrapping, "tolong sebarkan ke grup
keluarga", which unrelated rumours share). Idempotent (property-tested).

Finding candidates without comparing with every group: each group is filed under keys
(``report_keys``): its normalised link's hash; ``IMAGE_BANDS`` bands of its screenshots' hashes (two hashes
at most ``IMAGE_THRESHOLD`` bits apart agree on at least one band, by pigeonhole); and ``TEXT_BANDS`` bands of
``TEXT_ROWS`` values of a MinHash signature of its texts' shingles (locality-sensitive hashing: two texts
at Jaccard similarity s share a band with probability 1 - (1 - s^3)^30, 0.98 at 0.5 and 0.03 at 0.1). A new
report reads only the groups that share one of its keys.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

TEXT_THRESHOLD = 0.45
SHINGLE = 5
IMAGE_THRESHOLD = 5
IMAGE_BANDS = IMAGE_THRESHOLD + 1
TEXT_ROWS = 3
TEXT_BANDS = 30

# --- text ------------------------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+/\S*")
_WORD = re.compile(r"[a-z0-9]+")
_REPEATED = re.compile(r"([a-z])\1{2,}")
# Chat spellings of Indonesian words, as written out. No value is itself a key (idempotence).
ABBREVIATIONS = {
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "tdk": "tidak", "gak": "tidak", "ga": "tidak",
    "nggak": "tidak", "enggak": "tidak", "gk": "tidak", "tak": "tidak", "sdh": "sudah", "udah": "sudah",
    "udh": "sudah", "dah": "sudah", "blm": "belum", "utk": "untuk", "krn": "karena",
    "karna": "karena", "jg": "juga", "aja": "saja", "aj": "saja", "dr": "dari", "dlm": "dalam", "pd": "pada",
    "tsb": "tersebut", "sy": "saya", "aku": "saya", "kalo": "kalau", "klo": "kalau", "kl": "kalau",
    "bs": "bisa", "bgt": "banget", "sm": "sama", "org": "orang", "lg": "lagi", "jd": "jadi", "tp": "tapi",
    "trs": "terus", "skrg": "sekarang", "sbg": "sebagai", "hrs": "harus", "kpd": "kepada",
}  # fmt: skip
# Words that say nothing about which rumour it is: the commonest function words, and the chain message's
# wrapping ("tolong sebarkan ke grup keluarga sebelum dihapus"), which unrelated rumours share. Dropped.
FILLER = frozenset({
    "di", "ke", "dari", "yang", "dan", "atau", "ini", "itu", "untuk", "dengan", "pada", "dalam", "akan", "ada",
    "adalah", "juga", "saja", "sudah", "telah", "karena", "kalau", "bahwa", "agar", "oleh", "para", "sebuah", "ya",
    "yah", "nih", "dong", "sih", "lho", "loh", "kah", "lah", "deh", "kok", "pun", "tuh", "beredar", "kabar",
    "pesan", "info", "informasi", "berita", "tolong", "mohon", "sebarkan", "share", "bagikan", "viral", "cek",
    "dicek", "benarkah", "benar", "katanya", "kata", "grup", "group", "keluarga", "sebelum", "dihapus", "hoaks",
    "hoax", "fwd", "forwarded", "diteruskan", "penting", "waspada", "hati", "awas", "semua", "teman", "kawan",
})  # fmt: skip


def normalise(text: str) -> str:
    """The words of ``text`` as grouping compares them, space-separated; "" when it has none."""
    folded = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().casefold()
    words = []
    for word in _WORD.findall(_URL.sub(" ", folded)):
        word = _REPEATED.sub(r"\1", word)
        word = ABBREVIATIONS.get(word, word)
        if word not in FILLER:
            words.append(word)
    return " ".join(words)


def shingles(normalised: str) -> frozenset[str]:
    """The character ``SHINGLE``-grams of a normalised text (the whole text when shorter); none when empty."""
    if not normalised:
        return frozenset()
    if len(normalised) <= SHINGLE:
        return frozenset((normalised,))
    return frozenset(normalised[i : i + SHINGLE] for i in range(len(normalised) - SHINGLE + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 0 when either is empty (an empty text is like nothing)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def text_similarity(a: str, b: str) -> float:
    return jaccard(shingles(normalise(a)), shingles(normalise(b)))


# MinHash: TEXT_BANDS * TEXT_ROWS hash functions h(x) = (a x + b) mod p over a shingle's 64-bit hash, with
# fixed coefficients (the keys stored with a group must mean the same in every process and every release).
_PRIME = (1 << 61) - 1
_SEEDED = random.Random(2024_18)  # noqa: S311 - fixed coefficients, not secrets
_COEFFICIENTS = [(_SEEDED.randrange(1, _PRIME), _SEEDED.randrange(0, _PRIME)) for _ in range(TEXT_BANDS * TEXT_ROWS)]


def _hash64(value: str | bytes) -> int:
    data = value.encode() if isinstance(value, str) else value
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def minhash(grams: frozenset[str]) -> list[int]:
    if not grams:
        return []
    values = [_hash64(g) for g in grams]
    return [min((a * v + b) % _PRIME for v in values) for a, b in _COEFFICIENTS]


def text_keys(grams: frozenset[str]) -> list[str]:
    signature = minhash(grams)
    keys = []
    for band in range(TEXT_BANDS if signature else 0):
        rows = signature[band * TEXT_ROWS : (band + 1) * TEXT_ROWS]
        digest = hashlib.blake2b(repr(rows).encode(), digest_size=6).hexdigest()
        keys.append(f"t{band:02d}{digest}")
    return keys


# --- links -----------------------------------------------------------------------------------------------

_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.", "mbasic.")
_HOST_ALIASES = {"twitter.com": "x.com", "fb.com": "facebook.com", "instagr.am": "instagram.com"}
_TRACKING = {
    "fbclid", "gclid", "igshid", "igsh", "si", "s", "t", "ref", "ref_src", "ref_url", "feature", "mibextid",
    "rdid", "share_url", "__cft__", "__tn__", "_rdr", "is_from_webapp", "sender_device",
}  # fmt: skip
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")


def url_normal(link: str) -> str | None:
    """The link in one form (https, lower-case host without www/m., aliases merged, tracking parameters
    and fragment dropped, parameters sorted), or None when it is no http(s) address of a page (no host, or
    only a site's front page)."""
    try:
        parts = urlsplit(str(link or "").strip())
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or not re.fullmatch(r"[a-z0-9.-]+", host):
        return None
    stripped = True
    while stripped:
        stripped = False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix) and "." in host[len(prefix) :]:
                host, stripped = host[len(prefix) :], True
    host = _HOST_ALIASES.get(host, host)
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if not _tracking(k)]
    if host == "youtu.be" and _YOUTUBE_ID.fullmatch(path.lstrip("/")):
        host, query, path = "youtube.com", [("v", path.lstrip("/"))], "/watch"
    elif host == "youtube.com" and path.startswith("/shorts/") and _YOUTUBE_ID.fullmatch(path[len("/shorts/") :]):
        query, path = [("v", path[len("/shorts/") :])], "/watch"
    elif host == "youtube.com" and path == "/watch":
        query = [(k, v) for k, v in query if k == "v"]
    if not path and not query:
        return None
    text = f"https://{host}{path}"
    return f"{text}?{urlencode(sorted(query))}" if query else text


def _tracking(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING or name.startswith("utm_")


def link_key(normal: str) -> str:
    return "u" + hashlib.blake2b(normal.encode(), digest_size=12).hexdigest()


# --- screenshots -----------------------------------------------------------------------------------------

HASH_BITS = 64
_FLAT = 8  # a 9x8 grey image whose brightest and darkest pixels differ by less than this is "flat"


def dhash(image) -> int | None:
    """The 64-bit difference hash of a Pillow image, or None when the image is nearly flat (a blank screen
    would match every other blank screen)."""
    from PIL import Image

    small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS, reducing_gap=3.0)
    pixels = small.tobytes()  # one byte a pixel, in rows
    if max(pixels) - min(pixels) < _FLAT:
        return None
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (pixels[row * 9 + col] > pixels[row * 9 + col + 1])
    return bits


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << HASH_BITS) - 1)).bit_count()


def signed64(value: int) -> int:
    """A 64-bit hash as a signed integer (a database's bigint), and back with ``unsigned64``."""
    return value - (1 << 64) if value >= 1 << 63 else value


def unsigned64(value: int) -> int:
    return value & ((1 << 64) - 1)


def image_keys(hash64: int) -> list[str]:
    """``IMAGE_BANDS`` bands of the hash: any hash at most ``IMAGE_THRESHOLD`` bits away shares one."""
    keys, start = [], 0
    for band in range(IMAGE_BANDS):
        width = HASH_BITS // IMAGE_BANDS + (band < HASH_BITS % IMAGE_BANDS)
        keys.append(f"i{band}{(hash64 >> start) & ((1 << width) - 1):04x}")
        start += width
    return keys


# --- a report's signs, and the group it joins ------------------------------------------------------------


@dataclass(frozen=True)
class Signs:
    """What grouping compares of one report: its normalised text's shingles, its normalised link, its
    screenshot's hash (unsigned)."""

    grams: frozenset[str] = field(default_factory=frozenset)
    link: str | None = None
    image: int | None = None

    @classmethod
    def of(cls, *, text: str, link: str = "", image: int | None = None) -> Signs:
        return cls(shingles(normalise(text)), url_normal(link) if link else None, image)


def report_keys(signs: Signs) -> list[str]:
    keys = [link_key(signs.link)] if signs.link else []
    if signs.image is not None:
        keys += image_keys(signs.image)
    return keys + text_keys(signs.grams)


@dataclass(frozen=True)
class Match:
    group: int
    reason: str  # "link", "image" or "text"
    score: float  # for "image" the bits apart, else the similarity


def best_group(signs: Signs, candidates: dict[int, list[Signs]]) -> Match | None:
    """The group (of ``candidates``: group id -> its reports' signs) that this report belongs to: one
    with the same link, else the nearest screenshot within ``IMAGE_THRESHOLD``, else the most similar text
    at ``TEXT_THRESHOLD`` or above; ties to the lowest id (the oldest group). None: a new rumour."""
    by_link, by_image, by_text = [], [], []
    for group, reports in sorted(candidates.items()):
        for other in reports:
            if signs.link and other.link == signs.link:
                by_link.append(Match(group, "link", 1.0))
            if signs.image is not None and other.image is not None:
                apart = hamming(signs.image, other.image)
                if apart <= IMAGE_THRESHOLD:
                    by_image.append(Match(group, "image", apart))
            similarity = jaccard(signs.grams, other.grams)
            if similarity >= TEXT_THRESHOLD:
                by_text.append(Match(group, "text", similarity))
    if by_link:
        return by_link[0]
    if by_image:
        return min(by_image, key=lambda m: (m.score, m.group))
    if by_text:
        return min(by_text, key=lambda m: (-m.score, m.group))
    return None
