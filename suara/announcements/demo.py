"""The demo's announcements (MADE-UP texts, real places): KPU Kota Depok's and the city's, for Kota Depok and
Kecamatan Pancoran Mas, through the services as officers would write them: drafted, approved by a second
person (KPU's by the city's viewer, the city's by KPU), scheduled. Several are published (a recruitment
notice with its English translation and a PDF, a correction shown on it; a briefing with an event for the
calendar and a poster), one is scheduled for two days later. Once: a second run finds them and goes on.

Every schedule lies in the future when it is set, so the published ones are scheduled two seconds ahead
and the demo waits for them (once) before it corrects one."""

from __future__ import annotations

import io
import time
from datetime import datetime, timedelta

from suara.accounts.models import User
from suara.announcements.models import Announcement
from suara.announcements.services import (
    AnnouncementInput,
    announcement_approve,
    announcement_correct,
    announcement_create,
    announcement_schedule,
    announcement_submit,
)
from suara.audit.actors import Actor
from suara.core import clock
from suara.core.timezones import ZONES

DEMO_CITY = "3276"  # Kota Depok
DEMO_KECAMATAN = "327601"  # Pancoran Mas
KPU, CITY = "kpu_depok", "pemkot_depok"  # demo accounts (accounts.demo)
WIB = ZONES["WIB"]

RECRUITMENT = {
    "title": "Pendaftaran calon anggota KPPS Kecamatan Pancoran Mas (contoh)",
    "body": (
        "KPU Kota Depok membuka pendaftaran calon anggota KPPS untuk seluruh TPS di Kecamatan Pancoran Mas.\n\n"
        "Syarat: WNI berusia paling rendah 17 tahun, berdomisili di kelurahan setempat, tidak menjadi anggota "
        "partai politik. Berkas diserahkan ke sekretariat PPS kelurahan masing-masing.\n\n"
        "Pengumuman ini contoh untuk demo Suara."
    ),
    "title_en": "Registration of KPPS candidates in Pancoran Mas (example)",
    "body_en": (
        "KPU Kota Depok opens the registration of polling station officers (KPPS) for every TPS in Pancoran Mas. "
        "Candidates must be citizens aged 17 or over, living in the kelurahan, and not party members. "
        "This announcement is an example for the Suara demo."
    ),
    "category": "rekrutmen",
    "region_code": DEMO_KECAMATAN,
}


def _pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setTitle("Pengumuman pendaftaran KPPS (contoh)")
    page.drawString(72, 770, "KPU KOTA DEPOK - PENGUMUMAN PENDAFTARAN CALON ANGGOTA KPPS (CONTOH DEMO)")
    page.drawString(72, 740, "Kecamatan Pancoran Mas. Berkas diserahkan ke sekretariat PPS kelurahan.")
    page.showPage()
    page.save()
    return out.getvalue()


def _poster() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 800), (12, 74, 110))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 760, 760), outline=(255, 255, 255), width=6)
    for y, line in ((300, "SOSIALISASI PEMILIH PEMULA"), (360, "BALAI KOTA DEPOK"), (420, "(contoh demo)")):
        draw.text((120, y), line, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _at(day_offset: int, hour: int) -> datetime:
    day = (clock.now().astimezone(WIB) + timedelta(days=day_offset)).date()
    return datetime(day.year, day.month, day.day, hour, tzinfo=WIB)


def _approved(author: User, reviewer: User, data: AnnouncementInput, publish_at: datetime) -> Announcement:
    announcement = announcement_create(actor=Actor.of(author), data=data)
    announcement_submit(actor=Actor.of(author), pk=announcement.pk)
    announcement_approve(actor=Actor.of(reviewer), pk=announcement.pk)
    return announcement_schedule(actor=Actor.of(reviewer), pk=announcement.pk, publish_at=publish_at)


def announcements_demo_ensure() -> tuple[int, int]:
    """(published, scheduled) written now; (0, 0) when the demo has them already or lacks its accounts."""
    if Announcement.objects.filter(region_code__startswith=DEMO_CITY).exists():
        return 0, 0
    kpu, city = User.objects.filter(username=KPU).first(), User.objects.filter(username=CITY).first()
    if kpu is None or city is None:
        return 0, 0
    soon = clock.now() + timedelta(seconds=2)
    published = [
        _approved(kpu, city, AnnouncementInput(**RECRUITMENT, new_files=[("pengumuman-kpps.pdf", _pdf())]), soon),
        _approved(
            kpu,
            city,
            AnnouncementInput(
                title="Cek nama Anda di Daftar Pemilih Tetap (contoh)",
                body=(
                    "Pastikan nama Anda terdaftar di DPT Kota Depok lewat halaman Cek DPT di Suara, dengan NIK dan "
                    "nama sesuai KTP. Bila belum terdaftar, hubungi PPS kelurahan Anda. Contoh untuk demo."
                ),
                category="dpb",
                region_code=DEMO_CITY,
            ),
            soon,
        ),
        _approved(
            city,
            kpu,
            AnnouncementInput(
                title="Sosialisasi pemilih pemula di Balai Kota Depok (contoh)",
                body=(
                    "Pemerintah Kota Depok bersama KPU Kota Depok mengundang pemilih pemula mengikuti sosialisasi tata "
                    "cara mencoblos dan mengecek DPT. Terbuka untuk umum, tanpa biaya. Contoh untuk demo."
                ),
                category="sosialisasi",
                region_code=DEMO_CITY,
                event_start=_at(5, 9),
                event_end=_at(5, 12),
                event_location="Balai Kota Depok, Jl. Margonda Raya No. 54",
                new_files=[("poster-sosialisasi.png", _poster())],
            ),
            soon,
        ),
        _approved(
            kpu,
            city,
            AnnouncementInput(
                title="TPS di Pancoran Mas buka pukul 07.00 sampai 13.00 WIB (contoh)",
                body=(
                    "Pada hari pemungutan suara, TPS di Kecamatan Pancoran Mas buka pukul 07.00 dan menerima pemilih "
                    "sampai 13.00 WIB. Bawa formulir C pemberitahuan dan KTP-el. Contoh untuk demo."
                ),
                category="pemungutan",
                region_code=DEMO_KECAMATAN,
            ),
            soon,
        ),
    ]
    _approved(
        kpu,
        city,
        AnnouncementInput(
            title="Rapat pleno rekapitulasi tingkat Kecamatan Pancoran Mas (contoh)",
            body=(
                "PPK Pancoran Mas menggelar rapat pleno terbuka rekapitulasi hasil penghitungan suara. Saksi dan "
                "pemantau terdaftar dapat hadir. Contoh untuk demo; terbit dua hari setelah demo dibuat."
            ),
            category="hasil",
            region_code=DEMO_KECAMATAN,
            event_start=_at(3, 9),
            event_location="Kantor Kecamatan Pancoran Mas",
        ),
        clock.now() + timedelta(days=2),
    )
    time.sleep(max(0.0, (soon - clock.now()).total_seconds()) + 0.2)
    first = published[0]
    correction = AnnouncementInput(
        **{
            **RECRUITMENT,
            "body": RECRUITMENT["body"].replace("Berkas diserahkan", "Berkas diterima sampai H-7 dan diserahkan"),
        }
    )
    announcement_correct(
        actor=Actor.of(kpu), pk=first.pk, data=correction, note="Batas akhir penerimaan berkas ditambahkan."
    )
    return len(published), 1
