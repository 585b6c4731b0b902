"""People's names: the key a private lookup (cek DPT) compares, and the masked form it answers with.
Pure: no Django.

``name_key`` ignores what people vary when they type their own name: case, accents, spacing,
punctuation, and titles ("H.", "Hj.", "Dr.", "Ir.", "Prof." before the name; "S.Pd.", "S.H.", "M.Si."
after it). It is deliberately not fuzzy: spelling variants (Muhammad / Muhamad) are for duplicate
detection, not for confirming who someone is.
"""

from __future__ import annotations

import re
import unicodedata


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles written before the name, compared without dots.
PREFIX_TITLES = _word_set("h hj haji hajjah hajah dr drs dra drg ir prof kh ust ustadz ustazah tn ny nn sdr sdri apt")
# Degrees written after the name (after a comma, or with dots), compared without dots and spaces.
SUFFIX_TITLES = _word_set(
    """spd sh se st skom ssos sag ssi sip sked skep sfarm spsi shum sikom sstp spt sp skes sak ss str sgz
    sth spdi shi sei sy stp sm sds sa mpd mh mm msi mkom mkes mag mt me msc mba mhum mpdi mm mkn mtr
    phd amd amdkeb amdkep amdkes bsc ba ma lc spa spog sppd spb dr drs ir"""
)

_TOKEN = re.compile(r"[^\s,]+")
_NOT_ALPHA = re.compile(r"[^a-z]+")


def _ascii_lower(text: str) -> str:
    if text.isascii():
        return text.lower()  # what decomposing would give: most names, read by the thousand in an import
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def _compact(token: str) -> str:
    # The token is ASCII and lower case here: all letters already, or drop what is not one.
    return token if token.isascii() and token.isalpha() else _NOT_ALPHA.sub("", token)


def name_words(name: str) -> list[str]:
    """The words of a name without its titles, lower case, each only its letters."""
    text = _ascii_lower(name)
    head, comma, tail = text.partition(",")
    words = _TOKEN.findall(head)
    # Titles before the name, each with or without its dot ("H.", "Hj", "Dr.").
    while words and _compact(words[0]) in PREFIX_TITLES and len(words) > 1:
        words.pop(0)
    # Degrees after the name without a comma count only when written with a dot ("Budi S.Pd", or split
    # after its dot: "S. Pd."), so a name ending in a plain word that spells a degree ("Ma") is kept.
    while len(words) > 1:
        if "." in words[-1] and _compact(words[-1]) in SUFFIX_TITLES:
            words.pop()
        elif len(words) > 2 and "." in words[-2] and _compact(words[-2] + words[-1]) in SUFFIX_TITLES:
            del words[-2:]
        else:
            break
    kept = [_compact(word) for word in words]
    if comma:
        # After the first comma come degrees; anything else there is still part of the name.
        kept += [_compact(word) for word in _TOKEN.findall(tail) if _compact(word) not in SUFFIX_TITLES]
    return [word for word in kept if word]


def name_key(name: str) -> str:
    """The key under which two writings of one person's name are equal: letters only, no titles.

    Spacing is ignored altogether ("Nur Aini" and "Nuraini" match), since names are written both ways.
    """
    return "".join(name_words(name))


def mask_name(name: str) -> str:
    """The name as cek DPT shows it: each word's first two letters (one for words of 2-3 letters), the rest
    as stars, upper case ("Budi Santoso" -> "BU** SA*****"). Titles are left out."""
    masked = []
    for word in name_words(name):
        keep = 2 if len(word) > 3 else 1 if len(word) > 1 else 0
        masked.append(word[:keep].upper() + "*" * (len(word) - keep))
    return " ".join(masked)
