"""Reads of hoax clarifications: the published ones for the public, and the search over them.

Search, on PostgreSQL: full-text search with the built-in ``indonesian`` configuration (its Snowball
stemmer: "kecurangan" and "curang" meet) over the claim and the explanation
(``Clarification.search_vector``, kept by a trigger, with a GIN index: migration 0001), ranked by
``ts_rank`` then by recency. Typo tolerance: a query of at most ``TYPO_MAX_TOKENS`` words that finds
nothing is asked again by trigram word similarity (pg_trgm, with its own GIN index), when the extension is
installed (the migration installs it where the database user may; otherwise, the documented fallback, a
misspelt short query finds nothing).

On SQLite (development, tests), the documented fallback: every normalised query token must occur in the
normalised document (``LIKE '%token%'``, so a word's stem finds its affixed forms, never the reverse),
newest first; no typo tolerance."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet

from suara.accounts.authz import assignments_of
from suara.accounts.models import Organisation
from suara.accounts.roles import ALLOWED, Action, Role, ScopeKind
from suara.information.matching import query_tokens
from suara.information.models import Clarification

SEARCH_LIMIT = 20
TYPO_MAX_TOKENS = 2
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
    regions, organisations = [], []
    for assignment in assignments_of(user):
        if assignment.role not in ALLOWED[Action.PUBLISH_CLARIFICATION]:
            continue
        if assignment.role == Role.ORGANISATION_OPERATOR:
            organisations.append(assignment.scope)
        elif assignment.scope_kind == ScopeKind.REGION:
            regions.append(assignment.scope)
    if organisations:
        regions += Organisation.objects.filter(code__in=organisations, kind=Organisation.Kind.DISKOMINFO).values_list(
            "region_code", flat=True
        )
    return regions


def search(query: str, *, limit: int = SEARCH_LIMIT) -> list[Clarification]:
    """The published clarifications that match ``query``, best first; [] for an empty query."""
    tokens = query_tokens(query)
    if not tokens:
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(" ".join(tokens), len(tokens), limit)
    return _search_fallback(tokens, limit)


def _search_postgresql(text: str, count: int, limit: int) -> list[Clarification]:
    tsquery = SearchQuery(text, config=CONFIG, search_type="plain")
    # The ranking carries only the ids (carrying whole rows through it cost ten times as much), then one
    # read of the few rows answered.
    ids = list(
        published()
        .filter(search_vector=tsquery)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "-published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    if ids or count > TYPO_MAX_TOKENS:
        return _rows(ids)
    return _typo_tolerant(text, limit)


def _rows(ids: list[int]) -> list[Clarification]:
    rows = Clarification.objects.defer("search_document", "search_vector").in_bulk(ids)
    return [rows[pk] for pk in ids]


def _typo_tolerant(text: str, limit: int) -> list[Clarification]:
    """Trigram word similarity (pg_trgm's ``<%``, served by the trigram index; its threshold the setting
    ``pg_trgm.word_similarity_threshold``, 0.6 by default); [] without the extension."""
    table = Clarification._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return []
        cursor.execute(
            f"""
            SELECT id FROM {table} WHERE status = %s AND %s <%% search_document
            ORDER BY word_similarity(%s, search_document) DESC, published_at DESC, id DESC LIMIT %s
            """,  # noqa: S608
            [Clarification.Status.PUBLISHED, text, text, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return _rows(ids)


def _search_fallback(tokens: list[str], limit: int) -> list[Clarification]:
    condition = Q()
    for token in tokens:
        condition &= Q(search_document__contains=token)
    return list(published().filter(condition)[:limit])
