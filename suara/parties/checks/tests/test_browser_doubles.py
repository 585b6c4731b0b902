"""A party operator sees double memberships and withdraws one, in a real Chromium. The listings are made
directly (the upload is another part's page): the operator's party and another both list one person."""

import pytest
from django.db import connections

from conftest import make_officer
from suara.parties.checks.services import members_check
from suara.parties.checks.tests.support import listing, nik_of
from suara.parties.models import Member
from suara.parties.services import parties_load

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_a_party_operator_sees_double_memberships_and_withdraws_one(
    transactional_db, live_server, pemilu_2024, geography, page
):
    parties_load(actor="test")
    pkb, gerindra = (pemilu_2024.parties.get(number=n) for n in (1, 2))
    mine = listing(pkb, nik_of(1), name="Siti Aminah")
    theirs = listing(gerindra, nik_of(1), name="Siti Aminah", occupation="Catatan rahasia Gerindra")
    listing(pkb, nik_of(2), name="Joko Susilo")
    members_check(election=pemilu_2024)
    make_officer("op_pkb", "party_operator", pkb.code)
    expect = playwright_api.expect
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    try:
        page.goto(live_server.url + "/masuk/")
        page.fill('input[name="username"]', "op_pkb")
        page.fill('input[name="password"]', "correct-horse-battery-staple")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(live_server.url + "/petugas/partai/ganda/")
        table = page.locator("#doubles")
        expect(table).to_contain_text("Siti Aminah")
        expect(table).to_contain_text(gerindra.name)
        expect(page.locator("main")).not_to_contain_text("Joko Susilo")
        expect(page.locator("main")).not_to_contain_text("Catatan rahasia")
        expect(page.locator("main")).not_to_contain_text(mine.nik)
        table.locator(f'tr[data-listing="{mine.pk}"] button').click()
        expect(page.locator("main")).to_contain_text("ditarik")
        expect(page.locator("main")).to_contain_text("Tidak ada keanggotaan ganda")
        assert problems == []
        mine.refresh_from_db(), theirs.refresh_from_db()
        assert mine.removed_reason == Member.Removal.WITHDRAWN
        assert theirs.removed_at is None and theirs.status == "MS"
    finally:
        connections.close_all()
