"""The city's Diskominfo (the pemkot role) in a real Chromium on a phone-sized screen: signs in (two steps),
opens the network readiness dashboard from its dashboard, sees Kota Depok's TPS by class, goes down to a
desa and a blank-spot TPS, plans an action for it and moves it on; the pages load nothing the CSP refuses."""

import pytest

from suara.accounts.two_factor_testing import authenticator_for, current_code
from suara.audit.actors import Actor
from suara.network.models import Remediation
from suara.network.services import survey_record
from suara.network.tests.conftest import DESA, KECAMATAN, TPS_1, TPS_2

playwright_api = pytest.importorskip("playwright.sync_api")
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def operators_loaded(transactional_db):
    """The operators the migration loads: a transactional test's database was flushed by the one before."""
    import importlib

    from django.apps import apps

    from suara.core import caches

    migration = importlib.import_module("suara.network.migrations.0001_initial")
    migration.operators_load(apps, None)
    caches.clear_all()


@pytest.mark.browser
def test_diskominfo_sees_the_dashboard_and_records_an_action(
    transactional_db, operators_loaded, live_server, people, page, browser_db
):
    expect = playwright_api.expect
    survey_record(actor=Actor.of(people["kpps"]), tps=TPS_1, readings=[("telkomsel", "4g")])
    survey_record(actor=Actor.of(people["pps"]), tps=TPS_2, readings=[("telkomsel", "none"), ("xl", "none")])
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

    page.get_by_role("link", name="Kesiapan jaringan TPS").click()
    expect(page.locator("h1")).to_contain_text("DEPOK")
    expect(page.locator('.network-totals li[data-class="blank_spot"] strong')).to_have_text("1")
    expect(page.locator('.network-totals li[data-class="siap"] strong')).to_have_text("1")
    page.locator(f'tr[data-code="{KECAMATAN}"] a').click()
    page.locator(f'tr[data-code="{DESA}"] a').click()
    page.locator(f'tr[data-code="{TPS_2}"] a').click()
    expect(page.locator(".network-class")).to_have_attribute("data-class", "blank_spot")

    page.get_by_role("link", name="Rencanakan tindakan").click()
    expect(page.locator("#act-tps")).to_have_value(TPS_2)
    page.select_option("#act-kind", "satellite")
    page.fill("#act-owner", "Bidang TIK Diskominfo Depok")
    page.fill("#act-due", "2024-02-10")
    page.locator("form.network-action-new button[type=submit]").click()
    expect(page.locator(".network-status")).to_have_attribute("data-status", "open")
    expect(page.locator(".network-action-tps")).to_contain_text(TPS_2)

    page.select_option("#chg-status", "in_progress")
    page.locator("form.network-action-change button[type=submit]").click()
    expect(page.locator(".network-status")).to_have_attribute("data-status", "in_progress")
    expect(page.locator('.network-history li[data-version="2"]')).to_contain_text("status")
    action = Remediation.objects.get()
    assert (action.remedy, action.status, action.version) == ("satellite", "in_progress", 2)

    response = page.goto(f"{live_server.url}/petugas/jaringan/wilayah/3275/")  # Kota Bekasi
    assert response.status == 403
    assert problems == []
