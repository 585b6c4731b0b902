"""Search text: the normalised tokens a clarification is found by where PostgreSQL's text search is not
available (SQLite). Pure: no Django.

The fallback: lower case, accents folded, punctuation dropped; the common Indonesian particles and
affixes ("-lah", "-kah", "-nya", "di-", "me-"…) are not stemmed, so a query token matches any token
that contains it (``LIKE '%token%'``): "curang" finds "kecurangan", "coblos" finds "dicoblos"."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_TOKENS = 8


def tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return _WORD.findall(folded)


def search_document(*parts: str) -> str:
    """The normalised text of a clarification: its tokens, space-separated, with a space at each end so
    that a whole-token match can be written ``LIKE '% token %'``."""
    return " " + " ".join(t for part in parts for t in tokens(part)) + " "


def query_tokens(query: str) -> list[str]:
    """A query's distinct tokens, in order, at most ``MAX_QUERY_TOKENS``."""
    seen: list[str] = []
    for token in tokens(query):
        if token not in seen:
            seen.append(token)
    return seen[:MAX_QUERY_TOKENS]
