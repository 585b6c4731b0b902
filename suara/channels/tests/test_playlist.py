"""Videotron sites and playlists: the services with their audit, refusals with their codes and nothing
half-applied, the exports (JSON, CSV, ZIP) for officers and at the operator's link, the officers' pages."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from suara.audit.actors import SYSTEM, Actor
from suara.audit.models import AuditEvent
from suara.channels import services, services_playlist
from suara.channels.models import ChannelAsset, PlaylistEntry
from suara.channels.services_playlist import EntryInput, SiteInput
from suara.channels.tests.conftest import make_item
from suara.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
SITE = SiteInput(name="Videotron Alun-alun Depok", owner="Diskominfo Kota Depok", region_code="3276",
                 address="Jl. Margonda Raya, Depok", width=1920, height=1080, operator_name="CV Layar Depok",
                 operator_contact="021-7777")  # fmt: skip
ENTRY = EntryInput(slot_seconds=20, window_start="06:00", window_end="22:00", start_date="2024-02-01",
                   end_date="2024-02-14")  # fmt: skip


def png(color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), color).save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, name="spanduk.png"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


MP4 = b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41" + b"\0" * 200


@pytest.fixture
def depok(writers):
    return services_playlist.site_save(actor=Actor.of(writers["kominfo"]), data=SITE)


def test_a_site_and_its_playlist(writers, depok):
    actor = Actor.of(writers["kominfo"])
    services.publish(actor=actor, item=make_item(), channels=["card"])
    card = services_playlist.entry_add(
        actor=actor, site_id=depok.pk, data=EntryInput(**{**ENTRY.__dict__, "item_key": "announcement:42:v1"})
    )
    picture = services_playlist.entry_add(actor=actor, site_id=depok.pk, data=ENTRY, upload=upload(png()))
    video = services_playlist.entry_add(actor=actor, site_id=depok.pk, data=ENTRY, upload=upload(MP4, "iklan.mp4"))
    assert [e.position for e in (card, picture, video)] == [1, 2, 3]
    assert (card.asset.item_key, picture.asset.kind, video.asset.kind, video.asset.content_type) == (
        "announcement:42:v1", "image", "video", "video/mp4",
    )  # fmt: skip
    services_playlist.entry_move(actor=actor, site_id=depok.pk, entry_id=video.pk, step=-1)
    assert list(depok.entries.order_by("position").values_list("pk", flat=True)) == [card.pk, video.pk, picture.pk]
    services_playlist.entries_reorder(actor=actor, site_id=depok.pk, order=[picture.pk, card.pk, video.pk])
    services_playlist.entry_remove(actor=actor, site_id=depok.pk, entry_id=card.pk)
    assert list(depok.entries.order_by("position").values_list("pk", flat=True)) == [picture.pk, video.pk]
    actions = list(
        AuditEvent.objects.filter(action__startswith="channels.").order_by("pk").values_list("action", "role")
    )
    assert actions == [
        ("channels.site_save", "organisation_operator"), ("channels.publish", "organisation_operator"),
        *[("channels.playlist_add", "organisation_operator")] * 3,
        ("channels.playlist_reorder", "organisation_operator"), ("channels.playlist_reorder", "organisation_operator"),
        ("channels.playlist_remove", "organisation_operator"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"slot_seconds": 0}, "playlist_slot_invalid"),
        ({"slot_seconds": 601}, "playlist_slot_invalid"),
        ({"slot_seconds": "lima"}, "playlist_slot_invalid"),
        ({"window_start": "22:00", "window_end": "06:00"}, "playlist_window_invalid"),
        ({"window_start": "08:00", "window_end": "08:00"}, "playlist_window_invalid"),
        ({"window_end": "24:30"}, "playlist_window_invalid"),
        ({"start_date": "2024-02-14", "end_date": "2024-02-01"}, "playlist_dates_invalid"),
        ({"end_date": "besok"}, "playlist_dates_invalid"),
        ({"item_key": "announcement:404:v1"}, "channel_item_not_found"),
    ],
)
def test_a_bad_entry_is_refused_with_its_code(writers, depok, change, code):
    with pytest.raises(DomainError) as refused:
        services_playlist.entry_add(actor=SYSTEM, site_id=depok.pk, data=EntryInput(**{**ENTRY.__dict__, **change}),
                                    upload=upload(png()))  # fmt: skip
    assert refused.value.code == code
    assert not PlaylistEntry.objects.exists() and not AuditEvent.objects.filter(action="channels.playlist_add").exists()


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"GIF89a" + b"\0" * 100, "a.gif", "asset_type_invalid"),
        (b"%PDF-1.7\n" + b"\0" * 100, "a.png", "asset_type_invalid"),
        (png()[:40], "cut.png", "asset_type_invalid"),  # a PNG's head, not a whole image
        (b"<svg onload=alert(1)>", "a.svg", "asset_type_invalid"),
    ],
)
def test_an_upload_is_judged_by_its_bytes(writers, depok, data, name, code):
    with pytest.raises(DomainError) as refused:
        services_playlist.entry_add(actor=SYSTEM, site_id=depok.pk, data=ENTRY, upload=upload(data, name))
    assert refused.value.code == code
    assert not ChannelAsset.objects.exists() and not PlaylistEntry.objects.exists()


def test_an_upload_over_its_limit(writers, depok, monkeypatch):
    from suara.channels import playlist

    monkeypatch.setattr(playlist, "IMAGE_MAX_BYTES", 100)
    with pytest.raises(DomainError) as refused:
        services_playlist.entry_add(actor=SYSTEM, site_id=depok.pk, data=ENTRY, upload=upload(png()))
    assert refused.value.code == "asset_too_large" and refused.value.status == 413


def test_no_asset_at_all(writers, depok):
    with pytest.raises(DomainError) as refused:
        services_playlist.entry_add(actor=SYSTEM, site_id=depok.pk, data=ENTRY)
    assert refused.value.code == "asset_type_invalid"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"name": ""}, "site_invalid"),
        ({"width": 0}, "site_invalid"),
        ({"height": "1080p"}, "site_invalid"),
        ({"width": 20_000}, "site_invalid"),
        ({"region_code": "327"}, "invalid_region_code"),
        ({"region_code": "3299"}, "region_not_found"),
    ],
)
def test_a_bad_site_is_refused(writers, change, code):
    with pytest.raises(DomainError) as refused:
        services_playlist.site_save(actor=Actor.of(writers["kpu"]), data=SiteInput(**{**SITE.__dict__, **change}))
    assert refused.value.code == code


def test_only_the_region_s_offices_manage_its_sites(writers, depok):
    with pytest.raises(PermissionDenied):
        services_playlist.site_save(actor=Actor.of(writers["bekasi"]), data=SITE)
    with pytest.raises(PermissionDenied):
        services_playlist.entry_add(actor=Actor.of(writers["pps"]), site_id=depok.pk, data=ENTRY, upload=upload(png()))
    with pytest.raises(DomainError) as refused:
        services_playlist.entries_reorder(actor=SYSTEM, site_id=depok.pk, order=[1, 1])
    assert refused.value.code == "playlist_order_invalid"
    with pytest.raises(DomainError) as refused:
        services_playlist.entry_remove(actor=SYSTEM, site_id=depok.pk, entry_id=999)
    assert refused.value.code == "playlist_entry_not_found"


@pytest.fixture
def playlist_of_two(writers, depok, fixed_today):
    fixed_today(date(2024, 2, 1))
    actor = Actor.of(writers["kpu"])
    services.publish(actor=actor, item=make_item(), channels=["card"])
    services_playlist.entry_add(
        actor=actor, site_id=depok.pk, data=EntryInput(**{**ENTRY.__dict__, "item_key": "announcement:42:v1"})
    )
    services_playlist.entry_add(
        actor=actor,
        site_id=depok.pk,
        data=EntryInput(
            **{
                **ENTRY.__dict__,
                "slot_seconds": 30,
                "window_start": "18:00",
                "window_end": "21:30",
                "title": "Ayo memilih",
            }
        ),
        upload=upload(png((0, 90, 0))),
    )
    services_playlist.entry_add(
        actor=actor,
        site_id=depok.pk,
        data=EntryInput(**{**ENTRY.__dict__, "start_date": "2024-01-01", "end_date": "2024-01-31"}),
        upload=upload(png((0, 0, 90))),
    )  # over: not exported
    return depok


def test_the_exports_for_officers_and_the_operator(client, writers, playlist_of_two):
    site = playlist_of_two
    client.force_login(writers["kpu"])
    body = json.loads(client.get(f"/petugas/kanal/videotron/{site.pk}/jadwal.json").content)
    assert body["lokasi"]["resolusi"] == "1920x1080" and len(body["jadwal"]) == 2
    first, second = body["jadwal"]
    assert (first["urutan"], first["durasi_detik"], first["jam_mulai"], first["kunci_item"]) == (
        1,
        20,
        "06:00",
        "announcement:42:v1",
    )
    assert (second["judul"], second["jam_selesai"], second["tipe_konten"]) == ("Ayo memilih", "21:30", "image/png")
    asset = client.get(first["url_aset"].replace("http://testserver", ""))
    assert asset.status_code == 200 and b"".join(asset.streaming_content)[:4] == b"\x89PNG"
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/petugas/kanal/videotron/{site.pk}/jadwal.csv").content.decode("utf-8-sig"))
        )
    )
    assert [r["durasi_detik"] for r in rows] == ["20", "30"] and rows[0]["url_aset"] == first["url_aset"]
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get(f"/petugas/kanal/videotron/{site.pk}/jadwal.zip").streaming_content))
    )
    assert {"jadwal.json", "jadwal.csv", first["berkas"], second["berkas"]} == set(archive.namelist())
    assert archive.read(second["berkas"])[:4] == b"\x89PNG"
    everything = json.loads(client.get(f"/petugas/kanal/videotron/{site.pk}/jadwal.json?semua=1").content)
    assert len(everything["jadwal"]) == 3
    client.logout()
    operator = client.get(f"/kanal/videotron/{site.feed_token}/jadwal.json")
    assert operator.status_code == 200 and json.loads(operator.content)["jadwal"] == body["jadwal"]
    assert client.get(f"/kanal/videotron/{site.feed_token}/jadwal.csv").status_code == 200
    old = site.feed_token
    services_playlist.site_token_renew(actor=SYSTEM, site_id=site.pk)
    assert client.get(f"/kanal/videotron/{old}/jadwal.json").status_code == 404
    assert client.get(f"/petugas/kanal/videotron/{site.pk}/jadwal.json").status_code == 302  # signed out


def test_another_city_s_officer_sees_none_of_it(client, writers, playlist_of_two):
    client.force_login(writers["bekasi"])
    assert client.get(f"/petugas/kanal/videotron/{playlist_of_two.pk}/").status_code == 403
    assert client.get(f"/petugas/kanal/videotron/{playlist_of_two.pk}/jadwal.zip").status_code == 403
    assert client.get("/petugas/kanal/item/announcement:42:v1/").status_code == 403
    client.force_login(writers["pps"])
    assert client.get("/petugas/kanal/").status_code == 403


def test_the_site_page_adds_moves_and_refuses(client, writers, playlist_of_two):
    site = playlist_of_two
    client.force_login(writers["kominfo"])
    page = client.get(f"/petugas/kanal/videotron/{site.pk}/")
    assert page.status_code == 200 and "Ayo memilih" in page.content.decode()
    bad = client.post(
        f"/petugas/kanal/videotron/{site.pk}/",
        {**ENTRY.__dict__, "action": "add", "slot_seconds": "0", "item_key": "announcement:42:v1"},
    )
    assert bad.status_code == 400 and 'data-code="playlist_slot_invalid"' in bad.content.decode()
    good = client.post(
        f"/petugas/kanal/videotron/{site.pk}/", {**ENTRY.__dict__, "action": "add", "item_key": "announcement:42:v1"}
    )
    assert good.status_code == 302 and site.entries.count() == 4
    last = site.entries.order_by("-position").first()
    assert client.post(f"/petugas/kanal/videotron/{site.pk}/", {"action": "up", "entry": last.pk}).status_code == 302
    last.refresh_from_db()
    assert last.position == 3
    sites = client.post(
        "/petugas/kanal/videotron/",
        {**SITE.__dict__, "name": "Billboard Sawangan", "takes_items": "on", "active": "on"},
    )
    assert sites.status_code == 302
    assert client.post("/petugas/kanal/videotron/", {**SITE.__dict__, "width": "lebar"}).status_code == 400


def test_a_window_is_kept_as_times(writers, depok):
    entry = services_playlist.entry_add(actor=SYSTEM, site_id=depok.pk, data=ENTRY, upload=upload(png()))
    entry.refresh_from_db()
    assert (entry.window_start, entry.window_end, entry.end_date) == (time(6), time(22), date(2024, 2, 14))
