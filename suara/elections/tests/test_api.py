"""The v1 election endpoints on the shipped 2024 data."""

from __future__ import annotations

from datetime import date

import pytest

from suara.elections.models import Stage

API = "/api/v1"


def test_election_list(client, pemilu_2024):
    response = client.get(f"{API}/elections")

    assert response.status_code == 200
    elections = response.json()
    assert [e["id"] for e in elections] == ["pilkada-2024", "pemilu-2024"]  # the latest voting day first
    pemilu = elections[1]
    assert pemilu["name"] == "Pemilihan Umum 2024"
    assert pemilu["kind"] == "pemilu"
    assert pemilu["voting_day"] == "2024-02-14"
    assert "Nomor 3 Tahun 2022" in pemilu["source"]


def test_election_detail_has_the_presidential_pairs(client, pemilu_2024, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(f"{API}/elections/pemilu-2024")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "pemilu-2024"
    ppwp = next(c for c in body["contests"] if c["id"] == "ppwp-2024")
    assert ppwp["ballot_type"] == "ppwp"
    assert ppwp["region_code"] is None
    assert [c["number"] for c in ppwp["candidates"]] == [1, 2, 3]
    assert ppwp["candidates"][1] == {
        "number": 2,
        "kind": "pair",
        "name": "Prabowo Subianto – Gibran Rakabuming Raka",
        "head": "Prabowo Subianto",
        "deputy": "Gibran Rakabuming Raka",
        "parties": [],
    }


def test_regional_contests_carry_their_region(client, geography, pemilu_2024, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        body = client.get(f"{API}/elections/pilkada-2024").json()

    by_region = {c["region_code"]: c for c in body["contests"]}
    assert by_region["3276"]["ballot_type"] == "walikota"
    assert by_region["3276"]["name"] == "Pemilihan Wali Kota dan Wakil Wali Kota Depok 2024"
    assert by_region["32"]["ballot_type"] == "gubernur"
    assert "34" not in by_region  # DI Yogyakarta's governor is not elected
    # The two contests whose candidates ship with Suara (elections/data/candidates/), from KPU's numbering.
    depok = by_region["3276"]["candidates"]
    assert [(c["number"], c["head"], c["deputy"]) for c in depok] == [
        (1, "Imam Budi Hartono", "Ririn Farabi Arafiq"),
        (2, "Supian Suri", "Chandra Rahmansyah"),
    ]
    assert depok[0]["parties"] == ["Partai Keadilan Sejahtera", "Partai Golongan Karya"]
    assert len(depok[1]["parties"]) == 12
    jabar = by_region["32"]["candidates"]
    assert [c["name"] for c in jabar] == [
        "Acep Adang Ruhiat – Gitalis Dwi Natarina",
        "Jeje Wiradinata – Ronal Surapradja",
        "Ahmad Syaikhu – Ilham Akbar Habibie",
        "Dedi Mulyadi – Erwan Setiawan",
    ]
    assert by_region["3275"]["candidates"] == []  # Kota Bekasi: not shipped


@pytest.mark.parametrize("election_id", ["pemilu-2019", "x" * 41, "pemilu 2024", "pemilu-2024%00", "..", "PEMILU-2024"])
def test_unknown_election(client, pemilu_2024, election_id):
    for suffix in ("", "/stages", "/stages.ics"):
        response = client.get(f"{API}/elections/{election_id}{suffix}")
        assert response.status_code == 404, suffix
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert body["code"] in ("election_not_found", "not_found")
        assert "\x00" not in body["message"]


def test_stages_in_order_with_their_state_today(client, pemilu_2024, monkeypatch):
    monkeypatch.setattr("suara.core.clock.today", lambda: date(2024, 2, 14))

    response = client.get(f"{API}/elections/pemilu-2024/stages")

    assert response.status_code == 200
    stages = response.json()
    assert [s["order"] for s in stages] == list(range(1, 19))
    by_order = {s["order"]: s for s in stages}
    voting = by_order[12]
    assert voting["name"] == "Pemungutan suara"
    assert voting["name_en"]
    assert voting["is_voting_day"] is True
    assert (voting["starts_on"], voting["ends_on"]) == ("2024-02-14", "2024-02-14")
    assert voting["state"] == "current"
    assert by_order[1]["state"] == "current"  # programme planning runs to June 2024
    assert by_order[10]["state"] == "done"  # the campaign
    assert by_order[18]["state"] == "upcoming"  # the inauguration
    assert by_order[15]["state"] == "undated"
    assert by_order[15]["starts_on"] is None
    assert by_order[15]["note"]
    assert sum(s["is_voting_day"] for s in stages) == 1


def test_stage_states_follow_the_clock(client, pemilu_2024, monkeypatch):
    monkeypatch.setattr("suara.core.clock.today", lambda: date(2025, 1, 1))

    stages = client.get(f"{API}/elections/pemilu-2024/stages").json()

    assert {s["state"] for s in stages} == {"done", "undated"}
    assert Stage.objects.filter(election=pemilu_2024, starts_on__isnull=True).count() == 2
