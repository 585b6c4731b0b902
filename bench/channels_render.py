"""Benchmark: what an item costs on the channels (``suara/channels``): its WhatsApp and Telegram texts, its
1080x1080 card, and one Web Push (encrypting the message for one subscription and signing the VAPID token:
pywebpush without the network), all CPU on one core.

    .venv/bin/python bench/channels_render.py                # 200 texts, 20 cards, 500 pushes
    .venv/bin/python bench/channels_render.py --size tiny    # a few of each (for CI)

A publication makes one text of each kind and one card; its pushes cost the push figure once for each
subscribed browser on the item's line (sent one after another by the task worker, plus the push services'
round trips). The last line is the headline.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import random
import sys
import time
from datetime import UTC, datetime

from support import PROJECT_DIR, reference_seconds

SIZES = {"full": (200, 20, 500), "tiny": (20, 2, 20)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=("tiny", "full"), default="full")
    parser.add_argument("--database-url", help="ignored: no database is involved")
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT_DIR))
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from PIL import Image
    from py_vapid import Vapid02
    from pywebpush import webpush

    from suara.channels import card, pushrules, texts
    from suara.channels.item import Item

    n_texts, n_cards, n_pushes = SIZES[args.size]
    rng = random.Random(2024)  # noqa: S311 - test data
    words = [
        "pendaftaran",
        "anggota",
        "KPPS",
        "pemilu",
        "Kota",
        "Depok",
        "kelurahan",
        "syarat",
        "berkas",
        "tanggal",
        "TPS",
        "(C6)",
        "100%",
        "hasil",
    ]

    def item(n: int, image: bytes | None = None) -> Item:
        return Item(
            key=f"announcement:{n}:v1",
            title=" ".join(rng.choice(words) for _ in range(rng.randint(4, 30))).capitalize(),
            body=" ".join(rng.choice(words) for _ in range(rng.randint(50, 3000))),
            url=f"https://suara.example.id/pengumuman/{n}/",
            region_code="3276",
            region_name="Kota Depok",
            category="rekrutmen",
            published_at=datetime(2024, 1, 5, 2, tzinfo=UTC),
            image=image,
            issuer="KPU Kota Depok",
        )

    items = [item(n) for n in range(n_texts)]
    started = time.process_time()
    for it in items:
        texts.whatsapp_text(it)
        texts.telegram_text(it)
        texts.telegram_caption(it)
    per_text = (time.process_time() - started) / (3 * n_texts)
    print(f"texts: {per_text * 1000:.2f} ms CPU a text ({n_texts} items, bodies of 50 to 3,000 words, 3 texts each)")

    photo = io.BytesIO()
    Image.effect_noise((1600, 900), 40).convert("RGB").save(photo, "JPEG", quality=85)
    cards = [item(n, photo.getvalue() if n % 2 else None) for n in range(n_cards)]
    card.render_card(cards[0], short_url="suara.example.id/s/ABCDEFG")  # the fonts loaded once
    started = time.process_time()
    for it in cards:
        card.render_card(it, short_url="suara.example.id/s/ABCDEFG")
    per_card = (time.process_time() - started) / n_cards
    print(f"cards: {per_card * 1000:.0f} ms CPU a 1080x1080 PNG (half of them with a 1600x900 photo)")

    signer = Vapid02(private_key=ec.generate_private_key(ec.SECP256R1()))
    browser = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()  # noqa: E731
    info = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/x",
        "keys": {"p256dh": b64(browser), "auth": b64(os.urandom(16))},
    }
    data = pushrules.payload(items[0]).decode()
    started = time.process_time()
    for _ in range(n_pushes):
        webpush(info, data=data, vapid_private_key=signer, vapid_claims={"sub": "mailto:x@example.id"}, curl=True)
    per_push = (time.process_time() - started) / n_pushes
    print(f"push: {per_push * 1000:.2f} ms CPU to encrypt and sign one push ({1 / per_push:.0f} a second per core)")
    print(f"reference loop: {reference_seconds():.2f} s CPU")
    print(
        f"channels: {per_text * 1000:.2f} ms a text, {per_card * 1000:.0f} ms a card, "
        f"{per_push * 1000:.2f} ms a push (CPU, one core)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
