"""In a real Chromium on a phone's width: an applicant finds a TPS's opening, applies, keeps the code;
the PPS's eligibility run finds the applicant on a party's member list; the applicant checks the status
with the code and reads the reason, without the party's name. The NIK and the code never travel in a
URL, and nothing breaks the site's Content-Security-Policy."""

from __future__ import annotations

import pytest
from django.db import connections

from suara.elections.services import elections_load
from suara.officers.bodies import Status
from suara.officers.models import Officer
from suara.officers.recruitment.assessment import eligibility_assess
from suara.officers.recruitment.tests.conftest import DESA, TPS, applicant_values, party_listing
from suara.parties.services import parties_load

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_an_applicant_applies_and_is_found_ineligible_for_party_membership(
    transactional_db, live_server, page, recruiting
):
    elections_load(actor="test")  # idempotent: as the journey sets it up
    parties_load(actor="test")
    expect = playwright_api.expect
    problems, urls = [], []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))
    values = applicant_values(1)
    party_listing(recruiting, values["nik"])  # the applicant is on a party's list

    page.goto(f"{live_server.url}/rekrutmen/?wilayah={DESA}")
    opening = page.locator(f'section[data-body="kpps"] li[data-posting="{TPS}"]')
    expect(opening).to_contain_text("7 kursi")
    opening.get_by_role("link", name="Daftar").click()
    for name in ("nik", "nama", "tanggal_lahir", "telepon", "alamat", "kode_desa_domisili", "pekerjaan", "kk"):
        page.fill(f'input[name="{name}"]', values[name])
    page.select_option('select[name="jenis_kelamin"]', values["jenis_kelamin"])
    page.select_option('select[name="status_kawin"]', values["status_kawin"])
    page.get_by_role("button", name="Kirim pendaftaran").click()
    # A document left unconfirmed: the form says which, and keeps what was typed.
    expect(page.locator('[data-code="documents_missing"]')).to_be_visible()
    expect(page.locator('input[name="nik"]')).to_have_value(values["nik"])
    for box in page.locator('input[name="dokumen"]').all():
        if box.get_attribute("value") != "surat_keterangan_pendidikan":
            box.check()
    page.get_by_role("button", name="Kirim pendaftaran").click()
    code = page.locator("#application-code").inner_text()
    assert len(code) == 11

    officer = Officer.objects.get()
    assert officer.status == Status.APPLICANT
    eligibility_assess(election=recruiting, actor="pps_desa")  # the PPS's run (a job in the app)

    page.get_by_role("link", name="Periksa status pendaftaran").click()
    page.fill('input[name="kode"]', code)
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator('[data-field="status"]')).to_have_text("Tidak memenuhi syarat")
    expect(page.locator("#reasons")).to_have_text("Tercatat sebagai anggota partai politik")
    assert "Kebangkitan" not in page.content()
    assert not any(values["nik"] in url or code in url for url in urls)
    assert problems == []
    connections.close_all()
