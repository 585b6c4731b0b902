"""``DocumentField``: a document written once and read whole keeps its value through every way Suara
writes and reads it, and PostgreSQL stores it as ``json`` text rather than taking it apart as ``jsonb``."""

from __future__ import annotations

import pytest
from django.db import connection

from suara.core.db import insert_rows
from suara.core.jsontext import load_json
from suara.elections.models import Contest
from suara.results.models import RecapSnapshot

DOCUMENT = {"name": "KEPULAUAN SERIBU UTARA", "share": 0.4667, "children": [{"code": "31", "votes": {"1": 7}}]}


def test_postgresql_stores_the_body_as_json_text(db):
    if connection.vendor != "postgresql":
        pytest.skip("the json column type is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type FROM information_schema.columns WHERE table_name = %s AND column_name = 'body'",
            [RecapSnapshot._meta.db_table],
        )
        assert cursor.fetchone() == ("json",)


def test_a_document_reads_back_as_written_through_the_orm_a_one_statement_insert_and_raw_sql(pemilu_2024):
    contest = Contest.objects.get(slug="ppwp-2024")
    created = RecapSnapshot.objects.create(contest=contest, code="31", version=1, body=DOCUMENT)
    inserted = RecapSnapshot(contest=contest, code="32", version=1, body=DOCUMENT)
    insert_rows([inserted])
    for pk in (created.pk, inserted.pk):
        assert RecapSnapshot.objects.get(pk=pk).body == DOCUMENT
        assert RecapSnapshot.objects.filter(pk=pk).values_list("body", flat=True).get() == DOCUMENT
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT body FROM {RecapSnapshot._meta.db_table} WHERE id = %s", [pk])  # noqa: S608
            assert load_json(cursor.fetchone()[0]) == DOCUMENT
