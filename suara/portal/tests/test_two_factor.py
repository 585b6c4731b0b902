"""Two-factor sign-in: required for the roles that approve corrections, lock recaps or manage accounts,
optional for the others; enrolment with a QR code, the second step, backup codes, and the lockout."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from suara.accounts.models import RoleAssignment, User
from suara.accounts.roles import ALLOWED, Action, Role
from suara.accounts.two_factor import TWO_FACTOR_ROLES, two_factor_required
from suara.accounts.two_factor_testing import authenticator_for, current_code
from suara.audit.models import AuditEvent
from suara.portal import pending_sign_in

pytestmark = pytest.mark.django_db

PASSWORD = "kotak-suara-2024"


def officer(username: str, role: str, scope: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    RoleAssignment.objects.create(user=user, role=role, scope=scope)
    return user


@pytest.fixture
def ppk(geography):
    return officer("ppk.pancoranmas", "ppk", "327601")


@pytest.fixture
def kpps(geography):
    return officer("kpps.001", "kpps", "3276011006001")


def sign_in(client: Client, username: str, next_url: str = "") -> str:
    response = client.post(
        f"/masuk/{'?next=' + next_url if next_url else ''}", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response["Location"]


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("role", list(Role))
def test_the_roles_that_approve_lock_manage_or_watch_need_two_factor(db, role):
    actions = (
        Action.APPROVE_CORRECTION,
        Action.LOCK_RECAP,
        Action.MANAGE_USERS,
        Action.WATCH_MEMBERSHIP,
        Action.VIEW_HEALTH,
    )
    needs = any(role in ALLOWED[a] for a in actions)
    assert (role in TWO_FACTOR_ROLES) == needs
    user = User.objects.create_user(f"u-{role.value}")
    RoleAssignment.objects.create(user=user, role=role.value, scope="")
    assert two_factor_required(user) == needs


def test_kpu_and_ppk_need_two_factor_and_kpps_does_not():
    # The city's viewer creates its field officers' accounts (officers.city), so it signs in with two steps;
    # an organisation's watchlists and a health officer's records are personal data.
    assert {Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA, Role.PPK, Role.PEMKOT_VIEWER} <= TWO_FACTOR_ROLES
    assert {Role.ORGANISATION_OPERATOR, Role.HEALTH_OFFICER} <= TWO_FACTOR_ROLES
    assert not {Role.KPPS, Role.INTEGRATOR, Role.CITY_FIELD_OFFICER} & TWO_FACTOR_ROLES


def test_a_ppk_enrols_at_first_sign_in_before_anything_else(client, ppk):
    assert sign_in(client, ppk.username) == "/masuk/dua-langkah/"
    assert not signed_in(client)
    assert client.get("/dasbor/")["Location"].startswith("/masuk/")  # nothing else opens meanwhile

    page = client.get("/masuk/dua-langkah/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "Aktifkan verifikasi dua langkah" in html
    assert "<script" not in html and " style=" not in html  # the strict CSP: no inline script or style
    secret = re.search(r"data-otp-secret>([A-Z2-7 ]+)<", html).group(1)
    device = TOTPDevice.objects.get(user=ppk, confirmed=False)
    assert secret.replace(" ", "") in device.config_url
    assert client.get("/masuk/dua-langkah/").content.decode().count(secret) == 1  # the same secret on reload

    wrong = client.post("/masuk/dua-langkah/", {"code": "000000"})
    assert wrong.status_code == 400 and 'data-code="invalid_otp"' in wrong.content.decode()
    assert not signed_in(client)

    device.throttle_reset()  # django-otp's own backoff after a failure (a second here)
    done = client.post("/masuk/dua-langkah/", {"code": current_code(device)})
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", done.content.decode())
    assert done.status_code == 200 and len(set(codes)) == 10
    assert signed_in(client) and client.get("/dasbor/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="accounts.two_factor_enrol").count() == 1
    # Backup codes are kept as keyed hashes only.
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)


def test_an_enrolled_ppk_gives_a_code_after_the_password(client, ppk):
    device = authenticator_for(ppk)
    assert sign_in(client, ppk.username, next_url="/petugas/rekap/") == "/masuk/kode/"
    assert not signed_in(client)
    assert client.get("/masuk/dua-langkah/")["Location"] == "/masuk/kode/"  # no second device with a password
    assert TOTPDevice.objects.filter(user=ppk).count() == 1

    wrong = client.post("/masuk/kode/", {"code": "123456"})
    assert wrong.status_code == 400 and 'data-code="invalid_otp"' in wrong.content.decode()
    assert not signed_in(client)
    device.throttle_reset()  # django-otp's own backoff after a failure; the lockout is tested below
    right = client.post("/masuk/kode/", {"code": current_code(device)})
    assert right.status_code == 302 and right["Location"] == "/petugas/rekap/"
    assert signed_in(client) and client.session["otp_device_id"] == device.persistent_id


def test_a_backup_code_signs_in_once(ppk):
    enrolling = Client()
    sign_in(enrolling, ppk.username)
    enrolling.get("/masuk/dua-langkah/")
    device = TOTPDevice.objects.get(user=ppk)
    html = enrolling.post("/masuk/dua-langkah/", {"code": current_code(device)}).content.decode()
    code = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", html)[0]

    first = Client()
    sign_in(first, ppk.username)
    assert first.post("/masuk/kode/", {"code": code.upper().replace("-", " ")}).status_code == 302
    again = Client()
    sign_in(again, ppk.username)
    assert again.post("/masuk/kode/", {"code": code}).status_code == 400
    assert not signed_in(again)
    assert StaticToken.objects.count() == 9


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, ppk):
    device = authenticator_for(ppk)
    sign_in(client, ppk.username)
    statuses = []
    for _ in range(10):
        device.throttle_reset()
        statuses.append(client.post("/masuk/kode/", {"code": "000000"}).status_code)
    assert statuses == [400] * 9 + [429]
    locked = Client().post("/masuk/", {"username": ppk.username, "password": PASSWORD})
    assert locked.status_code == 429 and 'data-code="account_locked"' in locked.content.decode()


def test_a_pending_sign_in_expires(client, ppk, monkeypatch):
    authenticator_for(ppk)
    sign_in(client, ppk.username)
    later = pending_sign_in.time.time() + pending_sign_in.PENDING_SECONDS + 1
    monkeypatch.setattr(pending_sign_in.time, "time", lambda: later)
    assert client.get("/masuk/kode/")["Location"] == "/masuk/"
    assert client.get("/masuk/dua-langkah/")["Location"] == "/masuk/"


def test_the_second_step_without_a_password_goes_to_sign_in(client, db):
    assert client.get("/masuk/kode/")["Location"] == "/masuk/"
    assert client.post("/masuk/kode/", {"code": "123456"})["Location"] == "/masuk/"
    assert client.get("/masuk/dua-langkah/")["Location"] == "/masuk/"


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abc", "１２３４５６", "x" * 5000, "aaaaa-aaaaa"])
def test_odd_codes_are_refused_plainly(client, ppk, code):
    authenticator_for(ppk)
    sign_in(client, ppk.username)
    assert client.post("/masuk/kode/", {"code": code}).status_code == 400


def test_two_factor_is_optional_for_a_kpps_and_then_asked_every_time(client, kpps):
    assert sign_in(client, kpps.username) == "/dasbor/"
    dashboard = client.get("/dasbor/").content.decode()
    assert 'data-two-factor="tidak"' in dashboard
    enrol = client.get("/masuk/dua-langkah/")
    assert enrol.status_code == 200 and "<svg" in enrol.content.decode()
    device = TOTPDevice.objects.get(user=kpps)
    assert client.post("/masuk/dua-langkah/", {"code": current_code(device)}).status_code == 200
    assert 'data-two-factor="aktif"' in client.get("/dasbor/").content.decode()
    assert "Tersisa 10 kode cadangan" in client.get("/masuk/dua-langkah/").content.decode()

    other = Client()
    assert sign_in(other, kpps.username) == "/masuk/kode/"


def test_a_supervisor_resets_a_lost_phone(ppk, capsys):
    authenticator_for(ppk)
    call_command("reset_two_factor", ppk.username)
    assert not TOTPDevice.objects.filter(user=ppk).exists()
    assert AuditEvent.objects.filter(action="accounts.two_factor_reset").count() == 1
    assert sign_in(Client(), ppk.username) == "/masuk/dua-langkah/"


def test_the_pages_in_english(ppk):
    client = Client()
    client.cookies["django_language"] = "en"
    sign_in(client, ppk.username)
    assert "Turn on two-step verification" in client.get("/masuk/dua-langkah/").content.decode()


def test_a_role_that_needs_two_factor_gained_while_signed_in_asks_for_it_at_once(client, kpps):
    assert sign_in(client, kpps.username) == "/dasbor/"
    assert client.get("/dasbor/").status_code == 200
    RoleAssignment.objects.create(user=kpps, role="ppk", scope="327601")

    response = client.get("/petugas/koreksi/")
    assert response.status_code == 302 and response["Location"] == "/masuk/dua-langkah/"
    assert not signed_in(client)  # the password-only session is over
    assert client.get("/dasbor/")["Location"].startswith("/masuk/")

    assert client.get("/masuk/dua-langkah/").status_code == 200  # the enrolment, during the pending sign-in
    device = TOTPDevice.objects.get(user=kpps)
    assert client.post("/masuk/dua-langkah/", {"code": current_code(device)}).status_code == 200
    assert signed_in(client)
    assert client.get("/petugas/koreksi/").status_code == 200


def test_a_session_that_passed_the_second_step_keeps_its_new_role(client, kpps):
    device = authenticator_for(kpps)
    assert sign_in(client, kpps.username) == "/masuk/kode/"
    assert client.post("/masuk/kode/", {"code": current_code(device)}).status_code == 302
    RoleAssignment.objects.create(user=kpps, role="ppk", scope="327601")
    assert client.get("/petugas/koreksi/").status_code == 200
