"""A citizen reports a rumour with a screenshot and their e-mail; an officer opens it in the inbox and
starts a clarification from it, a second officer publishes it, the citizen is told once by e-mail, and the
citizen's search finds the clarification; in a real Chromium, breaking no Content Security Policy."""

import pytest

from conftest import sign_in_as
from suara.information.models import RumourReport
from suara.information.tests.conftest import GOOD, RUMOUR, screenshot_bytes

playwright_api = pytest.importorskip("playwright.sync_api")
EMAIL = "warga.pelapor@example.id"


@pytest.mark.browser
def test_a_reported_rumour_is_clarified_and_found(transactional_db, live_server, writers, page, browser_db, mailoutbox):
    expect = playwright_api.expect
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    # The citizen, without an account: the search finds nothing yet and offers the report.
    page.goto(live_server.url + "/hoaks/")
    page.get_by_label("Cari klaim").fill("surat suara dicoblos")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="Laporkan kabar ini kepada KPU dan Diskominfo").click()
    expect(page.get_by_label("Kabar yang beredar")).to_have_value("surat suara dicoblos")
    page.get_by_label("Kabar yang beredar").fill(RUMOUR)
    page.get_by_label("Tautan tempat kabar itu beredar").fill("https://www.facebook.com/contoh/posts/1")
    page.get_by_label("Tangkapan layar").set_input_files(
        files=[{"name": "layar.png", "mimeType": "image/png", "buffer": screenshot_bytes(1)}]
    )
    page.get_by_label("Nomor ponsel atau e-mail").fill(EMAIL)
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("laporan Anda diterima")
    expect(page.locator(".rumour-reported")).to_have_attribute("data-count", "1")

    # An officer finds it in the inbox, sees the screenshot, and starts a clarification from it.
    sign_in_as(page, live_server, writers["author"])
    page.goto(live_server.url + "/petugas/hoaks/laporan/")
    page.get_by_role("link", name="Beredar pesan: surat suara").click()
    screenshot = page.get_by_role("img", name="Tangkapan layar laporan")
    expect(screenshot).to_be_visible()
    assert screenshot.evaluate("img => img.complete && img.naturalWidth") == 360
    assert EMAIL not in page.content()
    page.get_by_role("link", name="Tulis klarifikasi baru dari laporan ini").click()
    expect(page.get_by_label("Klaim sebagaimana beredar")).to_have_value(RUMOUR)
    expect(page.get_by_label("Tautan yang beredar")).to_have_value("https://www.facebook.com/contoh/posts/1")
    for name, value in (("facts_true", "tidak"), ("misleading_frame", "tidak"), ("fabricated", "ya"),
                        ("intent_to_deceive", "ya")):  # fmt: skip
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    page.get_by_label("Vonis").select_option("HOAKS")
    page.get_by_label("Penjelasan").fill(GOOD["explanation"])
    page.get_by_label("Kode wilayah (kosong: nasional)").fill("3276")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator("ul.drafts li")).to_contain_text("[HOAKS] Beredar pesan")
    assert mailoutbox == []  # a draft tells nobody

    # A second officer publishes it: the citizen is told once, and their address is gone.
    sign_in_as(page, live_server, writers["second"])
    page.goto(live_server.url + "/petugas/hoaks/")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator("ul.drafts")).to_contain_text("Tidak ada draf")
    assert [m.to for m in mailoutbox] == [[EMAIL]] and "HOAKS" in mailoutbox[0].subject
    assert RumourReport.objects.get().contact == ""

    # The citizen's search finds the clarification.
    page.context.clear_cookies()
    page.goto(live_server.url + "/hoaks/")
    page.get_by_label("Cari klaim").fill("surat suara dicoblos")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="[HOAKS] Beredar pesan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("[HOAKS] Beredar pesan: surat suara")
    assert "ClaimReview" in page.locator('script[type="application/ld+json"]').text_content()
    assert problems == []
