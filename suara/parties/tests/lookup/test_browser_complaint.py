"""A citizen checks a NIK in a real Chromium and files "Saya bukan anggota"; the KPU kab/kota operator
resolves the case step by step, and the party's listing is gone: the citizen's next check finds nothing.
The NIK never enters a URL."""

from __future__ import annotations

import pytest
from django.core import mail

from conftest import sign_in_as
from suara.parties.models import Complaint, Member
from suara.parties.tests.lookup.support import NAME, NIK, PDF_BYTES, jpeg_bytes, listing

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_a_citizen_complains_and_the_kpu_removes_the_listing(
    transactional_db, live_server, parties, kpu_depok, private_dir, fixed_rate_clock, page, browser_db
):
    member = listing(1)
    listing(17, status="BMS")
    expect = playwright_api.expect
    problems, urls = [], []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))

    def check() -> None:
        page.goto(live_server.url + "/partai/cek/")
        page.fill("#cek-nik", NIK)
        page.fill("#cek-nama", "budi santoso")
        page.get_by_role("button", name="Cek").click()

    # The citizen finds two parties listing them, and denies the first.
    check()
    answer = page.locator(".party-lookup-answer")
    expect(answer).to_have_attribute("data-listed", "ya")
    expect(page.locator('[data-field="nama"]')).to_have_text("BU** SA*****")
    expect(page.locator("tr[data-party-number]")).to_have_count(2)
    expect(page.locator('tr[data-party-number="17"] [data-field="status"]')).to_contain_text("BMS")
    page.locator('tr[data-party-number="1"]').get_by_role("button", name="Saya bukan anggota").click()
    expect(page.locator("h1")).to_contain_text("saya bukan anggota")

    # Without a statement: refused, the contact kept.
    page.fill("#aduan-telepon", "0812 3456 7890")
    page.fill("#aduan-email", "warga@example.org")
    page.get_by_role("button", name="Kirim aduan").click()
    expect(page.locator('[data-code="complaint_statement_required"]')).to_be_visible()
    expect(page.locator("#aduan-telepon")).to_have_value("0812 3456 7890")
    page.set_input_files(
        "#aduan-pernyataan", files=[{"name": "surat.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_role("button", name="Kirim aduan").click()
    complaint = Complaint.objects.get()
    expect(page).to_have_url(f"{live_server.url}/partai/aduan/{complaint.code}/")
    expect(page.locator('[data-field="status"]')).to_have_attribute("data-state", "received")
    assert "Budi" not in page.locator("main").inner_text()
    assert mail.outbox and complaint.code in mail.outbox[-1].body

    # The KPU of Kota Depok takes it from its list to the end.
    sign_in_as(page, live_server, kpu_depok)
    page.goto(live_server.url + "/petugas/partai/aduan/")
    page.get_by_role("link", name=complaint.code).click()
    expect(page.locator('[data-field="kontak"]')).to_contain_text("+6281234567890")
    page.locator('form[data-step="clarify"]').locator("button[type=submit]").click()
    expect(page.locator('[data-field="status"]')).to_have_attribute("data-state", "clarification")
    decide = page.locator('form[data-step="decide"]')
    decide.locator('input[type="file"]').set_input_files(
        files=[{"name": "ba.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    decide.locator("button[type=submit]").click()
    expect(page.locator('[data-field="status"]')).to_have_attribute("data-state", "decided")
    page.locator('form[data-step="notify_party"]').locator("button[type=submit]").click()
    expect(page.locator('[data-field="status"]')).to_have_attribute("data-state", "party_notified")
    page.locator('form[data-step="remove"]').locator("button[type=submit]").click()
    expect(page.locator('[data-field="status"]')).to_have_attribute("data-state", "removed")
    assert Member.objects.get(pk=member.pk).removed_reason == "complaint"

    # The citizen's status page says so, and the party no longer lists them.
    page.goto(f"{live_server.url}/partai/aduan/{complaint.code}/")
    expect(page.locator("tr[data-state]")).to_have_count(5)
    check()
    expect(page.locator("tr[data-party-number]")).to_have_count(1)
    expect(page.locator('tr[data-party-number="17"]')).to_be_visible()

    assert not any(NIK in url or NAME.split()[0].lower() in url.lower() for url in urls)
    assert problems == []
