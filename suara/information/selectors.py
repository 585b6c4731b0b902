"""Reads of hoax clarifications: the published ones for the public, and the search over them.

Search, on PostgreSQL: full-text search with the built-in ``indonesian`` configuration (its Snowball
stemmer: "kecurangan" and "curang" meet) over the claim and the explanation, in ``SearchEntry`` (the
published clarifications' vectors, kept by a trigger, with a GIN index: migration 0002), ranked by
``ts_rank`` then by recency. One prepared statement ranks the entries and reads the answered rows' columns,
without the ORM (``SearchHit``): what a search cost was mostly building and compiling two ORM queries and
their model instances, not the database's work (docs/information.md, "Benchmark").

Typo tolerance: a query of at most ``TYPO_MAX_TOKENS`` words that finds nothing is asked again with each
word replaced by the lexicon's nearest words (``SearchWord``, pg_trgm's similarity over its own trigram
index: a few thousand words, not whole documents), when the extension is installed (the migration installs
it where the database user may; otherwise, the documented fallback, a misspelt short query finds nothing).

On SQLite (development, tests), the documented fallback: every normalised query token must occur in the
normalised document (``LIKE '%token%'``, so a word's stem finds its affixed forms, never the reverse),
newest first; no typo tolerance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.db.models import Q, QuerySet

from suara.accounts.public_voice import voice_regions
from suara.accounts.roles import Action
from suara.core.db import prepared_cursor
from suara.core.jsontext import load_json
from suara.information.matching import query_tokens
from suara.information.models import Clarification, SearchEntry, SearchWord

SEARCH_LIMIT = 20
TYPO_MAX_TOKENS = 2
TYPO_ALTERNATIVES = 3
CONFIG = "indonesian"


def published() -> QuerySet[Clarification]:
    return Clarification.objects.filter(status=Clarification.Status.PUBLISHED).order_by("-published_at", "-pk")


def published_one(pk: int) -> Clarification | None:
    return published().filter(pk=pk).first()


def drafts_for(region_codes: list[str]) -> QuerySet[Clarification]:
    """The drafts an officer sees: those of the regions beneath any of its scopes."""
    condition = Q(pk__in=[])
    for code in region_codes:
        condition |= Q(region_code__startswith=code)
    return Clarification.objects.filter(condition, status=Clarification.Status.DRAFT).order_by("-updated_at")


def writer_regions(user) -> list[str]:
    """The regions whose clarifications ``user`` writes and publishes: its KPU or city viewer scopes, and
    the regions of the Diskominfo organisations it operates; [] for anyone else."""
    return voice_regions(user, Action.PUBLISH_CLARIFICATION)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A published clarification as the search answers it: what the list, the widget and the API show."""

    id: int
    claim: str
    verdict: str
    explanation: str
    platform: str
    appearance_url: str
    first_seen: date | None
    evidence: list
    region_code: str
    version: int
    published_at: datetime

    @property
    def pk(self) -> int:
        return self.id


_COLUMNS = (
    "id", "claim", "verdict", "explanation", "platform", "appearance_url", "first_seen", "evidence", "region_code",
    "version", "published_at",
)  # fmt: skip


# Read as text and as microseconds: a timestamp read through Django's loader cost a third of a search's own CPU.
_SELECTED = {"evidence": "c.evidence::text", "published_at": "(extract(epoch FROM c.published_at) * 1000000)::int8"}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _ranked(tsquery: str) -> str:
    """The statement that ranks the entries matching ``tsquery`` (an SQL expression of one parameter) and
    reads the best ``limit`` clarifications' columns: the ranking reads only the narrow entries."""
    clarification, entry = Clarification._meta.db_table, SearchEntry._meta.db_table
    columns = ", ".join(_SELECTED.get(name, f"c.{name}") for name in _COLUMNS)
    return f"""
        SELECT {columns} FROM (
            SELECT e.clarification_id AS id, e.published_at, ts_rank(e.vector, q) AS rank
            FROM {entry} e, {tsquery} q WHERE e.vector @@ q
            ORDER BY rank DESC, e.published_at DESC, e.clarification_id DESC LIMIT %s
        ) r JOIN {clarification} c ON c.id = r.id
        ORDER BY r.rank DESC, r.published_at DESC, r.id DESC
    """  # noqa: S608 - table names only


_PLAIN = _ranked(f"plainto_tsquery('pg_catalog.{CONFIG}', %s)")
_ALTERNATIVES = _ranked(f"to_tsquery('pg_catalog.{CONFIG}', %s)")
# Each word of the query with its nearest words of the lexicon (pg_trgm's `%`: similarity at least
# pg_trgm.similarity_threshold, 0.3 by default), the nearest first.
_NEAREST = f"""
    SELECT q.token, w.word FROM unnest(%s::text[]) AS q(token)
    CROSS JOIN LATERAL (
        SELECT word FROM {SearchWord._meta.db_table} WHERE word %% q.token
        ORDER BY similarity(word, q.token) DESC, word LIMIT {TYPO_ALTERNATIVES}
    ) w
"""  # noqa: S608


def _hits(rows) -> list[SearchHit]:
    """Hits of the PostgreSQL statements' rows (evidence as JSON text, published_at in epoch microseconds)."""
    return [SearchHit(*r[:7], load_json(r[7]), r[8], r[9], _EPOCH + timedelta(microseconds=r[10])) for r in rows]


def search(query: str, *, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
    """The published clarifications that match ``query``, best first; [] for an empty query."""
    tokens = query_tokens(query)
    if not tokens:
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(tokens, limit)
    return _search_fallback(tokens, limit)


def _search_postgresql(tokens: list[str], limit: int) -> list[SearchHit]:
    with prepared_cursor() as cursor:
        cursor.execute(_PLAIN, [" ".join(tokens), limit])
        hits = _hits(cursor.fetchall())
    if hits or len(tokens) > TYPO_MAX_TOKENS:
        return hits
    return _typo_tolerant(tokens, limit)


def _typo_tolerant(tokens: list[str], limit: int) -> list[SearchHit]:
    """Each word or its nearest words in the lexicon (``(w | w1 | w2) & …``, every word of the query
    required); [] without pg_trgm."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return []
        cursor.execute(_NEAREST, [tokens])
        nearest: dict[str, list[str]] = {}
        for token, word in cursor.fetchall():
            nearest.setdefault(token, []).append(word)
    if any(token not in nearest for token in tokens):
        return []
    # Words are [a-z0-9]+ (matching.tokens), so they need no quoting inside the tsquery's text.
    text = " & ".join("(" + " | ".join(dict.fromkeys([token, *nearest[token]])) + ")" for token in tokens)
    with prepared_cursor() as cursor:
        cursor.execute(_ALTERNATIVES, [text, limit])
        return _hits(cursor.fetchall())


def _search_fallback(tokens: list[str], limit: int) -> list[SearchHit]:
    condition = Q()
    for token in tokens:
        condition &= Q(search_document__contains=token)
    return [SearchHit(*row) for row in published().filter(condition).values_list(*_COLUMNS)[:limit]]
