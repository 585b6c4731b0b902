"""The quick count in a real Chromium: the institution's operator signs in (two steps), designs and draws a
sample, makes its enumerators' accounts; an enumerator reports its TPS on the phone; the dashboard shows the
estimate with both intervals; the public page stays closed until 15:00 WIB and then shows it with the
disclaimer."""

import pytest

from suara.accounts.two_factor_testing import authenticator_for, current_code
from suara.audit.actors import Actor
from suara.quickcount import services
from suara.quickcount.models import QuickCount, SampledTps
from suara.quickcount.tests.conftest import CONTEST, tally_for

playwright_api = pytest.importorskip("playwright.sync_api")
PASSWORD = "correct-horse-battery-staple"


def sign_in(page, url, username, device=None):
    expect = playwright_api.expect
    page.goto(url + "/masuk/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form.form button[type=submit]").click()
    if device is not None:
        expect(page).to_have_url(url + "/masuk/kode/")
        page.fill('input[name="code"]', current_code(device))
        page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(url + "/dasbor/")


@pytest.mark.browser
def test_an_institution_draws_enumerators_report_and_the_public_waits_for_15_wib(
    transactional_db, live_server, people, page, browser_db, at
):
    expect = playwright_api.expect
    at(12, 0)
    url = live_server.url
    sign_in(page, url, "operator_uji", authenticator_for(people["operator"]))
    page.goto(url + "/petugas/hitung-cepat/")
    page.fill("#qc-name", "Hitung cepat Depok-Bekasi")
    page.select_option("#qc-contest", CONTEST)
    page.fill("#qc-size", "8")
    page.get_by_role("button", name="Simpan desain").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "designed")
    page.get_by_role("button", name="Tarik sampel").click()
    expect(page.locator("[data-seed]")).to_have_count(1)
    page.get_by_role("button", name="Buat akun enumerator untuk TPS sampel").click()
    expect(page.locator("[data-code]")).to_have_count(8)

    qc = QuickCount.objects.get()
    sampled = list(SampledTps.objects.filter(quick_count=qc, kind=SampledTps.Kind.SAMPLE).order_by("tps_code"))
    for i, tps in enumerate(sampled[1:]):  # seven enumerators report through the service
        services.report_submit(actor=Actor.of(tps.enumerator), quick_count_id=qc.pk, tps=tps.tps_code,
                               tally=tally_for(60 + i, 30, 10), submission_id=f"laporan-{i:04d}")  # fmt: skip
    mine = sampled[0]
    mine.enumerator.set_password(PASSWORD)  # activated: it set its password with its code
    mine.enumerator.save()

    context = page.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    phone = context.new_page()
    sign_in(phone, url, mine.enumerator.username)
    phone.goto(url + "/petugas/hitung-cepat/lapor/")
    phone.get_by_role("link", name=f"TPS {mine.tps_code}").click()
    for number, votes in ((1, "70"), (2, "20"), (3, "10")):
        phone.fill(f"#v-{number}", votes)
    phone.fill("#q-valid", "100")
    phone.fill("#q-invalid", "2")
    phone.fill("#q-total", "102")
    phone.get_by_role("button", name="Kirim laporan").click()
    expect(phone.locator("[data-reported]")).to_have_count(1)
    context.close()

    page.goto(f"{url}/petugas/hitung-cepat/{qc.pk}/")
    estimates = page.locator("[data-estimates]")
    expect(estimates).to_contain_text("Selang 95% (Taylor)")
    expect(page.locator("p.lead").first).to_contain_text("8 dari 8 TPS sampel")
    expect(page.locator('[data-candidate="1"] [data-share]')).not_to_be_empty()

    page.goto(f"{url}/hitung-cepat/{qc.pk}/")
    expect(page.locator("[data-embargo]")).to_contain_text("15.00 WIB")
    expect(page.locator("[data-estimates]")).to_have_count(0)
    at(15, 0)
    page.goto(f"{url}/hitung-cepat/{qc.pk}/")
    expect(page.locator("[data-disclaimer]")).to_contain_text("bukan hasil resmi KPU")
    expect(page.locator("[data-estimates]")).to_have_count(1)
