"""In a real Chromium: the watch report at 17:00 (frozen clock) shows a new listing. An organisation's
operator uploads its watchlist from the dashboard, a party lists one of its people, the scheduler's check
at 17:00 WIB writes the report, and the operator opens it."""

from __future__ import annotations

import pytest

from conftest import sign_in_as
from suara.parties.tests.watch_support import csv_file, freeze, listing, person, watch_world, wib
from suara.parties.watch.services import watch_reports_due

playwright_api = pytest.importorskip("playwright.sync_api")

STAFF = person(1)
SPOUSE = person(2, sex="P")


@pytest.mark.browser
def test_the_watch_report_at_1700_shows_a_new_listing(
    transactional_db, live_server, page, browser_db, monkeypatch, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    expect = playwright_api.expect
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    world = watch_world()
    freeze(monkeypatch, wib(2026, 3, 2, 9))

    sign_in_as(page, live_server, world["operator"])
    page.goto(live_server.url + "/dasbor/")
    page.get_by_role("link", name="Pantauan keanggotaan partai").click()
    expect(page.locator("h1")).to_have_text("Pantauan keanggotaan partai")
    expect(page.locator("main")).to_contain_text("Belum ada laporan.")
    data = csv_file([(STAFF, "Budi Santoso", "staf"), (SPOUSE, "Sri Wahyuni", "keluarga"), ("123", "Salah", "")])
    page.get_by_label("Berkas CSV").set_input_files({"name": "staf.csv", "mimeType": "text/csv", "buffer": data})
    page.get_by_label("Nama daftar").fill("Staf dan keluarga")
    page.get_by_role("button", name="Unggah").click()
    expect(page.locator("#upload-outcome")).to_contain_text("2 NIK baru")
    expect(page.locator("table.problems tbody tr")).to_have_count(1)
    expect(page.locator("table.problems")).to_contain_text("nik_length")
    expect(page.locator("ul.watchlists")).to_contain_text("Staf dan keluarga")

    # A party lists the operator's colleague in the afternoon; the check at 16:59 writes nothing yet.
    listing(world["pkb"], STAFF, "BUDI SANTOSO", at=wib(2026, 3, 2, 14))
    freeze(monkeypatch, wib(2026, 3, 2, 16, 59))
    assert watch_reports_due() == 0
    freeze(monkeypatch, wib(2026, 3, 2, 17, 0))
    assert watch_reports_due() == 1

    page.goto(live_server.url + "/petugas/partai/pantauan/kominfo-depok/")
    page.locator("table.reports tbody tr a").first.click()
    expect(page.locator("h1")).to_contain_text("Laporan pantauan 2 Maret 2026 17:00 WIB")
    new = page.locator("table.lines--new tbody tr")
    expect(new).to_have_count(1)
    expect(new.first).to_contain_text("Budi Santoso")
    expect(new.first).to_contain_text(world["pkb"].name)
    expect(new.first).to_contain_text("327601······0001")
    assert STAFF not in page.content()
    assert problems == []
