"""The officers' channel pages: the list of items, an item's page with its texts to copy, its card and
its records; who may open them; odd input answered 4xx, never 5xx."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from suara.accounts.tokens import token_issue
from suara.audit.actors import SYSTEM, Actor
from suara.channels import services
from suara.channels.tests.conftest import make_item

pytestmark = pytest.mark.django_db
KEY = "announcement:42:v1"


@pytest.fixture
def published(writers):
    services.publish(actor=SYSTEM, item=make_item(), channels=["web", "feed", "whatsapp", "telegram", "card", "push"])
    return KEY


def test_the_item_page_shows_the_texts_the_card_and_the_records(client, writers, published):
    client.force_login(writers["kominfo"])
    index = client.get("/petugas/kanal/").content.decode()
    assert f'href="/petugas/kanal/item/{KEY}/"' in index
    page = client.get(f"/petugas/kanal/item/{KEY}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<textarea id="wa-text" readonly' in html and "*Pendaftaran anggota KPPS Pemilu 2024 dibuka*" in html
    assert "Selengkapnya: [https://suara\\.example\\.id/pengumuman/42/]" in html
    assert 'data-copy="wa-text"' in html and 'src="/static/channels/copy.js"' in html
    assert html.count('data-channel="') == 6 and 'data-channel="push" data-outcome="skipped"' in html
    card = client.get(f"/petugas/kanal/item/{KEY}/kartu.png")
    assert card["Content-Disposition"] == 'attachment; filename="kartu-announcement-42-v1.png"'
    with Image.open(io.BytesIO(b"".join(card.streaming_content))) as image:
        assert image.size == (1080, 1080)


def test_who_sees_the_channel_pages(client, writers, published):
    for who, status in (("kpu", 200), ("kominfo", 200), ("bekasi", 403), ("pps", 403)):
        client.force_login(writers[who])
        assert client.get(f"/petugas/kanal/item/{KEY}/").status_code == status, who
        assert client.get(f"/petugas/kanal/item/{KEY}/kartu.png").status_code == status, who
    client.logout()
    assert client.get("/petugas/kanal/").status_code == 302


def test_the_publications_api_for_the_region_s_officers(client, writers, published):
    def bearer(user):
        return {"HTTP_AUTHORIZATION": "Bearer " + token_issue(user=user, name="t", actor=Actor.named("test"))[1]}

    answer = client.get(f"/api/v1/kanal/publikasi/{KEY}", **bearer(writers["kpu"]))
    assert answer.status_code == 200
    assert [p["kanal"] for p in answer.json()] == ["web", "feed", "whatsapp", "telegram", "card", "push"]
    assert client.get(f"/api/v1/kanal/publikasi/{KEY}", **bearer(writers["bekasi"])).status_code == 403
    assert client.get("/api/v1/kanal/publikasi/nope:1:v1", **bearer(writers["kpu"])).json()["code"] == (
        "channel_item_not_found"
    )
    assert client.get(f"/api/v1/kanal/publikasi/{KEY}").status_code == 401


@pytest.mark.parametrize("odd", ["a\x00b", "x" * 300, "²", "..", "%00"])
def test_odd_addresses_are_not_found(client, writers, published, odd):
    client.force_login(writers["kpu"])
    from urllib.parse import quote

    for url in (
        f"/petugas/kanal/item/{quote(odd, safe='')}/",
        f"/kanal/aset/{quote(odd, safe='')}",
        f"/kanal/videotron/{quote(odd, safe='')}/jadwal.json",
        f"/s/{quote(odd, safe='')}",
        "/petugas/kanal/videotron/1/" + quote(odd, safe=""),
    ):
        assert client.get(url).status_code == 404, url


def test_odd_site_fields_are_refused_not_stored(client, writers):
    client.force_login(writers["kpu"])
    form = {"name": "Layar\x00", "owner": "Diskominfo", "region_code": "3276", "address": "Jl. Margonda",
            "width": "1920", "height": "1080", "active": "on"}  # fmt: skip
    answer = client.post("/petugas/kanal/videotron/", form)
    assert answer.status_code == 400 and 'data-code="site_invalid"' in answer.content.decode()
