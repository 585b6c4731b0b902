"""In a real Chromium: a PPS opens its desa's rosters, goes to a TPS, appoints its seven KPPS (one chair) by
a decree and downloads the decree (SK) as a PDF that lists them."""

from __future__ import annotations

import pytest

from conftest import make_officer, sign_in_as
from suara.officers.bodies import Body
from suara.officers.selection.tests.support import DESA, TPS, make_adhoc
from suara.results.tests.support import pdf_text

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_a_pps_appoints_a_tps_kpps_and_prints_the_decree(
    transactional_db, live_server, geography, pemilu_2024, page, browser_db
):
    expect = playwright_api.expect
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    pps = make_officer("pps_depok", "pps", DESA)
    names = [f"Sintetis Calon Kpps {n}" for n in range(1, 9)]
    for name in names:
        make_adhoc(pemilu_2024, Body.KPPS, TPS, name=name)

    sign_in_as(page, live_server, pps)
    page.goto(live_server.url + "/petugas/adhoc/")
    expect(page.locator("h1")).to_contain_text("Petugas ad hoc")
    page.get_by_role("link", name="TPS 001").first.click()
    expect(page.locator("h1")).to_contain_text("Susunan petugas TPS 001")
    kpps = page.locator('section[data-body="kpps"]')
    expect(kpps.locator(".roster-count")).to_have_text("0 dari 7 kursi terisi")

    for name in names[:7]:
        kpps.get_by_label(f"Lantik {name}", exact=True).check()
    kpps.get_by_label(f"Ketua: {names[0]}", exact=True).check()
    kpps.get_by_label(f"Cadangan: {names[7]}", exact=True).check()
    kpps.get_by_label("Nomor SK").fill("12/PP.04.1-Kpt/3276011006/2024")
    kpps.get_by_label("Tanggal SK").fill("2024-01-24")
    kpps.get_by_label("Penanda tangan SK").fill("Ketua PPS Depok")
    kpps.get_by_label("Awal masa tugas").fill("2024-01-25")
    kpps.get_by_label("Akhir masa tugas").fill("2024-02-24")
    kpps.get_by_role("button", name="Lantik dengan SK").click()

    expect(page.get_by_role("status")).to_contain_text("7 petugas dilantik dengan SK 12/PP.04.1-Kpt/3276011006/2024")
    kpps = page.locator('section[data-body="kpps"]')
    expect(kpps.locator(".roster-count")).to_have_text("7 dari 7 kursi terisi")
    expect(kpps.locator(".roster-table tbody tr").first).to_contain_text(names[0])
    expect(kpps.locator(".roster-table tbody tr").first).to_contain_text("Ketua")
    expect(kpps).to_contain_text(f"Cadangan: {names[7]}")

    with page.expect_download() as download_info:
        kpps.get_by_role("link", name="Unduh SK (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"sk-{TPS}-")
    with open(download.path(), "rb") as document:
        data = document.read()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "12/PP.04.1-Kpt/3276011006/2024" in text and all(name in text for name in names[:7])
    assert names[7] not in text
    assert not problems
