"""In a real Chromium: a PPS creates the KPPS accounts of every TPS of its desa at once, sees the codes once
and downloads the activation sheet; then the KPPS of TPS 001 activates with its code, chooses a password
and signs in."""

from __future__ import annotations

import pytest

from conftest import make_officer, sign_in_as
from suara.regions.models import Tps

playwright_api = pytest.importorskip("playwright.sync_api")

DESA = "3276011006"
NEW_PASSWORD = "sandi-baru-petugas-tps-001"


@pytest.mark.browser
def test_a_pps_creates_its_kpps_accounts_and_one_kpps_activates(
    transactional_db, live_server, geography, page, browser_db
):
    expect = playwright_api.expect
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    pps = make_officer("pps_depok", "pps", DESA)
    tps_count = Tps.objects.filter(desa_id=DESA).count()

    sign_in_as(page, live_server, pps)
    page.goto(live_server.url + "/dasbor/")
    page.get_by_role("link", name="Akun petugas").click()
    expect(page.locator("h1")).to_have_text("Akun petugas")
    expect(page.locator("main")).to_contain_text("Belum ada akun di wilayah ini.")
    page.get_by_role("button", name="Buat akun KPPS (TPS)").click()

    expect(page.locator("h1")).to_have_text(f"{tps_count} akun KPPS (TPS) dibuat")
    expect(page.locator("table.codes tbody tr")).to_have_count(tps_count)
    first = page.locator("table.codes tbody tr").first
    username = first.locator("code.username").inner_text()
    code = first.locator("code.one-time-code").inner_text()
    assert username == f"kpps-{DESA}001"
    assert len(code) == 11 and code[5] == "-"
    expect(page.get_by_role("button", name="Cetak halaman ini")).to_be_visible()  # the script ran

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Unduh lembar kode (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "kode-aktivasi.pdf"
    with open(download.path(), "rb") as sheet:
        assert sheet.read(5) == b"%PDF-"

    page.goto(live_server.url + "/petugas/akun/")
    expect(page.locator("table.accounts tbody tr").first).to_contain_text("Menunggu aktivasi")
    page.context.clear_cookies()

    # The KPPS, with the slip from the sheet.
    page.goto(live_server.url + "/masuk/")
    page.get_by_role("link", name="Aktifkan dengan kode sekali pakai").click()
    expect(page.locator("h1")).to_have_text("Aktivasi akun petugas")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kode sekali pakai").fill(code.lower().replace("-", " "))
    page.fill('input[name="password"]', NEW_PASSWORD)
    page.fill('input[name="password_again"]', NEW_PASSWORD)
    page.get_by_role("button", name="Aktifkan akun").click()

    expect(page.locator("main")).to_contain_text(f"Akun {username} aktif")
    page.get_by_role("link", name="Masuk", exact=True).last.click()
    expect(page).to_have_url(live_server.url + "/masuk/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', NEW_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/dasbor/")
    expect(page.locator("table.roles")).to_contain_text("KPPS")
    expect(page.locator("table.roles")).to_contain_text("TPS 001")
    assert problems == []
