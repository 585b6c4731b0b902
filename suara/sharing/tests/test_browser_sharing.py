"""An extract under an agreement traced back from a leaked copy, in a real Chromium: KPU RI approves the
agreement KPU Kota Depok drafted, requests its extract, downloads it; the trace page, given that file, names
the extract and its recipient. No NIK travels in a URL; nothing breaks the Content-Security-Policy."""

from __future__ import annotations

import pytest

from suara.sharing.models import Agreement, Extract
from suara.sharing.tests.support import agreement

playwright_api = pytest.importorskip("playwright.sync_api")
PASSWORD = "correct-horse-battery-staple"  # conftest.make_officer's


def sign_in(page, live_server, username: str) -> None:
    """Signs in as an officer does, with the second step KPU's roles take."""
    from suara.accounts.models import User
    from suara.accounts.two_factor_testing import authenticator_for, current_code

    device = authenticator_for(User.objects.get(username=username))
    page.goto(live_server.url + "/masuk/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form.form button[type=submit]").click()
    playwright_api.expect(page).to_have_url(live_server.url + "/masuk/kode/")
    page.fill('input[name="code"]', current_code(device))
    page.locator("form.form button[type=submit]").click()
    playwright_api.expect(page).to_have_url(live_server.url + "/dasbor/")


@pytest.mark.browser
def test_an_extract_under_an_agreement_is_traced_back_from_a_leaked_copy(
    transactional_db, live_server, people, register, page, browser_db, tmp_path
):
    expect = playwright_api.expect
    problems, urls = [], []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))
    draft = agreement(people["kpu_depok"])

    sign_in(page, live_server, "kpu_ri")
    page.get_by_role("link", name="Berbagi data pemilih").click()
    page.get_by_role("link", name="Dinas Kesehatan Kota Depok").click()
    expect(page).to_have_url(f"{live_server.url}/petugas/berbagi-data/{draft.pk}/")
    page.get_by_role("button", name="Setujui perjanjian").click()
    expect(page.locator(".sharing-state")).to_have_text("Berlaku")
    assert Agreement.objects.get().status == "approved"

    page.get_by_role("button", name="Minta ekstrak").click()  # the job runs as it commits (immediate backend)
    expect(page.get_by_role("status").first).to_contain_text("Ekstrak diminta sebagai tugas")
    record = Extract.objects.get()
    with page.expect_download() as caught:
        page.get_by_role("link", name="Unduh CSV").click()
    leaked = tmp_path / "bocor.csv"
    caught.value.save_as(leaked)
    assert leaked.read_text().startswith("id_baris,nama,usia,jenis_kelamin,alamat,rt,rw,kode_desa\n")

    page.goto(live_server.url + "/petugas/berbagi-data/")
    page.get_by_role("link", name="Telusuri berkas bocor").click()
    page.get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(leaked))
    page.get_by_role("button", name="Telusuri").click()
    named = page.locator("[data-recipient]")
    expect(named).to_contain_text(f"Berkas ini berasal dari ekstrak #{record.pk} untuk Dinas Kesehatan Kota Depok.")
    expect(page.locator(f'tr[data-match="extract-{record.pk}"]')).to_contain_text("5 / 5")

    assert not any(v.nik in url or v.name in url for url in urls for v in register)
    assert problems == []
