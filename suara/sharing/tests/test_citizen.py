"""A citizen's view of where their record went, behind cek DPT's privacy pattern: which agreements received
it, when and how; the one constant answer for an unknown NIK or a wrong name; cek DPT's limits, counted
together with cek DPT."""

from __future__ import annotations

import pytest
from django.utils import timezone

from suara.audit.actors import Actor
from suara.sharing.services import partner_key_issue
from suara.sharing.tests.support import agreement, extract, person

pytestmark = pytest.mark.django_db
API = "/api/v1/berbagi-data/cek"


@pytest.fixture
def shared(people, register, django_capture_on_commit_callbacks, client):
    first = agreement(people["kpu_depok"], people["kpu_ri"])
    extract(django_capture_on_commit_callbacks, people["kpu_depok"], first.pk)
    second = agreement(people["kpu_depok"], people["kpu_ri"], recipient="Dinas Sosial Kota Depok",
                       region_code="3276011007", fields=["nama", "alamat"])  # fmt: skip
    _, plaintext = partner_key_issue(actor=Actor.of(people["kpu_ri"]), pk=second.pk, username="mitra_dinkes")
    assert client.get("/api/v1/berbagi-data/mitra/data", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code == 200
    return first, second


def _ask(client, nik, nama, address="10.9.0.1"):
    return client.post(API, {"nik": nik, "nama": nama}, "application/json", REMOTE_ADDR=address)


def test_a_citizen_sees_which_agreements_received_their_record(client, register, shared):
    one = person(1)
    answer = _ask(client, one["nik"], one["name"].lower())
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    body = answer.json()
    assert body["ditemukan"] and body["nama"] != one["name"] and "*" in body["nama"]
    assert [(r["penerima"], r["cara"], r["pertama"], r["kali"]) for r in body["penerima"]] == [
        ("Dinas Kesehatan Kota Depok", "ekstrak", timezone.localdate().isoformat(), 1)  # the moment it was made
    ]
    five = person(5, desa="3276011007")
    ways = {(r["penerima"], r["cara"]) for r in _ask(client, five["nik"], five["name"]).json()["penerima"]}
    assert ways == {("Dinas Kesehatan Kota Depok", "ekstrak"), ("Dinas Sosial Kota Depok", "api")}
    bekasi = person(6, desa="3275011001")
    never = _ask(client, bekasi["nik"], bekasi["name"]).json()
    assert never["ditemukan"] and never["penerima"] == [] and "belum pernah" in never["pesan"]


def test_a_wrong_name_and_an_unknown_nik_get_the_same_answer(client, register, shared):
    one = person(1)
    wrong = _ask(client, one["nik"], "Orang Lain")
    unknown = _ask(client, "3276015705909999", one["name"])
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.content == unknown.content and not wrong.json()["ditemukan"]
    assert one["nik"] not in wrong.content.decode()
    bad = _ask(client, "12", "x")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_nik" and "12" not in bad.json()["message"]


def test_one_nik_is_limited_together_with_cek_dpt(client, register, shared, settings):
    settings.SUARA_CEK_DPT_NIK_RATE = 2
    one = person(1)
    assert client.post("/api/v1/cek-dpt", {"nik": one["nik"], "nama": "x"}, "application/json").status_code == 200
    assert _ask(client, one["nik"], "x", "10.9.0.2").status_code == 200
    limited = _ask(client, one["nik"], one["name"], "10.9.0.3")
    assert limited.status_code == 429 and limited.json()["code"] == "nik_rate_limited"


def test_the_page_shows_the_recipients_and_keeps_no_nik_in_a_url(client, register, shared):
    one = person(1)
    page = client.get("/berbagi-data/")
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    answer = client.post("/berbagi-data/", {"nik": one["nik"], "nama": one["name"]}, REMOTE_ADDR="10.9.0.4")
    html = answer.content.decode()
    assert answer.status_code == 200 and 'data-found="ya"' in html and "Dinas Kesehatan Kota Depok" in html
    assert one["nik"] not in html and one["name"] not in html
    miss = client.post("/berbagi-data/", {"nik": one["nik"], "nama": "Bukan Saya"}, REMOTE_ADDR="10.9.0.5")
    assert 'data-found="tidak"' in miss.content.decode()
