"""One journey in a real Chromium, as the issue's "Done when" names it: a party operator uploads a list
and sees double memberships. Gerindra's list is in already; PKB's operator uploads from the browser a list
that shares five people with it, the checks run after the upload, and the operator follows the home page's
link to the double memberships and sees those five, with Gerindra named and nothing of Gerindra's list
beyond that. No NIK travels in a URL, nothing breaks the Content-Security-Policy."""

from __future__ import annotations

import io
import re

import pytest

from suara.audit.actors import Actor
from suara.parties.members.services import members_upload
from suara.parties.models import Member

playwright_api = pytest.importorskip("playwright.sync_api")
PASSWORD = "correct-horse-battery-staple"  # conftest.make_officer's


@pytest.mark.browser
def test_a_party_operator_uploads_a_list_and_sees_double_memberships(
    transactional_db, live_server, parties, operators, members, csv_bytes, page, browser_db, tmp_path, settings
):
    settings.PRIVATE_DIR = tmp_path / "private"
    expect = playwright_api.expect
    problems, urls = [], []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))
    people = members(40)
    gerindra_rows = people[:20]
    members_upload(party=parties["gerindra"], stream=io.BytesIO(csv_bytes(gerindra_rows)), actor=Actor.named("test"),
                   file_name="anggota-gerindra.csv")  # fmt: skip
    pkb_rows = people[15:40]  # people 15..19 are Gerindra's too
    upload = tmp_path / "anggota-pkb.csv"
    upload.write_bytes(csv_bytes(pkb_rows))

    page.goto(live_server.url + "/masuk/")
    page.fill('input[name="username"]', "operator_pkb")
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/dasbor/")
    page.get_by_role("link", name="Daftar anggota partai").click()
    section = page.locator('section[data-party="pkb"]')
    section.locator('input[type="file"]').set_input_files(str(upload))
    section.get_by_role("button", name="Unggah").click()
    expect(page).to_have_url(re.compile(r"/petugas/tugas/\d+/$"))
    expect(page.locator("#job-status")).to_have_text("Selesai")

    page.goto(live_server.url + "/petugas/partai/")
    counts = section.locator("table.member-counts")
    expect(counts.locator('tr[data-status="total"] td')).to_have_text("25")
    expect(counts.locator('tr[data-status=""] td')).to_have_text("0")  # the checks ran after the upload
    section.get_by_role("link", name="Keanggotaan ganda").click()
    expect(page.locator("h1")).to_have_text("Keanggotaan ganda")
    rows = page.locator("#doubles tbody tr")
    expect(rows).to_have_count(5)
    for row in pkb_rows[:5]:
        expect(page.locator("#doubles")).to_contain_text(row[1])
    expect(rows.first).to_contain_text(parties["gerindra"].name)
    html = page.content()
    for row in people:
        assert row[0] not in html  # NIKs masked
    for row in people[:15] + people[20:]:
        assert row[1] not in page.locator("#doubles").inner_text()  # only the shared people
    assert not any(r[0] in url for url in urls for r in people)
    assert problems == []
    shared = Member.objects.filter(party=parties["gerindra"], nik__in=[r[0] for r in pkb_rows[:5]])
    assert set(shared.values_list("status", flat=True)) == {"BMS"}  # Gerindra sees them too
