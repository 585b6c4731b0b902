"""The demo's channels: the Web Push key, Diskominfo Depok's videotron playing two items' cards; once."""

import pytest

from suara.channels import selectors
from suara.channels.demo import DEMO_SITE, demo_channels_ensure
from suara.channels.models import VideotronSite

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_videotron_playing_two_cards_and_a_push_key(geography, private):
    site, published = demo_channels_ensure()
    assert site is not None and published == 2 and site.owner == "Diskominfo Kota Depok"
    assert (private / "var" / "vapid_p256.pem").is_file()
    entries = selectors.entries_of(site)
    assert [e.item_key for e in entries] == ["demo:kanal-1:v1", "demo:kanal-2:v1"]
    assert all(e.asset.kind == "image" and e.asset.width == 1080 for e in entries)
    item = selectors.item_by_key("demo:kanal-2:v1")
    assert item.whatsapp_text and item.telegram_text and item.card_id
    assert {p.channel for p in selectors.publications_of("demo:kanal-1:v1")} >= {"card", "videotron", "push"}
    assert demo_channels_ensure() == (None, 0)
    assert VideotronSite.objects.filter(name=DEMO_SITE).count() == 1
