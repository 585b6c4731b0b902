"""The demo's hoax clarifications and rumour reports: a few clarifications about Kota Depok drafted by
KPU Kota Depok and published by the city's Diskominfo (examples written for the demo, not real KPU
statements), one draft waiting for its second person, and citizens' reports of a few rumours (made up,
screenshots drawn here) grouped in the officers' inbox: the most reported open, one answered by a
clarification, one dismissed. Through the services, as officers and citizens would. Idempotent."""

from __future__ import annotations

import io
import random

from suara.accounts.models import User
from suara.audit.actors import Actor
from suara.information.models import Clarification, RumourGroup
from suara.information.services import ClarificationInput, clarification_create, clarification_publish
from suara.information.services_rumours import rumour_dismiss, rumour_link, rumour_report

DEMO_AUTHOR = "kpu_depok"
DEMO_PUBLISHER = "operator_kominfo"
FABRICATED = {"facts_true": False, "misleading_frame": False, "fabricated": True, "intent_to_deceive": False}
CLARIFICATIONS = [
    {
        "claim": "Surat suara di Kecamatan Pancoran Mas sudah dicoblos untuk pasangan calon tertentu sebelum hari "
        "pemungutan suara.",
        "platform": "whatsapp",
        "verdict": "HOAKS",
        "answers": FABRICATED,
        "explanation": "Surat suara disimpan tersegel di gudang logistik KPU Kota Depok dan baru dibuka di TPS "
        "di depan saksi pada hari pemungutan suara. Foto yang beredar adalah surat suara contoh (spesimen) "
        "yang disunting. (Contoh untuk demo Suara.)",
        "evidence": ["https://www.kpu.go.id/"],
    },
    {
        "claim": "Video kotak suara dibakar massa yang beredar adalah kejadian di Depok menjelang pemilu tahun ini.",
        "platform": "tiktok",
        "verdict": "MENYESATKAN",
        "answers": {"facts_true": True, "misleading_frame": True, "fabricated": False, "intent_to_deceive": False},
        "explanation": "Video itu benar ada, tetapi direkam di tempat lain pada pemilu sebelumnya; tidak ada "
        "kotak suara yang dibakar di Kota Depok. (Contoh untuk demo Suara.)",
        "appearance_url": "https://www.tiktok.com/@contoh/video/1",
    },
    {
        "claim": "Pemilih yang pindah domisili dapat pindah memilih dengan mengurus formulir pindah memilih (DPTb) "
        "ke PPS atau KPU kabupaten/kota.",
        "platform": "facebook",
        "verdict": "BENAR",
        "answers": {"facts_true": True, "misleading_frame": False, "fabricated": False, "intent_to_deceive": False},
        "explanation": "Pemilih yang pada hari pemungutan suara tidak dapat memilih di TPS asalnya dapat mengurus "
        "pindah memilih sampai batas waktu yang ditetapkan KPU. (Contoh untuk demo Suara.)",
    },
]
DRAFT = {
    "claim": "Petugas KPPS di Depok dibayar untuk mengubah hasil penghitungan suara di formulir C.Hasil.",
    "platform": "x",
    "verdict": "MISINFORMASI",
    "answers": {"facts_true": False, "misleading_frame": False, "fabricated": False, "intent_to_deceive": False},
    "explanation": "Hasil penghitungan di TPS disaksikan saksi peserta dan pengawas, difoto, dan dapat dicocokkan "
    "siapa pun dengan salinan C.Hasil. (Contoh untuk demo Suara.)",
}
# Rumours as citizens report them (made up): the same message retyped, with its link and screenshot.
LEAK = "Data DPT Kota Depok bocor dan dijual di grup Telegram, cek apakah nama kalian ada!!"
LEAK_REPORTS = [
    LEAK,
    "data dpt kota depok bocor dan dijual di grup telegram, cek apakah nama kalian ada",
    "Tolong dicek: DATA DPT KOTA DEPOK BOCOR dan dijual di grup telegram",
    "Beredar: data DPT kota Depok bocor, dijual di grup Telegram. Benarkah?",
    "katanya data dpt kota depok bocor dan dijual di grup telegram yg bayar",
    "Data DPT Kota Depok bocor dan dijual di grup Telegram, cek apakah nama kalian ada!! sebarkan",
]
SIREKAP = "Sirekap diretas hacker asing, suara paslon di Depok diubah tengah malam"
BALLOTS = "Surat suara di Pancoran Mas sudah dicoblos untuk paslon tertentu, ini fotonya"
OFF_TOPIC = "Harga cabai di pasar Depok naik dua kali lipat minggu ini, stok habis"


def chat_screenshot(seed: int, *, scale: float = 1.0) -> bytes:
    """A drawn phone screenshot of a chat (bubbles of a seeded layout), as PNG; scaled, as a forward is."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # noqa: S311 - demo data
    image = Image.new("RGB", (360, 640), (236, 229, 221))
    draw = ImageDraw.Draw(image)
    y = 20
    while y < 580:
        height, left = rng.randint(30, 90), rng.random() < 0.5
        x0 = 10 if left else 120
        draw.rectangle([x0, y, x0 + 230, y + height], fill=(255, 255, 255) if left else (220, 248, 198))
        for line in range(y + 8, y + height - 8, 14):
            draw.line([(x0 + 8, line), (x0 + rng.randint(60, 220), line)], fill=(40, 40, 40), width=3)
        y += height + rng.randint(10, 30)
    if scale != 1.0:
        image = image.resize((int(360 * scale), int(640 * scale)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def information_demo_ensure() -> dict[str, int] | None:
    """What it made ({} when the demo has it already); None without the demo's KPU and Diskominfo accounts."""
    author = User.objects.filter(username=DEMO_AUTHOR).first()
    publisher = User.objects.filter(username=DEMO_PUBLISHER).first()
    if author is None or publisher is None:
        return None
    if Clarification.objects.filter(claim=CLARIFICATIONS[0]["claim"]).exists():
        return {}
    published = []
    for fields in CLARIFICATIONS:
        draft = clarification_create(actor=Actor.of(author), data=ClarificationInput(**fields, region_code="3276"))
        published.append(clarification_publish(actor=Actor.of(publisher), pk=draft.pk))
    clarification_create(actor=Actor.of(author), data=ClarificationInput(**DRAFT, region_code="3276"))
    made = {"clarifications": len(published) + 1, "reports": 0}
    if RumourGroup.objects.exists():
        return made
    for index, text in enumerate(LEAK_REPORTS):
        rumour_report(
            text=text,
            link="https://t.me/s/contohgrup/123" if index % 2 else "",
            screenshot=chat_screenshot(7, scale=1.0 - index * 0.1) if index < 3 else None,
            contact="pemilih.demo@example.org" if index == 0 else "",
        )
    for link in ("https://twitter.com/contoh/status/42?s=20", "https://x.com/contoh/status/42", ""):
        rumour_report(text=SIREKAP, link=link)
    ballots = [rumour_report(text=BALLOTS, screenshot=chat_screenshot(11, scale=s)) for s in (1.0, 0.8, 0.6)]
    off_topic = rumour_report(text=OFF_TOPIC)
    made["reports"] = len(LEAK_REPORTS) + 3 + len(ballots) + 1
    rumour_link(actor=Actor.of(publisher), group_id=ballots[0].group.pk, clarification_id=published[0].pk)
    rumour_dismiss(actor=Actor.of(author), group_id=off_topic.group.pk, reason="Bukan tentang pemilu.")
    return made
