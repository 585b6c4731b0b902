"""A KPU kab/kota verifier in a real Chromium on a phone-sized screen: signs in, draws a party's sample,
records an attempt for a sampled member while the phone is offline (the entry waits in the browser's
queue and is sent when the network is back), decides the member and finalises the kab/kota's result.
No NIK ever travels in a URL; the page breaks no Content Security Policy."""

import pytest
from django.utils import timezone

from suara.accounts.two_factor_testing import authenticator_for, current_code
from suara.audit.actors import Actor
from suara.parties.models import VerificationAttempt, VerificationSample
from suara.parties.verification import services

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_a_verifier_records_a_visit_offline_decides_and_finalises(
    transactional_db, live_server, parties, verifiers, listings, page, browser_db
):
    members = listings(parties["pkb"], 10)
    depok = verifiers["depok"]
    device = authenticator_for(depok)
    expect = playwright_api.expect
    problems, urls = [], []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("request", lambda request: urls.append(request.url))

    page.goto(live_server.url + "/masuk/")
    page.fill('input[name="username"]', "kpu_depok")
    page.fill('input[name="password"]', "correct-horse-battery-staple")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/masuk/kode/")
    page.fill('input[name="code"]', current_code(device))
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/dasbor/")

    page.goto(live_server.url + "/petugas/partai/verifikasi/")
    page.get_by_label("Partai").select_option(str(parties["pkb"].pk))
    page.get_by_role("button", name="Ambil sampel").click()
    sample = VerificationSample.objects.get()
    expect(page).to_have_url(f"{live_server.url}/petugas/partai/verifikasi/{sample.pk}/")
    expect(page.locator("[data-seed]")).to_have_text(sample.seed)

    # Nine members were visited and confirmed already; the tenth is this test's.
    drawn = list(sample.members.order_by("number"))
    for sampled in drawn[:-1]:
        services.attempt_record(
            actor=Actor.of(depok),
            sample_id=sample.pk,
            sampled_id=sampled.pk,
            method="rumah",
            finding="confirmed",
            attempted_at=timezone.now(),
            key=f"earlier-{sampled.pk:08d}",
        )
        services.member_decide(
            actor=Actor.of(depok),
            sample_id=sample.pk,
            sampled_id=sampled.pk,
            outcome="confirmed",
            key=f"decide-{sampled.pk:08d}",
        )
    last = drawn[-1]
    page.reload()
    card = page.locator(f"#m{last.pk}")

    page.context.set_offline(True)
    card.get_by_label("Cara").select_option("rumah")
    card.get_by_label("Temuan").select_option("confirmed")
    card.get_by_role("button", name="Simpan upaya").click()
    expect(page.locator("[data-queue-status]")).to_contain_text("1 entri menunggu dikirim")
    assert not VerificationAttempt.objects.filter(sampled=last).exists()

    page.context.set_offline(False)  # back online: the queue is sent, and the page shows what was recorded
    expect(card.locator(".verif-attempts")).to_contain_text("Kunjungan ke rumah")
    assert VerificationAttempt.objects.filter(sampled=last).count() == 1

    card.get_by_label("Hasil verifikasi").select_option("confirmed")
    card.get_by_role("button", name="Simpan keputusan").click()
    expect(card.locator(".verif-member__state")).to_contain_text("MS")

    page.get_by_role("button", name="Tetapkan hasil kabupaten/kota").click()
    expect(page.locator("[data-result]")).to_have_attribute("data-result", "MS")
    sample.refresh_from_db()
    assert (sample.result, sample.ms_count) == ("MS", 10)
    assert not any(m.nik in url for url in urls for m in members)
    assert problems == []
