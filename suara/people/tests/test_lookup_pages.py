"""The lookup page's helper (``people.lookup_pages``), on a register of its own: what the template is given
in each case. (Each register's page is tested through its own URL: voters/tests/test_cek_dpt.py,
parties/tests/lookup/test_lookup.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from suara.people import lookup_pages
from suara.people.lookup import Candidate, PrivateLookup
from suara.people.names import name_key
from suara.people.nik import nik_make

BUDI = nik_make("327601", date(1985, 3, 9), "L", 1)


@dataclass(frozen=True)
class Listed:
    listed: bool
    name: str = ""

    def as_dict(self) -> dict:
        return {"listed": self.listed, "name": self.name}


class OneRow(PrivateLookup[str, Listed]):
    rate_key = "test-page"
    client_rate_setting = "TEST_CLIENT_RATE"
    subject_rate_setting = "TEST_NIK_RATE"
    miss = Listed(False)

    def find(self, nik):
        return Candidate(found=nik == BUDI, name_key=name_key("Budi Santoso"), row="BU** SA*****")

    def answer(self, row):
        return Listed(True, row)


@pytest.fixture
def page(db, settings, monkeypatch):
    settings.TEST_CLIENT_RATE, settings.TEST_NIK_RATE = 100, 2
    monkeypatch.setattr("suara.core.ratelimit.time", SimpleNamespace(time=lambda: 1_700_000_010.0))
    rendered = []

    def render(request, template, context, status):
        rendered.append((template, context, status))
        return HttpResponse(status=status)

    monkeypatch.setattr(lookup_pages, "render", render)

    def post(data, hit_context=None):
        response = lookup_pages.lookup_page(
            RequestFactory().post("/x/", data), OneRow(), "test/page.html", hit_context=hit_context
        )
        return response, *rendered[-1][1:]

    return post


def test_a_hit_is_given_its_own_facts_and_nothing_typed(page):
    response, context, status = page({"nik": BUDI, "nama": "budi santoso"}, hit_context=lambda a: {"extra": a.name})
    assert status == 200 and response["Cache-Control"] == "no-store"
    assert context["hit"] is True and context["answer"] == Listed(True, "BU** SA*****")
    assert context["extra"] == "BU** SA*****"
    assert "keep_nik" not in context and "keep_nama" not in context


@pytest.mark.parametrize("nik", [BUDI, nik_make("327601", date(1985, 3, 9), "L", 2)])
def test_a_miss_gives_back_what_was_typed_and_no_hit_facts(page, nik):
    _, context, status = page({"nik": nik, "nama": "Siti Aminah"}, hit_context=lambda a: pytest.fail("a miss"))
    assert status == 200 and context["hit"] is False and context["answer"] is OneRow.miss
    assert (context["keep_nik"], context["keep_nama"]) == (nik, "Siti Aminah")


def test_refusals_are_named_with_their_status(page):
    _, context, status = page({"nik": "123", "nama": "Budi"})
    assert status == 400 and context["error"].code == "invalid_nik" and "answer" not in context
    page({"nik": BUDI, "nama": "Budi"})
    page({"nik": BUDI, "nama": "Budi"})
    response, context, status = page({"nik": BUDI, "nama": "Budi"})
    assert status == 429 and context["nik_retry_minutes"] >= 1 and response["Retry-After"]
