"""The parties of an election, as a public page (/partai/) and over the API (/api/v1/partai)."""

import pytest

from suara.audit.actors import Actor
from suara.elections.services import elections_load
from suara.parties.services import parties_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties():
    elections_load(actor=Actor.named("test"))
    parties_load(actor=Actor.named("test"))


def test_the_page_lists_the_parties_by_ballot_number(client, parties):
    page = client.get("/partai/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index('data-party="pkb"') < html.index('data-party="ppp"') < html.index('data-party="ummat"')
    assert "Partai lokal Aceh" in html


def test_the_api_lists_them_with_their_source(client, parties):
    answer = client.get("/api/v1/partai?pemilu=pemilu-2024").json()
    assert answer["pemilu"] == "pemilu-2024" and "518 Tahun 2022" in answer["sumber"]
    assert [p["nomor_urut"] for p in answer["partai"]] == list(range(1, 25))
    assert answer["partai"][20] == {
        "nomor_urut": 21,
        "kode": "pa",
        "nama": "Partai Aceh",
        "singkatan": "PA",
        "jenis": "lokal",
        "provinsi": "11",
    }


@pytest.mark.parametrize("query", ["?pemilu=pilkada-2024", "?pemilu=" + "x" * 60, "?pemilu=%00"])
def test_an_election_without_parties_is_a_clear_404(client, parties, query):
    answer = client.get("/api/v1/partai" + query)
    assert answer.status_code in (404, 422)
    assert answer.json()["code"] in ("party_not_found", "invalid_input")
    assert client.get("/partai/" + query).status_code == 404


def test_without_parties_loaded_the_page_is_a_404(client):
    assert client.get("/partai/").status_code == 404
