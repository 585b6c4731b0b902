"""An officer drafts a clarification on the page, a second officer publishes it, and a citizen's search
finds it, in a real Chromium; the pages break no Content Security Policy."""

import pytest

from conftest import sign_in_as
from suara.information.tests.conftest import GOOD

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_an_officer_publishes_and_the_citizen_finds_it(transactional_db, live_server, writers, page, browser_db):
    expect = playwright_api.expect
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    sign_in_as(page, live_server, writers["author"])
    page.goto(live_server.url + "/petugas/hoaks/")
    page.get_by_label("Klaim sebagaimana beredar").fill(GOOD["claim"])
    page.get_by_label("Platform").select_option("tiktok")
    page.get_by_label("Tautan yang beredar").fill("https://www.tiktok.com/@contoh/video/1")
    for name, value in (("facts_true", "tidak"), ("misleading_frame", "tidak"), ("fabricated", "ya"),
                        ("intent_to_deceive", "ya")):  # fmt: skip
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    page.get_by_label("Vonis").select_option("HOAKS")
    page.get_by_label("Penjelasan").fill(GOOD["explanation"])
    page.get_by_label("Kode wilayah (kosong: nasional)").fill("3276")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator("ul.drafts li")).to_contain_text("[HOAKS] Surat suara")

    sign_in_as(page, live_server, writers["second"])
    page.goto(live_server.url + "/petugas/hoaks/")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator("ul.drafts")).to_contain_text("Tidak ada draf")

    page.context.clear_cookies()
    page.goto(live_server.url + "/hoaks/")
    page.get_by_label("Cari klaim").fill("surat suara dicoblos")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="[HOAKS] Surat suara").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("[HOAKS] Surat suara sudah dicoblos")
    assert "ClaimReview" in page.locator('script[type="application/ld+json"]').text_content()
    assert problems == []
