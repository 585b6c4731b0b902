"""The daily watch over the API (/api/v1/pantauan/{organisasi}/…): watchlists, the people on one with the
NIK masked, one person added or removed (the NIK in the body only, each change one audit event without
it), reports and one report's lines; another organisation's operator, a party operator and an unknown
organisation refused alike (403); bad input a 4xx naming the field, never echoing the NIK."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.parties.models import WatchEntry, Watchlist
from suara.parties.tests.watch_support import freeze, listing, person, watch_world, wib
from suara.parties.watch.services import watch_report_run
from suara.people.nik import mask_number

pytestmark = pytest.mark.django_db

STAFF, SPOUSE, OTHER = person(1), person(2, sex="P"), person(7)
BASE = "/api/v1/pantauan/kominfo-depok"


@pytest.fixture
def world(settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    freeze(monkeypatch, wib(2026, 6, 1, 9))
    return watch_world()


def api(user) -> Client:
    _, plaintext = token_issue(user=user, name=f"pantau {user.username}", actor=Actor.named("test"))
    return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def add(client, nik, name="Budi Santoso", *, daftar="Staf", note="staf"):
    return post(client, f"{BASE}/orang", {"daftar": daftar, "nik": nik, "nama": name, "keterangan": note})


def entry_events():
    return list(AuditEvent.objects.filter(action__startswith="parties.watch_entry").order_by("pk"))


def test_add_list_and_remove_one_person_at_a_time(world, caplog):
    caplog.set_level(logging.DEBUG)
    client = api(world["operator"])
    added = add(client, STAFF)
    assert added.status_code == 201
    body = added.json()
    assert body["orang"]["nik"] == mask_number(STAFF) and body["orang"]["nama"] == "Budi Santoso"
    assert body["daftar"]["nama"] == "Staf" and body["daftar"]["jumlah_nik"] == 1
    assert add(client, SPOUSE, "Sri Wahyuni", note="keluarga").status_code == 201
    watchlist = Watchlist.objects.get(organisation=world["depok"], name="Staf")

    lists = client.get(f"{BASE}/daftar").json()
    assert [(w["id"], w["nama"], w["jumlah_nik"]) for w in lists] == [(watchlist.pk, "Staf", 2)]
    people = client.get(f"{BASE}/daftar/{watchlist.pk}").json()
    assert [p["nik"] for p in people["orang"]] == [mask_number(STAFF), mask_number(SPOUSE)]
    assert (people["halaman"], people["jumlah_halaman"]) == (1, 1)

    removed = post(client, f"{BASE}/daftar/{watchlist.pk}/hapus-orang", {"nik": SPOUSE})
    assert removed.status_code == 200 and removed.json()["jumlah_nik"] == 1
    assert list(WatchEntry.objects.values_list("nik", flat=True)) == [STAFF]

    events = entry_events()
    assert [e.action for e in events] == ["parties.watch_entry_add"] * 2 + ["parties.watch_entry_remove"]
    assert {(e.actor, e.role, e.object_code) for e in events} == {
        ("operator_depok", "organisation_operator", "kominfo-depok")
    }
    texts = [e.summary for e in events] + [r.getMessage() for r in caplog.records]
    texts += [added.content.decode(), removed.content.decode(), json.dumps(people), json.dumps(lists)]
    assert not any(nik in text for text in texts for nik in (STAFF, SPOUSE))


def test_bad_input_is_refused_with_its_field_and_nothing_changes(world):
    client = api(world["operator"])
    assert add(client, STAFF).status_code == 201
    watchlist = Watchlist.objects.get()
    cases = [
        (add(client, STAFF[:15]), 400, "watch_nik_invalid", "nik"),
        (add(client, STAFF[:12] + "0000"), 400, "watch_nik_invalid", "nik"),
        (add(client, STAFF[:6] + "99" + STAFF[8:]), 400, "watch_nik_invalid", "nik"),
        (add(client, SPOUSE, "   "), 400, "watch_entry_invalid", "nama"),
        (add(client, SPOUSE, note="x" * 101), 400, "watch_entry_invalid", "keterangan"),
        (add(client, SPOUSE, daftar=" "), 400, "watchlist_name_invalid", "daftar"),
        (add(client, STAFF, "Budi Lagi"), 409, "watch_entry_exists", "nik"),
        (post(client, f"{BASE}/daftar/{watchlist.pk}/hapus-orang", {"nik": SPOUSE}), 404, "watch_entry_not_found",
         "nik"),
        (post(client, f"{BASE}/daftar/{watchlist.pk}/hapus-orang", {"nik": ""}), 404, "watch_entry_not_found", "nik"),
        (post(client, f"{BASE}/daftar/999999/hapus-orang", {"nik": STAFF}), 404, "watchlist_not_found", "watchlist"),
    ]  # fmt: skip
    for response, status, code, field in cases:
        answer = response.json()
        assert (response.status_code, answer["code"], answer["field"]) == (status, code, field), answer
        assert STAFF not in response.content.decode() and SPOUSE not in response.content.decode()
    malformed = [
        client.post(f"{BASE}/orang", "{not json", content_type="application/json"),
        post(client, f"{BASE}/orang", {"daftar": "Staf", "nik": 3276011403850001, "nama": "Budi"}),
        post(client, f"{BASE}/orang", {"daftar": "Staf", "nama": "Budi"}),
        post(client, f"{BASE}/orang", {"daftar": "Staf", "nik": "1" * 33, "nama": "Budi"}),
        client.get(f"{BASE}/daftar/{watchlist.pk}?halaman=0"),
    ]
    for response in malformed:
        assert 400 <= response.status_code < 500 and response.json()["code"], response.content
    assert list(WatchEntry.objects.values_list("nik", "name")) == [(STAFF, "Budi Santoso")]
    assert len(entry_events()) == 1


def test_others_are_refused_alike(world):
    depok_entry = add(api(world["operator"]), STAFF).json()
    watchlist_id = depok_entry["daftar"]["id"]
    for user in (world["operator_bekasi"], world["party_operator"]):
        client = api(user)
        for response in (
            client.get(f"{BASE}/daftar"),
            client.get(f"{BASE}/daftar/{watchlist_id}"),
            client.get(f"{BASE}/laporan"),
            add(client, SPOUSE),
            post(client, f"{BASE}/daftar/{watchlist_id}/hapus-orang", {"nik": STAFF}),
        ):
            assert response.status_code == 403 and response.json()["code"] == "forbidden"
    unknown = api(world["operator"]).get("/api/v1/pantauan/tidak-ada/daftar")
    other = api(world["operator"]).get("/api/v1/pantauan/kominfo-bekasi/daftar")
    assert unknown.status_code == other.status_code == 403 and unknown.json() == other.json()
    # Bekasi's own watchlist id is not found through Depok's address.
    bekasi = api(world["operator_bekasi"])
    bekasi_id = add_to(bekasi, "kominfo-bekasi", OTHER)
    assert api(world["operator"]).get(f"{BASE}/daftar/{bekasi_id}").status_code == 404
    assert Client().get(f"{BASE}/daftar").status_code == 401
    assert WatchEntry.objects.count() == 2 and len(entry_events()) == 2


def add_to(client, code, nik) -> int:
    response = post(client, f"/api/v1/pantauan/{code}/orang", {"daftar": "Staf", "nik": nik, "nama": "Rina"})
    assert response.status_code == 201
    return response.json()["daftar"]["id"]


def test_reports_and_one_report_with_masked_lines(world, monkeypatch):
    client = api(world["operator"])
    add(client, STAFF)
    add(client, SPOUSE, "Sri Wahyuni")
    listing(world["pkb"], STAFF, "Budi Santoso", at=wib(2026, 5, 1))
    first = watch_report_run(actor=Actor.of(world["operator"]), organisation=world["depok"], send=False)
    freeze(monkeypatch, wib(2026, 6, 1, 17, 5))
    listing(world["ppp"], SPOUSE, "Sri Wahyuni", at=wib(2026, 6, 1, 12))
    second = watch_report_run(actor=Actor.of(world["operator"]), organisation=world["depok"], send=False)

    reports = client.get(f"{BASE}/laporan").json()
    assert [r["id"] for r in reports] == [second.pk, first.pk]
    assert (reports[0]["nik_dipantau"], reports[0]["tercatat"], reports[0]["baru"], reports[0]["jenis"]) == (
        2, 2, 1, "manual",
    )  # fmt: skip
    one = client.get(f"{BASE}/laporan/{second.pk}")
    body = one.json()
    assert one.status_code == 200 and body["hari"] == "2026-06-01"
    assert [(x["nik"], x["nama"], x["partai_nomor_urut"]) for x in body["baru_tercatat"]] == [
        (mask_number(SPOUSE), "Sri Wahyuni", world["ppp"].number)
    ]
    assert [x["nik"] for x in body["masih_tercatat"]] == [mask_number(STAFF)] and body["sudah_hilang"] == []
    assert STAFF not in one.content.decode() and SPOUSE not in one.content.decode()
    assert client.get(f"{BASE}/laporan/999999").json()["code"] == "watch_report_not_found"
    bekasi = api(world["operator_bekasi"])
    assert bekasi.get(f"{BASE}/laporan/{second.pk}").status_code == 403
    assert bekasi.get(f"/api/v1/pantauan/kominfo-bekasi/laporan/{second.pk}").status_code == 404
