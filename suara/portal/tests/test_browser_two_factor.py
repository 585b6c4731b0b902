"""A PPK signs in with two factors in a real Chromium: first time, the password leads to enrolment (QR
code and key, a code from the "phone", backup codes shown once); next time, the password leads to the
code page, where a backup code signs in. No inline code or outside resource breaks the strict CSP."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from suara.accounts.models import RoleAssignment, User

playwright_api = pytest.importorskip("playwright.sync_api")

PASSWORD = "kotak-suara-2024"


def phone_code(secret: str) -> str:
    """What an authenticator app shows for the key typed in from the page."""
    return f"{totp(b32decode(secret.replace(' ', ''))):06d}"


@pytest.mark.browser
def test_a_ppk_signs_in_with_an_authenticator_then_a_backup_code(transactional_db, live_server, geography, page):
    user = User.objects.create_user("ppk.pancoranmas", password=PASSWORD)
    RoleAssignment.objects.create(user=user, role="ppk", scope="327601")
    expect = playwright_api.expect
    problems = []
    # A CSP violation (an inline script or style, an outside resource) or a script error shows up here.
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    def password_step():
        page.goto(live_server.url + "/masuk/")
        page.fill('input[name="username"]', "ppk.pancoranmas")
        page.fill('input[name="password"]', PASSWORD)
        page.locator("form.form button[type=submit]").click()

    password_step()
    expect(page).to_have_url(live_server.url + "/masuk/dua-langkah/")
    expect(page.locator("h1")).to_have_text("Aktifkan verifikasi dua langkah")
    expect(page.locator("figure.qr svg")).to_be_visible()
    secret = page.locator("[data-otp-secret]").inner_text()
    page.goto(live_server.url + "/dasbor/")  # nothing else opens before enrolment
    expect(page).to_have_url(f"{live_server.url}/masuk/?next=/dasbor/")
    page.goto(live_server.url + "/masuk/dua-langkah/")
    expect(page.locator("[data-otp-secret]")).to_have_text(secret)
    page.get_by_label("Kode dari aplikasi").fill(phone_code(secret))
    page.get_by_role("button", name="Aktifkan").click()

    expect(page.locator("h1")).to_have_text("Verifikasi dua langkah aktif")
    codes = page.locator("[data-backup-codes] code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    expect(page).to_have_url(live_server.url + "/dasbor/")
    expect(page.get_by_role("link", name="Koreksi hasil TPS")).to_be_visible()
    expect(page.locator('[data-two-factor="aktif"]')).to_be_visible()

    page.get_by_role("button", name="Keluar").click()
    password_step()
    expect(page).to_have_url(live_server.url + "/masuk/kode/")
    page.get_by_label("Kode").fill("999999")
    page.get_by_role("button", name="Masuk").last.click()
    expect(page.locator('[data-code="invalid_otp"]')).to_be_visible()
    page.get_by_label("Kode").fill(codes[0])
    page.get_by_role("button", name="Masuk").last.click()
    expect(page).to_have_url(live_server.url + "/dasbor/")
    assert problems == []
