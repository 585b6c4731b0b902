"""A KPPS corrects its TPS's result in a real Chromium: the server refuses the first send, and the page
comes back with the numbers, the reason and the photo (its thumbnail shown, nothing chosen again); the
second send waits for the PPK, and while it waits the form is shown disabled with the reason."""

import re

import pytest

from conftest import photo_bytes
from suara.audit.actors import Actor
from suara.results.entry.services import result_submit
from suara.results.models import ResultVersion
from suara.results.tests.support import PASSWORD, TALLY, TPS

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_a_refused_correction_keeps_its_entry_and_the_next_one_waits_with_the_form_disabled(
    transactional_db,
    live_server,
    counting,
    officers,
    page,
    browser_db,
    settings,
    tmp_path,
):
    settings.VAR_DIR = tmp_path
    result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=TALLY,
        photos=[photo_bytes()],
        submission_id="b-entry-1",
    )
    photo = tmp_path / "c-hasil-benar.jpg"
    photo.write_bytes(photo_bytes(color=(20, 30, 40)))
    expect = playwright_api.expect
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(live_server.url + "/masuk/")
    page.fill('input[name="username"]', "kpps_001")
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/dasbor/")

    propose = f"{live_server.url}/petugas/koreksi/ppwp-2024/{TPS}/"
    page.goto(propose)
    page.select_option('select[name="reason_code"]', "salah_baca")
    page.fill('textarea[name="reason"]', "Angka di foto terbaca keliru oleh petugas")
    page.set_input_files('input[name="photos"]', str(photo))
    page.locator("[data-submit]").click()  # the numbers in force, unchanged: the server refuses it

    expect(page.locator("main")).to_contain_text("sama dengan hasil yang berlaku")
    expect(page.locator('select[name="reason_code"]')).to_have_value("salah_baca")
    expect(page.locator('textarea[name="reason"]')).to_have_value("Angka di foto terbaca keliru oleh petugas")
    kept = page.locator('input[name="kept_photos"]')
    expect(kept).to_have_count(1)
    expect(kept).to_be_checked()
    thumbnail = page.locator(".kept-photos img")
    thumbnail.scroll_into_view_if_needed()
    expect(thumbnail).to_be_visible()
    assert page.evaluate("document.querySelector('.kept-photos img').naturalWidth") > 0  # served to its officer

    page.fill('input[name="votes.1"]', "96")  # one vote from pair 1 to pair 2
    page.fill('input[name="votes.2"]', "122")
    page.locator("[data-submit]").click()  # no photo chosen again
    expect(page).to_have_url(re.compile(r"/petugas/koreksi/\d+/$"))
    version = ResultVersion.objects.get(status="pending")
    assert version.reason_code == "salah_baca" and version.photos.count() == 1
    assert version.tally["votes.1"] == 96

    page.goto(propose)
    expect(page.locator("[data-blocked]")).to_contain_text("masih menunggu keputusan PPK")
    expect(page.locator("[data-submit]")).to_be_disabled()
    expect(page.locator('input[name="votes.1"]')).to_be_disabled()
    assert problems == []
