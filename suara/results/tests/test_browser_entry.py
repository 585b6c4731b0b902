"""One KPPS's evening in a real Chromium: sign in, type form C.Hasil, be stopped by the browser's own check
of the rules, fix the numbers, attach the photo, send, see the confirmation; then see the numbers on the
public TPS page and the national total move once the recap folds them in."""

import re

import pytest

from conftest import photo_bytes
from suara.results.models import ResultPhoto, TpsResult
from suara.results.recap.fold import recap_fold
from suara.results.tests.support import PASSWORD, TALLY, standalone

playwright_api = pytest.importorskip("playwright.sync_api")

TPS = "3276011006001"


@pytest.mark.browser
def test_a_kpps_sends_form_c_hasil_and_the_public_numbers_move(
    transactional_db, live_server, counting, officers, page, browser_db, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    photo = tmp_path / "c-hasil-halaman-1.jpg"
    photo.write_bytes(photo_bytes())
    expect = playwright_api.expect
    problems = []
    # A CSP violation (an inline script, an outside resource) or a script error shows up here.
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    page.goto(live_server.url + "/masuk/")
    page.fill('input[name="username"]', "kpps_001")
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/dasbor/")

    # The national recap before this TPS reports.
    national = "/hasil/ppwp-2024/"
    page.goto(live_server.url + national)
    national_before = page.locator("main").inner_text()
    assert not standalone(267).search(national_before)

    page.goto(live_server.url + "/petugas/hasil/")
    expect(page.locator("table.entry-list tbody tr")).to_have_count(1)
    expect(page.locator("table.entry-list")).to_contain_text("Belum dikirim")
    page.get_by_role("link", name="TPS 001").click()
    expect(page).to_have_url(f"{live_server.url}/petugas/hasil/ppwp-2024/{TPS}/")
    expect(page.locator("h1")).to_have_text("TPS 001")

    # First the numbers as misread: pair 1's 97 read as 96, so the pairs' votes fall one short of the valid
    # votes (R1).
    for field, value in TALLY.items():
        page.fill(f'input[name="{field}"]', str(value if field != "votes.1" else 96))
    summary = page.locator("#rule-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(
        "R1 Jumlah suara seluruh pasangan calon harus sama dengan jumlah suara sah. (262 ≠ 263)"
    )
    expect(page.locator('input[name="votes.1"]')).to_have_attribute("aria-invalid", "true")
    expect(page.locator('input[name="valid"]')).to_have_attribute("aria-invalid", "true")
    expect(page.locator('input[name="invalid"]')).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#errors-valid")).to_contain_text("jumlah suara sah")
    submit = page.locator("[data-submit]")
    expect(submit).to_be_disabled()
    expect(page.locator("[data-blocked-hint]")).to_be_visible()
    # Neither Enter in a field nor a scripted submit gets through.
    page.locator('input[name="votes.1"]').press("Enter")
    page.evaluate("document.querySelector('form[data-tally-form]').requestSubmit()")
    expect(page).to_have_url(f"{live_server.url}/petugas/hasil/ppwp-2024/{TPS}/")
    assert not TpsResult.objects.exists()

    # A typo in another field is named by R0 as it is typed, and clears when fixed.
    page.fill('input[name="invalid"]', "4a")
    expect(summary).to_contain_text("R0 Setiap angka harus bilangan bulat 0 atau lebih.")
    page.fill('input[name="invalid"]', "4")
    # A count no TPS of the Pemilu can hold (at most 612) is named by R10 at once.
    page.fill('input[name="ballots.received"]', "999999999")
    expect(summary).to_contain_text(
        "R10 Tidak ada angka yang boleh melebihi batas satu TPS dalam pemilihan ini. (paling banyak 612)"
    )
    page.fill('input[name="ballots.received"]', str(TALLY["ballots.received"]))
    page.fill('input[name="votes.1"]', "97")
    expect(summary).to_be_hidden()
    expect(submit).to_be_enabled()
    expect(page.locator('input[name="votes.1"]')).not_to_have_attribute("aria-invalid", "true")

    page.set_input_files('input[name="photos"]', str(photo))
    submit.click()
    expect(page).to_have_url(re.compile(rf"/petugas/hasil/ppwp-2024/{TPS}/terkirim/\d+/$"))
    expect(page.locator(".stored-version")).to_have_text("Tersimpan sebagai versi 1.")
    expect(page.locator("table.tally-table").first).to_contain_text("121")
    result = TpsResult.objects.get()
    assert result.tally == TALLY and ResultPhoto.objects.filter(version__result=result).count() == 1
    assert problems == []

    public_tps = f"/hasil/ppwp-2024/tps/{TPS}/"
    expect(page.locator(f'a[href="{public_tps}"]')).to_be_visible()
    page.locator(f'a[href="{public_tps}"]').click()
    expect(page).to_have_url(live_server.url + public_tps)
    for votes in (97, 121, 45, 263):
        expect(page.locator("main")).to_contain_text(standalone(votes))

    recap_fold()
    # The page may be kept by the browser for a while (Cache-Control); reloading asks the server again.
    page.goto(live_server.url + national)
    page.reload()
    main = page.locator("main")
    expect(main).to_contain_text(standalone(267))
    expect(main).to_contain_text(standalone(121))
    assert main.inner_text() != national_before
    assert problems == []
