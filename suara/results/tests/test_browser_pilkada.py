"""The Kota Depok mayoral contest of the 2024 Pilkada in a real Chromium: its public page heads with the
kota and its real pairs, a KPPS types the TPS's form C.Hasil for that contest, and once the recap folds it
the contest's own count moves (1 TPS reported, the pairs' votes)."""

import re

import pytest

from conftest import photo_bytes
from suara.audit.actors import Actor
from suara.elections.models import Election
from suara.results.geography import count_geography_prepare
from suara.results.models import CountRegion, TpsResult
from suara.results.recap.fold import recap_fold
from suara.results.tests.support import PASSWORD, TALLY, standalone

playwright_api = pytest.importorskip("playwright.sync_api")

CONTEST = "pilbup-2024-3276"
TPS = "3276011006001"
# The same TPS's numbers, on the mayoral ballot's two pairs.
DEPOK_TALLY = {**{k: v for k, v in TALLY.items() if not k.startswith("votes.")}, "votes.1": 102, "votes.2": 161}


@pytest.mark.browser
def test_a_kpps_result_moves_the_depok_mayoral_count(
    transactional_db, live_server, counting, officers, page, browser_db, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    pilkada = Election.objects.get(slug="pilkada-2024")
    count_geography_prepare(election=pilkada, actor=Actor.named("test"))
    expected = CountRegion.objects.get(election=pilkada, code="3276").tps_expected
    photo = tmp_path / "c-hasil-walikota.jpg"
    photo.write_bytes(photo_bytes())
    expect = playwright_api.expect
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    # From the list of results to the contest's own page: Kota Depok at the top, not the nation.
    page.goto(live_server.url + "/hasil/")
    page.locator("details.contest-more summary").first.click()
    page.get_by_role("link", name="Pemilihan Wali Kota dan Wakil Wali Kota Depok 2024").click()
    expect(page).to_have_url(f"{live_server.url}/hasil/{CONTEST}/")
    expect(page.locator("main h1")).to_have_text("Kota Depok")
    main = page.locator("main")
    expect(main).to_contain_text("Imam Budi Hartono – Ririn Farabi Arafiq")
    expect(main).to_contain_text("Supian Suri – Chandra Rahmansyah")
    expect(main).to_contain_text(f"0 dari {expected:,} TPS".replace(",", "."))
    expect(main).not_to_contain_text("Nasional")

    page.goto(live_server.url + "/masuk/")
    page.fill('input[name="username"]', "kpps_001")
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/dasbor/")
    page.goto(live_server.url + "/petugas/hasil/")
    expect(page.locator("table.entry-list")).to_contain_text("Kota Depok")  # its Pilkada ballots beside the Pemilu's
    page.goto(f"{live_server.url}/petugas/hasil/{CONTEST}/{TPS}/")
    for field, value in DEPOK_TALLY.items():
        page.fill(f'input[name="{field}"]', str(value))
    expect(page.locator("#rule-summary")).to_be_hidden()
    page.set_input_files('input[name="photos"]', str(photo))
    page.locator("[data-submit]").click()
    expect(page).to_have_url(re.compile(rf"/petugas/hasil/{CONTEST}/{TPS}/terkirim/\d+/$"))
    assert TpsResult.objects.get(contest__slug=CONTEST).tally == DEPOK_TALLY

    recap_fold()
    page.goto(f"{live_server.url}/hasil/{CONTEST}/")
    page.reload()
    expect(main).to_contain_text(f"1 dari {expected:,} TPS".replace(",", "."))
    expect(main).to_contain_text(standalone(161))
    expect(main).to_contain_text(standalone(102))
    page.get_by_role("link", name="Pancoran Mas").first.click()
    expect(page).to_have_url(f"{live_server.url}/hasil/{CONTEST}/wilayah/327601/")
    expect(page.locator("nav").filter(has_text="Kota Depok").first).to_be_visible()
    assert problems == []
