"""The journey of the issue: the city's Diskominfo staffer writes an announcement, a second officer (KPU
Kota Depok) approves it and schedules it a few seconds ahead, and it appears on the region's page and in its
feed at its time, not before; in a real Chromium, breaking no Content Security Policy."""

import time
from datetime import timedelta

import feedparser
import pytest

from conftest import sign_in_as
from suara.core import clock
from suara.core.timezones import ZONES

playwright_api = pytest.importorskip("playwright.sync_api")
TITLE = "Sosialisasi pemilih pemula di Kelurahan Depok Jaya"
BODY = "Diskominfo Kota Depok mengundang pemilih pemula ke sosialisasi cara mencoblos dan cek DPT, terbuka untuk umum."


@pytest.mark.browser
def test_a_scheduled_announcement_appears_on_the_page_and_in_the_feed_at_its_time(
    transactional_db, live_server, writers, page, browser_db
):
    expect = playwright_api.expect
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    sign_in_as(page, live_server, writers["pemkot"])  # the city's Diskominfo, in its viewer role
    page.goto(live_server.url + "/dasbor/")
    page.get_by_role("link", name="Pengumuman").click()
    page.get_by_role("link", name="Tulis pengumuman").click()
    page.get_by_label("Judul", exact=True).fill(TITLE)
    page.get_by_label("Isi", exact=True).fill(BODY)
    page.get_by_label("Kategori").select_option("sosialisasi")
    page.get_by_label("Kode wilayah (kosong: nasional)").fill("327601")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator(".phase")).to_have_text("Draf")
    page.get_by_role("button", name="Ajukan untuk diperiksa").click()
    expect(page.locator(".phase")).to_have_text("Menunggu pemeriksaan")
    expect(page.get_by_role("button", name="Setujui")).to_have_count(0)  # not by its author
    detail = page.url

    sign_in_as(page, live_server, writers["second"])  # KPU Kota Depok reviews
    page.goto(detail)
    page.get_by_role("button", name="Setujui").click()
    expect(page.locator(".phase")).to_have_text("Disetujui, belum dijadwalkan")
    publish_at = (clock.now() + timedelta(seconds=8)).replace(microsecond=0)
    page.get_by_label("Waktu terbit (WIB)").fill(publish_at.astimezone(ZONES["WIB"]).strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="Jadwalkan").click()
    expect(page.locator(".phase")).to_have_text("Dijadwalkan")

    page.context.clear_cookies()
    region = live_server.url + "/pengumuman/327601/"
    feed_url = live_server.url + "/pengumuman/327601/rss/"
    page.goto(region)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pancoran Mas")
    expect(page.locator(".announcement-list")).not_to_contain_text(TITLE)
    before = feedparser.parse(page.request.get(feed_url).body())
    assert before.bozo == 0 and TITLE not in [e.title for e in before.entries]

    time.sleep(max(0.0, (publish_at - clock.now()).total_seconds()) + 0.5)
    page.reload()
    expect(page.locator(".announcement-list")).to_contain_text(TITLE)
    after = feedparser.parse(page.request.get(feed_url).body())
    assert after.bozo == 0 and after.entries[0].title == TITLE
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".meta").first).to_contain_text("Pemerintah Kota Depok")
    assert problems == []
