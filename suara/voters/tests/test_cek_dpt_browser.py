"""A citizen checks the register in a real Chromium: from the home page to the form; registered, not
registered, a wrong name (the same answer), then the per-address limit. The NIK never enters a URL."""

from types import SimpleNamespace

import pytest

from suara.people.nik import nik_make
from suara.voters.tests.support import NAME, synthetic_voter

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_a_citizen_checks_the_register(
    transactional_db, live_server, geography, page, browser_db, settings, monkeypatch
):
    settings.SUARA_CEK_DPT_RATE = 3
    # One rate window for the whole test, so it never straddles a minute boundary.
    monkeypatch.setattr("suara.core.ratelimit.time", SimpleNamespace(time=lambda: 1_700_000_010.0))
    voter = synthetic_voter()
    unknown_nik = nik_make("327601", voter.birth_date, "L", 77)
    expect = playwright_api.expect
    problems, urls = [], []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))

    def check(nik: str, nama: str) -> None:
        page.fill("#cek-nik", nik)
        page.fill("#cek-nama", nama)
        page.get_by_role("button", name="Cek").click()

    page.goto(live_server.url + "/")
    page.locator("main").get_by_role("link", name="Cek DPT").click()
    expect(page).to_have_url(live_server.url + "/cek-dpt/")
    expect(page.locator("h1")).to_contain_text("Cek DPT")

    # Registered: typed the way people type their own name.
    check(voter.nik, "  budi   SANTOSO ")
    answer = page.locator(".cek-dpt-answer")
    expect(answer).to_have_attribute("data-registered", "ya")
    expect(answer).to_contain_text("Anda terdaftar sebagai pemilih.")
    expect(page.locator('[data-field="nama"]')).to_have_text("BU** SA*****")
    expect(page.locator('[data-field="tps"]')).to_have_text("TPS 003")
    expect(page.locator('[data-field="tps"] a')).to_have_attribute("href", "/tps/3276011006003/")  # where to vote
    expect(page.locator('[data-field="desa"]')).to_have_text("Depok")
    expect(page.locator('[data-field="kecamatan"]')).to_have_text("Pancoran Mas")
    expect(page.locator('[data-field="kabkota"]')).to_have_text("Kota Depok")
    expect(page.locator("#cek-nik")).to_have_value("")  # never echoed back

    # Not registered, and a wrong name: the same answer, word for word.
    check(unknown_nik, NAME)
    expect(answer).to_have_attribute("data-registered", "tidak")
    not_registered = answer.inner_text()
    check(voter.nik, "Siti Aminah")
    expect(answer).to_have_attribute("data-registered", "tidak")
    assert answer.inner_text() == not_registered and "Data tidak ditemukan." in not_registered
    assert "BU**" not in page.locator("main").inner_text()

    # The fourth lookup in a minute is refused, with how long to wait.
    check(voter.nik, NAME)
    expect(page.locator('[data-code="rate_limited"]')).to_contain_text("Coba lagi dalam")
    expect(page.locator(".cek-dpt-answer")).to_have_count(0)

    assert not any(voter.nik in url or unknown_nik in url for url in urls)
    assert problems == []
