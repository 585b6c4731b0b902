"""A kab/kota operator confirms a duplicate in a real Chromium: signs in, opens the proposed pair from the
list, sees both records side by side, confirms; the extra record is TMS 2 and the pair leaves the list.
No NIK ever travels in a URL."""

import pytest

from suara.accounts.two_factor_testing import authenticator_for, current_code
from suara.voters.dedup.service import dedup_run
from suara.voters.models import DuplicatePair, Voter
from suara.voters.tms import DUPLICATE

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_an_operator_confirms_a_duplicate(transactional_db, live_server, register, officers, page, browser_db):
    dedup_run()
    device = authenticator_for(officers["kpu_depok"])
    pair = DuplicatePair.objects.get()
    expect = playwright_api.expect
    problems, urls = [], []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))

    page.goto(live_server.url + "/masuk/")
    page.fill('input[name="username"]', "kpu_depok")
    page.fill('input[name="password"]', "correct-horse-battery-staple")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/masuk/kode/")  # a KPU kab/kota signs in with two factors
    page.fill('input[name="code"]', current_code(device))
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/dasbor/")

    page.goto(live_server.url + "/petugas/ganda/")
    expect(page.locator("table.dedup-list tbody tr")).to_have_count(1)
    page.get_by_role("link", name=f"#{pair.pk}").click()
    expect(page).to_have_url(f"{live_server.url}/petugas/ganda/{pair.pk}/")
    compare = page.locator("table.dedup-compare")
    expect(compare).to_contain_text("Hj. Sari Wulandari")
    expect(compare).to_contain_text("Wulandari Sari")

    page.get_by_label("Ganda: satu orang").check()
    page.get_by_label("Data B").check()
    page.fill('textarea[name="note"]', "KTP elektronik diperiksa")
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page).to_have_url(live_server.url + "/petugas/ganda/")
    expect(page.get_by_role("status")).to_contain_text("dikonfirmasi ganda")
    expect(page.locator("table.dedup-list")).to_have_count(0)

    extra = Voter.objects.get(pk=register[1].pk)
    assert (extra.status, extra.tms_code) == (Voter.Status.TMS, DUPLICATE)
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.CONFIRMED
    assert not any(voter.nik in url for url in urls for voter in register)
    assert problems == []
