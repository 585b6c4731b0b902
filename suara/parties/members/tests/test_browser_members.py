"""A party operator's journey in a real Chromium: signs in, opens the party's page from the dashboard,
uploads its member list, follows the job to its end and downloads the refused rows' report, then sees the
list's counts and its version. No NIK travels in a URL, and nothing breaks the Content-Security-Policy.
(The double memberships' part of the journey: test_browser_upload_doubles.py.)"""

from __future__ import annotations

import re

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")
PASSWORD = "correct-horse-battery-staple"  # conftest.make_officer's


@pytest.mark.browser
def test_a_party_operator_uploads_a_list_and_sees_its_counts(
    transactional_db, live_server, parties, operators, members, csv_bytes, page, browser_db, tmp_path, settings
):
    settings.PRIVATE_DIR = tmp_path / "private"
    expect = playwright_api.expect
    problems, urls = [], []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))
    rows = members(25)
    upload = tmp_path / "anggota-pkb.csv"
    upload.write_bytes(csv_bytes([*rows, rows[3]]))  # one NIK twice: refused at the door

    page.goto(live_server.url + "/masuk/")
    page.fill('input[name="username"]', "operator_pkb")
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/dasbor/")
    page.get_by_role("link", name="Daftar anggota partai").click()
    expect(page).to_have_url(live_server.url + "/petugas/partai/")
    section = page.locator('section[data-party="pkb"]')
    expect(section.locator("h2")).to_contain_text("Partai Kebangkitan Bangsa")
    expect(section).to_contain_text("Belum ada daftar anggota yang diunggah.")

    section.locator('input[type="file"]').set_input_files(str(upload))
    section.get_by_role("button", name="Unggah").click()
    expect(page).to_have_url(re.compile(r"/petugas/tugas/\d+/$"))
    expect(page.locator("#job-status")).to_have_text("Selesai")
    with page.expect_download() as download:
        page.locator("#job-download").click()
    report = download.value.path().read_text(encoding="utf-8")
    assert "27,nik_duplicate_in_file,nik," in report and rows[3][0] not in report

    page.goto(live_server.url + "/petugas/partai/")
    counts = section.locator("table.member-counts")
    expect(counts.locator('tr[data-status="total"] td')).to_have_text("25")
    expect(counts.locator('tr[data-status=""] td')).to_have_text("0")  # the checks ran after the upload
    ms, bms = (int(counts.locator(f'tr[data-status="{s}"] td').inner_text()) for s in ("MS", "BMS"))
    assert ms + bms == 25
    section.get_by_role("link", name="1", exact=True).click()
    expect(page.locator("#as-of")).to_contain_text("Daftar pada versi 1: 25 anggota")
    expect(page.locator("table.member-list")).not_to_contain_text(rows[0][0])
    assert not any(r[0] in url for url in urls for r in rows)
    assert problems == []
