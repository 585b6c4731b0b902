"""One walk through the public site in a real Chromium (Debian's; Playwright downloads nothing)."""

import re
from datetime import date

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_walk_from_home_to_a_tps(transactional_db, live_server, geography, pemilu_2024, fixed_today, page):
    fixed_today(date(2024, 2, 10))
    problems = []
    # A CSP violation (inline code, an outside resource) shows up as a console error.
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    expect = playwright_api.expect

    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile(r"^Beranda · Suara"))
    expect(page.locator("h1")).to_have_text("Pemilihan Umum 2024")
    expect(page.locator(".countdown__days")).to_have_text("4")
    now = page.locator('.timeline [aria-current="step"]')
    expect(now).to_contain_text("Masa kampanye pemilu")
    expect(now).to_contain_text("Sedang berlangsung")
    expect(page.locator(".candidate")).to_have_count(3)
    # The stylesheet loaded: the hidden countdown ticker (the browser's clock is not 2024) stays hidden.
    expect(page.locator(".countdown-ticker")).to_be_hidden()
    assert page.locator(".site-header").evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("2024 General Election")
    expect(now).to_contain_text("Campaign period")
    expect(now).to_contain_text("Now")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Regions")

    page.get_by_role("link", name="Browse regions and polling stations").click()
    expect(page).to_have_url(live_server.url + "/wilayah/")
    expect(page.locator("h1")).to_have_text("Regions and polling stations")
    expect(page.locator("table.regions tbody tr")).to_have_count(38)

    page.get_by_role("link", name="Jawa Barat", exact=True).click()
    expect(page.locator("h1")).to_have_text("Jawa Barat")
    page.get_by_role("link", name="Kota Depok", exact=True).click()
    expect(page.locator("h1")).to_have_text("Kota Depok")
    expect(page.get_by_role("navigation", name="Region breadcrumbs")).to_contain_text("Jawa Barat")
    page.get_by_role("link", name="Beji", exact=True).click()
    expect(page.locator(".eyebrow")).to_have_text("District")
    page.locator("table.regions tbody th a").first.click()
    expect(page.locator(".eyebrow")).to_have_text("Village")
    desa_code = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.get_by_role("link", name="TPS 001", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/tps/{desa_code}001/")
    expect(page.locator("h1")).to_have_text("Polling station 001")
    code = page.locator("code.tps-code")
    expect(code).to_have_text(re.compile(r"^\d{13}$"))
    expect(code).to_have_text(f"{desa_code}001")

    # Back to Indonesian from the TPS page: the switch keeps the visitor where they are.
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page).to_have_url(f"{live_server.url}/tps/{desa_code}001/")
    expect(page.locator("h1")).to_have_text("TPS 001")
    assert problems == []
