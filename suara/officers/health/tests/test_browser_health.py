"""A KPPS chair misses a check-in and the health officer sees the alert, in a real Chromium on a phone-sized
screen: the chair checks in at the opening from the phone page, misses the closing's check-in, the
periodic check runs (frozen at 13.31 WIB on voting day) and the region's health officer finds the TPS
among the overdue check-ins on the dashboard and on the alerts page. No personal data in a URL; the pages
break no Content Security Policy."""

from datetime import UTC, datetime

import pytest

from conftest import sign_in_as
from suara.officers.health import services_election_day
from suara.officers.health.tests.support import TPS
from suara.officers.models import CheckIn

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_a_kpps_chair_misses_a_check_in_and_the_health_officer_sees_the_alert(
    transactional_db, live_server, election, roster, accounts, page, browser_db
):
    expect = playwright_api.expect
    problems, urls = [], []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))

    sign_in_as(page, live_server, accounts["kpps"])
    page.goto(live_server.url + "/petugas/adhoc/kesehatan/lapor/")
    expect(page.get_by_role("heading", name="Lapor kesehatan petugas TPS")).to_be_visible()
    page.get_by_label("Jadwal", exact=True).select_option("buka")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator('[data-slot="buka"]')).to_contain_text("semua sehat")
    expect(page.locator('[data-slot="tutup"]')).to_contain_text("belum")
    assert CheckIn.objects.filter(tps_code=TPS, slot="buka").exists()

    # The closing's check-in never comes: at 13.31 WIB the periodic check raises the alert.
    services_election_day.checkin_alerts_compute(now=datetime(2024, 2, 14, 6, 31, tzinfo=UTC))

    sign_in_as(page, live_server, accounts["health"])
    page.goto(live_server.url + "/petugas/adhoc/kesehatan/")
    overdue = page.locator(f'[data-overdue="{TPS}"]')
    expect(overdue).to_contain_text(TPS)
    expect(overdue).to_contain_text("tutup")
    page.goto(live_server.url + "/petugas/adhoc/kesehatan/peringatan/")
    expect(page.locator("[data-alert=missed]").filter(has_text=TPS)).to_contain_text("Penutupan pemungutan")

    assert not problems, problems
    assert not any(o.nik in u for u in urls for o in [roster["chair"], *roster["members"]])
