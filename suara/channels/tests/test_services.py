"""``channels.services.publish``: one record and one audit event per channel, texts and card kept, the
videotron playlists of the item's line given its card, pushes queued; who may publish; retries."""

from __future__ import annotations

import pytest

from suara.audit.actors import SYSTEM, Actor
from suara.audit.models import AuditEvent
from suara.channels import assets, selectors, services, services_playlist
from suara.channels.models import ChannelPublication, PlaylistEntry, PushSubscription
from suara.channels.tests.conftest import make_item
from suara.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
EVERY = ["web", "feed", "api", "ical", "whatsapp", "telegram", "card", "videotron", "push"]


def site(name="Videotron Alun-alun Depok", region="3276", **extra):
    return services_playlist.site_save(
        actor=Actor.named("test"),
        data=services_playlist.SiteInput(
            name=name, owner="Diskominfo Kota Depok", region_code=region, address="Jl. Margonda Raya",
            width=1920, height=1080, **extra,
        ),
    )  # fmt: skip


def subscribe(region: str, n: int = 1) -> None:
    for i in range(n):
        PushSubscription.objects.create(
            endpoint=f"https://fcm.googleapis.com/fcm/send/{region}-{i}", p256dh="x", auth="y", region_code=region,
            created_at=make_item().published_at,
        )  # fmt: skip


def test_every_channel_is_recorded_and_audited(writers, django_capture_on_commit_callbacks, queued):
    site()
    site("Billboard Bekasi", region="3275")
    subscribe("3276", 2)
    subscribe("", 1)
    subscribe("3275", 1)
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        records = services.publish(actor=Actor.of(writers["kpu"]), item=make_item(), channels=reversed(EVERY))
    assert [r.channel for r in records] == EVERY
    assert AuditEvent.objects.count() == before + len(EVERY)
    events = AuditEvent.objects.order_by("-pk")[: len(EVERY)]
    assert {e.action for e in events} == {"channels.publish"} and {e.object_code for e in events} == {
        "announcement:42:v1"
    }
    assert {e.role for e in events} == {"kpu_kabkota"}
    outcome = {r.channel: r.outcome for r in records}
    assert outcome == {
        "web": "published", "feed": "published", "api": "published", "ical": "published",
        "whatsapp": "ready", "telegram": "ready", "card": "ready", "videotron": "scheduled", "push": "queued",
    }  # fmt: skip
    push = records[-1]
    assert push.reached == 3 and queued == [push.pk]  # Depok's two and the national one, not Bekasi's
    item = selectors.item_by_key("announcement:42:v1")
    assert item.whatsapp_text.startswith("*Pendaftaran anggota KPPS") and "\\." in item.telegram_text
    assert assets.path_of(item.card.sha256, "png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    entries = PlaylistEntry.objects.all()
    assert [(e.site.name, e.asset_id, e.slot_seconds) for e in entries] == [
        ("Videotron Alun-alun Depok", item.card_id, 15)
    ]
    assert (entries[0].end_date - entries[0].start_date).days == services.VIDEOTRON_DAYS - 1
    assert [p.channel for p in selectors.publications_of("announcement:42:v1")] == EVERY


def test_a_kecamatan_item_reaches_its_city_s_sites_and_a_national_item_all(writers):
    depok, bekasi = site(), site("Billboard Bekasi", region="3275")
    services.publish(actor=SYSTEM, item=make_item(key="a:1:v1", region_code="327601"), channels=["videotron"])
    assert list(depok.entries.values_list("item_key", flat=True)) == ["a:1:v1"]
    services.publish(actor=SYSTEM, item=make_item(key="a:2:v1", region_code="", region_name=""), channels=["videotron"])
    assert depok.entries.count() == 2 and bekasi.entries.count() == 1


def test_a_retry_does_not_add_entries_nor_push_twice(writers, queued):
    site()
    subscribe("3276")
    services.publish(actor=SYSTEM, item=make_item(), channels=["videotron", "push"])
    again = services.publish(actor=SYSTEM, item=make_item(), channels=["videotron", "push", "whatsapp"])
    assert [(r.channel, r.outcome) for r in again] == [
        ("whatsapp", "ready"),
        ("videotron", "skipped"),
        ("push", "skipped"),
    ]
    assert PlaylistEntry.objects.count() == 1
    assert ChannelPublication.objects.filter(channel="push", outcome="queued").count() == 1


def test_nobody_to_reach_is_recorded_as_skipped(writers):
    records = services.publish(actor=SYSTEM, item=make_item(), channels=["push", "videotron"])
    assert [(r.channel, r.outcome, r.detail != "") for r in records] == [
        ("videotron", "skipped", True),
        ("push", "skipped", True),
    ]


def test_the_diskominfo_publishes_in_its_city_and_no_one_elsewhere(writers):
    assert services.publish(actor=Actor.of(writers["kominfo"]), item=make_item(), channels=["card"])
    for who in ("bekasi", "pps"):
        with pytest.raises(PermissionDenied):
            services.publish(actor=Actor.of(writers[who]), item=make_item(key="a:9:v1"), channels=["card"])
    assert selectors.item_by_key("a:9:v1") is None


def test_an_unknown_channel_is_refused_before_anything(writers):
    with pytest.raises(DomainError) as refused:
        services.publish(actor=SYSTEM, item=make_item(), channels=["card", "fax"])
    assert refused.value.code == "channel_unknown"
    assert selectors.item_by_key("announcement:42:v1") is None and not ChannelPublication.objects.exists()


def test_a_new_version_keeps_its_own_records_and_short_link(writers, client):
    services.publish(actor=SYSTEM, item=make_item(), channels=["card"])
    services.publish(actor=SYSTEM, item=make_item(key="announcement:42:v2", title="Diralat"), channels=["card"])
    first, second = selectors.item_by_key("announcement:42:v1"), selectors.item_by_key("announcement:42:v2")
    assert first.short_code != second.short_code and first.card_id != second.card_id
    assert len(selectors.publications_of_item("announcement:42:")) == 2
    assert client.get(f"/s/{second.short_code}")["Location"] == "https://suara.example.id/pengumuman/42/"
    assert client.get(f"/s/{second.short_code.lower()}").status_code == 301
    assert client.get("/s/NOPE000").status_code == 404


def test_publish_on_commit_waits_for_the_caller(writers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.publish_on_commit(actor=SYSTEM, item=make_item(), channels=["whatsapp"])
    assert selectors.item_by_key("announcement:42:v1") is None and len(callbacks) == 1
    callbacks[0]()
    assert selectors.item_by_key("announcement:42:v1").whatsapp_text
