"""The rumour report's page and API (public, rate-limited, bad input answered with its code), and the
officers' inbox: its pages, the private screenshots and its API."""

import pytest

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.information.models import Clarification, RumourGroup, RumourReport
from suara.information.services import clarification_publish
from suara.information.tests.conftest import GOOD, OTHER_RUMOUR, RUMOUR, RUMOUR_RETYPED, make, report, screenshot_bytes

pytestmark = pytest.mark.django_db


def _upload(data: bytes, name="layar.png", content_type="image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def _bearer(user):
    _, plaintext = token_issue(user=user, name="t", actor=Actor.named("test"))
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_the_report_page_groups_and_counts(client):
    form = client.get("/hoaks/lapor/", {"teks": "kotak suara hilang"})
    assert form.status_code == 200 and "kotak suara hilang</textarea>" in form.content.decode()
    first = client.post(
        "/hoaks/lapor/",
        {
            "text": RUMOUR,
            "link": "https://x.com/a/status/1",
            "contact": "0812 3456 7890",
            "screenshot": _upload(screenshot_bytes(1)),
        },
    )
    assert first.status_code == 201 and first["Cache-Control"] == "no-store"
    html = first.content.decode()
    assert 'data-count="1"' in html and "memberi tahu Anda sekali" in html and "0812" not in html
    second = client.post("/hoaks/lapor/", {"text": RUMOUR_RETYPED})
    assert 'data-count="2"' in second.content.decode()
    assert RumourGroup.objects.get().report_count == 2


@pytest.mark.parametrize(
    ("fields", "code", "status"),
    [
        ({"text": "pendek"}, "rumour_text_required", 400),
        ({"screenshot": ("x.png", b"not an image at all")}, "screenshot_not_image", 400),
        ({"screenshot": ("x.png", b"\x89PNG" + b"0" * (6 * 1024 * 1024))}, "screenshot_too_large", 413),
        ({"link": "ftp://contoh.id/x"}, "invalid_link", 400),
        ({"contact": "nomor saya 123"}, "contact_invalid", 400),
    ],
)
def test_the_report_page_refuses_bad_input_with_its_code(client, private_dir, fields, code, status):
    data = {"text": RUMOUR, **fields}
    if "screenshot" in fields:
        data["screenshot"] = _upload(fields["screenshot"][1])
    answer = client.post("/hoaks/lapor/", data)
    assert answer.status_code == status and f'data-code="{code}"' in answer.content.decode()
    assert not RumourReport.objects.exists() and not list(private_dir.rglob("*.png"))


def test_reports_are_rate_limited_per_address(client, settings):
    settings.SUARA_RUMOUR_REPORT_RATE = 2
    for _ in range(2):
        assert client.post("/hoaks/lapor/", {"text": RUMOUR}).status_code == 201
    refused = client.post("/hoaks/lapor/", {"text": RUMOUR})
    assert refused.status_code == 429 and 'data-code="rate_limited"' in refused.content.decode()
    api = client.post("/api/v1/hoaks/laporan", {"teks": RUMOUR})
    assert api.status_code == 429 and api.json()["code"] == "rate_limited"
    assert RumourReport.objects.count() == 2


def test_the_api_takes_a_report_and_answers_with_the_published_clarification(client, writers):
    answer = client.post(
        "/api/v1/hoaks/laporan",
        {"teks": RUMOUR, "tautan": "https://x.com/a/status/1", "kontak": "warga@example.id",
         "tangkapan_layar": _upload(screenshot_bytes(2))},
    )  # fmt: skip
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["dilaporkan"] == 1 and body["klarifikasi"] is None and body["kontak_disimpan"] is True
    assert "warga" not in answer.content.decode()
    published = clarification_publish(actor=Actor.of(writers["second"]), pk=make(writers["author"]).pk)
    RumourGroup.objects.update(status="answered", clarification=published)
    again = client.post("/api/v1/hoaks/laporan", {"teks": RUMOUR_RETYPED, "kontak": "0812 3456 7890"}).json()
    assert again == {
        "kelompok": body["kelompok"],
        "dilaporkan": 2,
        "klarifikasi": published.pk,
        "kontak_disimpan": False,
    }


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"teks": "pendek"}, 400, "rumour_text_required"),
        ({"teks": RUMOUR, "tangkapan_layar": b"GIF89a"}, 400, "screenshot_not_image"),
        ({"teks": RUMOUR, "tangkapan_layar": b"\xff\xd8\xff" + b"0" * (6 * 1024 * 1024)}, 413, "screenshot_too_large"),
        ({"teks": RUMOUR, "kontak": "bukan kontak"}, 400, "contact_invalid"),
        ({}, 422, "invalid_input"),
    ],
)
def test_the_api_refuses_bad_input_with_its_code(client, fields, status, code):
    data = dict(fields)
    if "tangkapan_layar" in data:
        data["tangkapan_layar"] = _upload(data["tangkapan_layar"])
    answer = client.post("/api/v1/hoaks/laporan", data)
    assert answer.status_code == status and answer.json()["code"] == code
    assert not RumourReport.objects.exists()


def test_the_search_that_finds_nothing_offers_the_report(client, db):
    page = client.get("/hoaks/", {"q": "kotak suara dibuang"}).content.decode()
    assert 'href="/hoaks/lapor/?teks=kotak%20suara%20dibuang"' in page


def test_the_officers_inbox_and_a_group(client, writers, private_dir):
    for _ in range(2):
        report(screenshot=screenshot_bytes(1), contact="warga@example.id")
    report(OTHER_RUMOUR)
    group = RumourGroup.objects.order_by("pk").first()
    shot = RumourReport.objects.filter(group=group).first()
    assert client.get("/petugas/hoaks/laporan/").status_code == 302  # sign in first
    client.force_login(writers["pps"])
    assert client.get("/petugas/hoaks/laporan/").status_code == 403
    assert client.get(f"/petugas/hoaks/laporan/{group.pk}/tangkapan/{shot.pk}/").status_code == 403
    client.force_login(writers["kominfo"])
    inbox = client.get("/petugas/hoaks/laporan/").content.decode()
    assert inbox.index(f'data-id="{group.pk}" data-count="2"') < inbox.index('data-count="1"')  # most reported first
    page = client.get(f"/petugas/hoaks/laporan/{group.pk}/").content.decode()
    assert RUMOUR in page and "pelapor meninggalkan kontak" in page and "warga@example.id" not in page
    image = client.get(f"/petugas/hoaks/laporan/{group.pk}/tangkapan/{shot.pk}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image["Cache-Control"] == "no-store"
    other = RumourGroup.objects.exclude(pk=group.pk).get()
    assert client.get(f"/petugas/hoaks/laporan/{other.pk}/tangkapan/{shot.pk}/").status_code == 404
    assert client.get("/petugas/hoaks/laporan/999999/").status_code == 404


def test_officers_link_start_and_dismiss_on_the_pages(client, writers):
    group = report(link="https://x.com/a/status/1").group
    other = report(OTHER_RUMOUR).group
    client.force_login(writers["author"])
    refused = client.post(f"/petugas/hoaks/laporan/{other.pk}/", {"action": "dismiss", "reason": ""})
    assert refused.status_code == 400 and 'data-code="reason_required"' in refused.content.decode()
    done = client.post(f"/petugas/hoaks/laporan/{other.pk}/", {"action": "dismiss", "reason": "Bukan tentang pemilu"})
    assert done.status_code == 302 and RumourGroup.objects.get(pk=other.pk).status == "dismissed"
    assert "dismissed (1)" not in client.get("/petugas/hoaks/laporan/?status=dismissed").content.decode()

    start = client.get("/petugas/hoaks/", {"kelompok": group.pk}).content.decode()
    assert (
        f'name="rumour_group" value="{group.pk}"' in start and RUMOUR in start and "https://x.com/a/status/1" in start
    )
    answers = {"facts_true": "tidak", "misleading_frame": "tidak", "fabricated": "ya", "intent_to_deceive": "ya"}
    fields = {k: v for k, v in GOOD.items() if k not in ("answers", "evidence")}
    created = client.post("/petugas/hoaks/", {"action": "create", **fields, **answers, "rumour_group": group.pk})
    assert created.status_code == 302
    group.refresh_from_db()
    assert group.status == "answered" and group.clarification == Clarification.objects.get()
    conflict = client.post(
        f"/petugas/hoaks/laporan/{group.pk}/", {"action": "link", "clarification": group.clarification_id}
    )
    assert conflict.status_code == 409 and 'data-code="rumour_group_decided"' in conflict.content.decode()
    found = client.post(f"/petugas/hoaks/laporan/{other.pk}/", {"action": "link", "clarification": "abc"})
    assert found.status_code == 404


def test_the_officers_api(client, writers):
    group = report(contact="warga@example.id").group
    other = report(OTHER_RUMOUR).group
    published = clarification_publish(actor=Actor.of(writers["second"]), pk=make(writers["author"]).pk)
    officer = _bearer(writers["kominfo"])
    assert client.get("/api/v1/hoaks/laporan", **_bearer(writers["pps"])).json()["code"] == "forbidden"
    listed = client.get("/api/v1/hoaks/laporan", **officer).json()
    assert [g["id"] for g in listed] == [other.pk, group.pk] and listed[0]["dilaporkan"] == 1  # latest first
    one = client.get(f"/api/v1/hoaks/laporan/{group.pk}", **officer).json()
    assert one["laporan"][0]["kontak"] is True and "warga" not in str(one)
    assert client.get("/api/v1/hoaks/laporan/999999", **officer).json()["code"] == "rumour_group_not_found"
    linked = client.post(
        f"/api/v1/hoaks/laporan/{group.pk}/tautkan", {"klarifikasi": published.pk}, "application/json", **officer
    )
    assert linked.status_code == 200 and linked.json()["status"] == "answered"
    dismissed = client.post(
        f"/api/v1/hoaks/laporan/{other.pk}/abaikan", {"alasan": "ok"}, "application/json", **officer
    )
    assert dismissed.status_code == 400 and dismissed.json()["code"] == "reason_required"
    answered = client.get("/api/v1/hoaks/laporan", {"status": "answered"}, **officer).json()
    assert [g["klarifikasi"] for g in answered] == [published.pk]
    assert client.get("/api/v1/hoaks/laporan", {"status": "x"}, **officer).status_code == 422
    assert client.get("/api/v1/hoaks/laporan").status_code == 401


def test_ids_past_the_database_range_are_not_found(client, writers):
    client.force_login(writers["author"])
    huge = 2**63
    for url in (f"/petugas/hoaks/laporan/{huge}/", f"/petugas/hoaks/laporan/{huge}/tangkapan/{huge}/",
                f"/petugas/hoaks/laporan/1/tangkapan/{huge}/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.get(f"/petugas/hoaks/?kelompok={huge}").status_code == 200


def test_a_draft_written_over_the_api_answers_a_group(client, writers):
    group = report().group
    created = client.post(
        "/api/v1/hoaks", {**GOOD, "rumour_group": group.pk}, "application/json", **_bearer(writers["author"])
    )
    assert created.status_code == 201
    assert RumourGroup.objects.get(pk=group.pk).clarification_id == created.json()["id"]
    again = client.post(
        "/api/v1/hoaks", {**GOOD, "rumour_group": group.pk}, "application/json", **_bearer(writers["author"])
    )
    assert again.status_code == 409 and again.json()["code"] == "rumour_group_decided"
    missing = client.post(
        "/api/v1/hoaks", {**GOOD, "rumour_group": 999_999}, "application/json", **_bearer(writers["author"])
    )
    assert missing.status_code == 404 and missing.json()["code"] == "rumour_group_not_found"
    assert Clarification.objects.count() == 1
