"""The search: the published clarifications only, best first, on PostgreSQL through the trigger-kept
entries and lexicon (typo-tolerant for short queries), on SQLite through the documented fallback."""

import pytest
from django.db import connection

from suara.audit.actors import Actor
from suara.information.models import Clarification, SearchEntry, SearchWord
from suara.information.selectors import SearchHit, search
from suara.information.services import ClarificationInput, clarification_publish, clarification_update
from suara.information.tests.conftest import GOOD, make

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'")


def _published(writers, **overrides):
    draft = make(writers["author"], **overrides)
    return clarification_publish(actor=Actor.of(writers["second"]), pk=draft.pk)


def test_hits_carry_what_the_pages_and_the_api_show(writers):
    published = _published(writers)
    make(writers["author"], claim="Surat suara dicoblos di gudang, masih draf belum terbit")
    (hit,) = search("surat suara dicoblos")
    assert isinstance(hit, SearchHit) and hit.pk == published.pk
    assert (hit.claim, hit.verdict, hit.evidence, hit.region_code) == (
        GOOD["claim"], "HOAKS", GOOD["evidence"], "3276"
    )  # fmt: skip
    assert hit.published_at == published.published_at and hit.first_seen.isoformat() == "2024-02-01"
    assert search("") == [] and search("!!!") == []


def test_newer_and_better_matches_first(writers):
    older = _published(writers, claim="Kotak suara dibakar massa di Bekasi menjelang pemungutan")
    newer = _published(writers, claim="Kotak suara hilang dari gudang logistik Depok")
    assert [h.pk for h in search("kotak suara")] == [newer.pk, older.pk]
    assert [h.pk for h in search("kotak suara dibakar")] == [older.pk]


@postgresql_only
def test_the_trigger_keeps_the_entries_and_the_lexicon(writers):
    draft = make(writers["author"])
    assert not SearchEntry.objects.filter(clarification=draft).exists()
    clarification_publish(actor=Actor.of(writers["second"]), pk=draft.pk)
    entry = SearchEntry.objects.get(clarification=draft)
    assert entry.published_at == Clarification.objects.get(pk=draft.pk).published_at
    assert SearchWord.objects.filter(word="dicoblos").exists() and not SearchWord.objects.filter(word="di").exists()
    changed = {**GOOD, "claim": "Kotak suara diangkut truk tanpa pengawalan di Depok"}
    clarification_update(actor=Actor.of(writers["second"]), pk=draft.pk, data=ClarificationInput(**changed))
    assert [h.pk for h in search("truk pengawalan")] == [draft.pk]
    assert search("sudah dicoblos paslon") == []  # the old claim is no longer found
    Clarification.objects.filter(pk=draft.pk).update(status="draft")
    assert not SearchEntry.objects.filter(clarification=draft).exists()


@postgresql_only
def test_stemming_and_typo_tolerance_on_postgresql(writers):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        trigram = cursor.fetchone() is not None
    published = _published(writers, claim="Ada kecurangan terstruktur lewat aplikasi Sirekap di Depok")
    assert [h.pk for h in search("curang")] == [published.pk]  # Snowball's Indonesian stemmer
    assert [h.pk for h in search("sirekp")] == ([published.pk] if trigram else [])
    assert [h.pk for h in search("kecurngan depok")] == ([published.pk] if trigram else [])
    assert search("sirekp diretas asing") == []  # three words or more: no typo path


def test_sqlite_fallback_finds_affixed_forms(writers):
    if connection.vendor == "postgresql":
        pytest.skip("the fallback is SQLite's")
    published = _published(writers)
    assert [h.pk for h in search("coblos")] == [published.pk]  # a stem finds "dicoblos"
    assert search("sirekp") == []  # no typo tolerance
