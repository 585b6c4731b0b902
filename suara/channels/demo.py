"""The demo's channels: the server's Web Push key, a videotron of Diskominfo Kota Depok, and two made-up
items of KPU Kota Depok published on the channels (texts to copy, cards, the videotron's playlist). The
items link to the demo's own pages; the announcements app's demo publishes its own announcements here too
once it calls ``channels.services.publish``. Once: a second run finds the site and goes on."""

from __future__ import annotations

from datetime import timedelta

from suara.audit.actors import Actor
from suara.channels import selectors, services, services_playlist, vapid
from suara.channels.item import Item
from suara.channels.models import VideotronSite
from suara.core import clock

DEMO_ACTOR = Actor.named("demo")
DEMO_SITE = "Videotron Balai Kota Depok (contoh)"
DEMO_BASE = "http://127.0.0.1:8000"


def _items(now) -> list[Item]:
    return [
        Item(
            key="demo:kanal-1:v1",
            title="Cek lokasi TPS Anda sebelum 14 Februari 2024",
            body="Warga Kota Depok dapat mencari TPS tempat memilih beserta alamat dan aksesnya di Suara. "
            "Bawa KTP-el dan surat pemberitahuan (C6) ke TPS pada hari pemungutan suara. (Contoh pengumuman.)",
            url=f"{DEMO_BASE}/cari-tps/",
            region_code="3276",
            region_name="Kota Depok",
            category="pemungutan",
            category_label="Pemungutan suara",
            published_at=now - timedelta(hours=2),
            event_start=now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=7),
            issuer="KPU Kota Depok",
        ),
        Item(
            key="demo:kanal-2:v1",
            title="Rekapitulasi hasil Kecamatan Pancoran Mas terbuka untuk umum",
            body="Rapat pleno rekapitulasi hasil penghitungan suara tingkat kecamatan terbuka untuk disaksikan "
            "warga. Ikuti juga hasil per TPS di Suara. (Contoh pengumuman.)",
            url=f"{DEMO_BASE}/wilayah/327601/",
            region_code="327601",
            region_name="Kecamatan Pancoran Mas",
            category="hasil",
            category_label="Hasil",
            published_at=now - timedelta(hours=1),
            issuer="KPU Kota Depok",
        ),
    ]


def demo_channels_ensure() -> tuple[VideotronSite | None, int]:
    """The site (None when it was there already) and how many items were published now."""
    vapid.private_key()  # written under SUARA_VAR_DIR on first use, as `suara push-keys` does
    if VideotronSite.objects.filter(name=DEMO_SITE).exists():
        return None, 0
    site = services_playlist.site_save(
        actor=DEMO_ACTOR,
        data=services_playlist.SiteInput(
            name=DEMO_SITE,
            owner="Diskominfo Kota Depok",
            region_code="3276",
            address="Jl. Margonda Raya No. 54, Depok (contoh)",
            width=1920,
            height=1080,
            operator_name="Operator videotron (contoh)",
            operator_contact="humas@contoh.depok.example",
        ),
    )
    items = _items(clock.now())
    for item in items:
        if selectors.item_by_key(item.key) is None:
            services.publish(
                actor=DEMO_ACTOR, item=item, channels=["web", "whatsapp", "telegram", "card", "videotron", "push"]
            )
    return site, len(items)
