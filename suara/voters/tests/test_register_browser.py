"""The register in a real Chromium: a PPS opens its desa's register, opens a voter, is refused a TMS
without evidence (the rule shows at the field), gives it and sees the voter TMS; a KPU kab/kota starts the
DPB report as a job, follows it to its end and downloads the result. No NIK ever travels in a URL, and
nothing breaks the site's Content-Security-Policy."""

from __future__ import annotations

import pytest

from suara.jobs import services as job_services
from suara.jobs.models import Job
from suara.jobs.runner import job_run
from suara.voters.models import Voter
from suara.voters.tests.register_fixtures import DESA, PASSWORD

playwright_api = pytest.importorskip("playwright.sync_api")


def watch(page) -> tuple[list, list]:
    problems, urls = [], []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))
    return problems, urls


def sign_in(page, live_server, username: str) -> None:
    """Signs in as an operator would; the KPU and PPS roles manage accounts, so with their second step."""
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
def test_a_pps_marks_a_voter_tms_in_the_browser(transactional_db, live_server, dpb_voters, page, browser_db):
    expect = playwright_api.expect
    problems, urls = watch(page)
    voter = dpb_voters[0]
    sign_in(page, live_server, "pps_depok")
    page.get_by_role("link", name="Daftar pemilih (DPB)").click()
    expect(page).to_have_url(live_server.url + "/petugas/pemilih/")
    page.fill('input[name="desa"]', DESA)
    page.get_by_role("button", name="Buka").click()
    expect(page).to_have_url(f"{live_server.url}/petugas/pemilih/desa/{DESA}/")
    table = page.locator("table.register-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table).not_to_contain_text(voter.nik)
    page.get_by_role("link", name=voter.name).click()
    expect(page).to_have_url(f"{live_server.url}/petugas/pemilih/{voter.pk}/")

    page.select_option('select[name="tms-tms_code"]', "1")
    page.get_by_role("button", name="Tandai TMS").click()  # no evidence: the service refuses
    expect(page.locator(".form__error")).to_contain_text("Keterangan dan dasar (bukti) perubahan wajib diisi.")
    assert Voter.objects.get(pk=voter.pk).status == "aktif"
    page.fill('textarea[name="tms-note"]', "Akta kematian no. 12/2026")
    page.get_by_role("button", name="Tandai TMS").click()
    expect(page.get_by_role("status")).to_contain_text(f"Perubahan pemilih #{voter.pk} disimpan.")
    expect(page.locator("#voter-status")).to_contain_text("Tidak memenuhi syarat (kode 1: Meninggal dunia)")
    expect(page.locator(".register-history")).to_contain_text("Akta kematian no. 12/2026")

    voter.refresh_from_db()
    assert (voter.status, voter.tms_code) == ("tms", 1)
    assert not any(v.nik in url for url in urls for v in dpb_voters)
    assert problems == []


@pytest.mark.browser
def test_a_kabkota_operator_runs_the_dpb_report_and_downloads_it(
    transactional_db, live_server, dpb_voters, page, browser_db, settings, tmp_path, monkeypatch
):
    settings.PRIVATE_DIR = tmp_path / "private"
    # The job stays queued until the test runs it, as a busy worker would leave it, so the page's script
    # has a running job to follow.
    monkeypatch.setattr(job_services, "_enqueue", lambda job_id: None)
    expect = playwright_api.expect
    problems, _urls = watch(page)
    sign_in(page, live_server, "kpu_depok")
    page.goto(live_server.url + "/petugas/pemilih/tugas/")
    report = page.locator("section", has=page.get_by_role("heading", name="Rekap DPB (XLSX/PDF)"))
    expect(report.locator('input[name="report_dpb-region"]')).to_have_value("3276")
    report.locator('select[name="report_dpb-format"]').select_option("xlsx")
    report.get_by_role("button", name="Mulai").click()
    job = Job.objects.get()
    expect(page).to_have_url(f"{live_server.url}/petugas/tugas/{job.pk}/")
    expect(page.locator("#job-status")).to_have_text("Menunggu")
    expect(page.locator("#job-progress")).to_have_attribute("value", "0")
    # The script polls; once one poll has been answered, the next waits in the browser (the route's handler
    # runs only when the test calls Playwright again), so the job runs with no request reading SQLite's
    # in-memory tables at the same moment ("database table is locked").
    status_url = f"{live_server.url}/petugas/tugas/{job.pk}/status/"
    page.route(status_url, lambda route: route.continue_())
    with page.expect_response(status_url):
        pass
    assert job_run(job.pk) == "done"
    expect(page.locator("#job-status")).to_have_text("Selesai")  # the script saw the end and reloaded
    expect(page.locator("#job-progress")).to_have_attribute("value", "100")
    with page.expect_download() as caught:
        page.get_by_role("link", name="Unduh hasil").click()
    download = caught.value
    assert download.suggested_filename == f"tugas-{job.pk}-rekap-dpb-3276.xlsx"
    assert download.path().read_bytes()[:2] == b"PK"
    assert problems == []


@pytest.mark.browser
def test_an_operator_follows_a_running_job_in_english_to_its_end_and_downloads_the_result(
    transactional_db, live_server, dpb_voters, page, browser_db, settings, tmp_path, monkeypatch
):
    """The job runs on a worker thread, held after its first progress report: the page's script moves the
    bar and the message while it runs, and reloads at the end to show the result. In English: the labels,
    the state and the message are translated."""
    import threading

    from suara.voters.reports import dpb as report_dpb

    settings.PRIVATE_DIR = tmp_path / "private"
    settings.SUARA_JOB_HEARTBEAT_SECONDS = 0.2
    held, release = threading.Event(), threading.Event()
    real_recap = report_dpb.dpb_recap

    def held_recap(**kwargs):
        held.set()
        release.wait(30)
        return real_recap(**kwargs)

    monkeypatch.setattr(report_dpb, "dpb_recap", held_recap)
    workers = []

    def worker(job_id):
        thread = threading.Thread(target=job_run, args=(job_id,))
        workers.append(thread)
        thread.start()

    monkeypatch.setattr(job_services, "_enqueue", worker)
    expect = playwright_api.expect
    problems, _urls = watch(page)
    sign_in(page, live_server, "kpu_depok")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    try:
        page.goto(live_server.url + "/petugas/pemilih/tugas/")
        report = page.locator("section", has=page.get_by_role("heading", name="DPB recap (XLSX/PDF)"))
        report.locator('select[name="report_dpb-format"]').select_option("xlsx")
        report.get_by_role("button", name="Start").click()
        job = Job.objects.get()
        expect(page).to_have_url(f"{live_server.url}/petugas/tugas/{job.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("DPB recap")
        assert held.wait(20)
        expect(page.locator("#job-status")).to_have_text("Running")  # moved by the script, not a reload
        expect(page.locator("#job-progress")).to_have_attribute("value", "5")
        expect(page.locator("#job-message")).to_have_text("Computing the recap")
        release.set()
        expect(page.locator("#job-status")).to_have_text("Done")
        expect(page.locator("#job-progress")).to_have_attribute("value", "100")
        with page.expect_download() as caught:
            page.get_by_role("link", name="Download result").click()
        download = caught.value
        assert download.suggested_filename == f"tugas-{job.pk}-rekap-dpb-3276.xlsx"
        assert download.path().read_bytes()[:2] == b"PK"
        page.goto(live_server.url + "/petugas/tugas/")
        expect(page.locator("table.jobs-table")).to_contain_text(f"#{job.pk} DPB recap")
        assert problems == []
    finally:
        release.set()
        for thread in workers:
            thread.join(30)
