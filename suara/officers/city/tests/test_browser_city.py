"""The pemkot viewer in a real Chromium on a phone-sized screen: signs in (two steps: the viewer creates
the city's field officers' accounts), sees the city's officers down to a TPS with their contacts and the
health aggregates with small cells suppressed, and cannot see a person's health record: not on any page
of its view, and another city's area is refused with its code."""

import re

import pytest

from suara.accounts.two_factor_testing import authenticator_for, current_code
from suara.officers.city.tests.support import DESA, KECAMATAN, PASSWORD, TPS_1

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_the_pemkot_viewer_sees_officers_and_health_aggregates_but_no_persons_health(
    transactional_db, live_server, city, people, page, browser_db
):
    expect = playwright_api.expect
    device = authenticator_for(people["pemkot"])
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    page.goto(live_server.url + "/masuk/")
    page.fill('input[name="username"]', "pemkot_depok")
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/masuk/kode/")
    page.fill('input[name="code"]', current_code(device))
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/dasbor/")

    page.get_by_role("link", name="Tampilan kota (petugas, kesehatan, hasil)").click()
    expect(page.locator("h1")).to_contain_text("KOTA DEPOK")
    expect(page.locator(f'tr[data-code="{KECAMATAN}"] td').first).to_have_text("5/5")  # PPK
    page.locator(f'tr[data-code="{KECAMATAN}"] a').click()
    page.locator(f'tr[data-code="{DESA}"] a').click()
    expect(page.locator(".city-contacts")).to_contain_text("Petugas Sintetis PPS 10")
    page.locator(f'tr[data-code="{TPS_1}"] a').click()
    high = city["high"]
    contacts = page.locator(".city-contacts")
    expect(contacts).to_contain_text(high.name)  # the contact to coordinate with: name, position, phone
    expect(contacts).to_contain_text(high.phone)
    assert not re.search(r"tinggi|sedang|rendah|182|dr\. Sintetis", contacts.inner_text(), re.I)

    page.goto(f"{live_server.url}/petugas/kota/wilayah/{KECAMATAN}/kesehatan/")
    table = page.locator(".city-health")
    expect(table).to_contain_text("KPPS (TPS)")
    expect(table).to_contain_text("<5")
    assert high.name not in page.content() and "182" not in page.content()

    # The TPS of the high-risk officer: its one medium and one high risk KPPS are hidden among "<5".
    page.goto(f"{live_server.url}/petugas/kota/wilayah/{TPS_1}/kesehatan/")
    cells = page.locator(".city-health td").all_inner_texts()
    assert cells == ["5", "<5", "<5", "0", "7", "<5", "0", "<5", "0", "2"], cells
    assert high.name not in page.content()

    response = page.goto(f"{live_server.url}/petugas/kota/wilayah/3275/")  # Kota Bekasi
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("city_area_forbidden")
    assert problems == []
