"""Sign-in lockout: failures count per account and per address, successes never; one NAT address carries
many officers; a locked account is locked for everyone, and only it."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from suara.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "kotak-suara-2024"
NAT = "36.68.10.20"  # one carrier-grade NAT address in front of many officers


def sign_in(username: str, password: str = PASSWORD, *, address: str = NAT, client: Client | None = None):
    client = client or Client(REMOTE_ADDR=address)
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def officers(db):
    return [User.objects.create_user(f"kpps.{n:03d}", password=PASSWORD) for n in range(50)]


def test_two_hundred_sign_ins_from_one_address_all_succeed(officers):
    for round_ in range(4):
        for officer in officers:
            if round_ == 0:  # a typing slip each, as on a real election night
                assert sign_in(officer.username, "salah-ketik").status_code == 200
            response = sign_in(officer.username)
            assert response.status_code == 302, (round_, officer.username)
            assert response["Location"] == "/dasbor/"
    assert not AccessLog.objects.exists()  # successes leave nothing behind


def test_ten_failures_lock_that_account_alone_for_the_cool_off(officers, settings):
    target, neighbour = officers[0], officers[1]
    addresses = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]
    statuses = [sign_in(target.username, f"tebakan-{n}", address=addresses[n % 4]).status_code for n in range(40)]
    assert statuses[:9] == [200] * 9  # the form again, with "wrong password"
    assert statuses[9:] == [429] * 31  # the tenth failure locks; nothing after it is tried

    locked = sign_in(target.username, address="10.9.9.9")  # the right password, from a fresh address
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) <= settings.SUARA_LOGIN_COOLOFF_MINUTES * 60
    html = locked.content.decode()
    assert 'data-code="account_locked"' in html and "Akun ini dikunci sementara" in html
    assert "_auth_user_id" not in Client().session

    # Others behind the same addresses sign in as usual.
    for address in addresses:
        assert sign_in(neighbour.username, address=address).status_code == 302

    # After the cool-off, the account opens again.
    latest = AccessAttempt.objects.get(ip_address="10.0.0.1").attempt_time
    AccessAttempt.objects.update(attempt_time=latest - timedelta(minutes=16))
    assert sign_in(target.username, address="10.0.0.1").status_code == 302


def test_the_lockout_message_in_english(officers):
    client = Client(REMOTE_ADDR=NAT, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    for n in range(10):
        sign_in(officers[0].username, f"tebakan-{n}", client=client)
    html = sign_in(officers[0].username, client=client).content.decode()
    assert "This account is temporarily locked" in html


def test_an_address_is_locked_only_past_its_own_higher_limit(officers, settings):
    settings.SUARA_LOGIN_ADDRESS_FAILURES = 20
    for officer in officers[:19]:  # one failure each for 19 accounts: under both limits
        assert sign_in(officer.username, "salah").status_code == 200
    assert sign_in(officers[19].username).status_code == 302
    assert sign_in(officers[20].username, "salah").status_code == 429  # the 20th failure from NAT
    refused = sign_in(officers[21].username)
    assert refused.status_code == 429 and 'data-code="address_locked"' in refused.content.decode()
    assert sign_in(officers[21].username, address="10.1.1.1").status_code == 302  # the account is fine


def test_no_password_is_stored_or_logged(officers, caplog):
    caplog.set_level(logging.DEBUG)
    for n in range(11):
        sign_in(officers[0].username, f"rahasia-{n}")
    stored = " ".join(a.post_data + a.get_data for a in AccessAttempt.objects.all())
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for n in range(11):
        assert f"rahasia-{n}" not in stored and f"rahasia-{n}" not in logged
    assert NAT not in logged  # the logs name no address either


def test_odd_requests_are_counted_without_a_server_error(officers):
    client = Client(REMOTE_ADDR=NAT, HTTP_USER_AGENT="x" * 1000, HTTP_ACCEPT="y" * 3000)
    response = client.post(
        "/masuk/?next=%00&q=" + "z" * 3000,
        {"username": officers[0].username, "password": "salah", "next": "/\x00", "extra": "é" * 5000},
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().failures_since_start == 1
    # Django's form passes a username of any length to authenticate; axes's column holds 255 characters.
    for _ in range(10):
        assert Client(REMOTE_ADDR="10.7.7.7").post("/masuk/", {"username": "x" * 300, "password": "y"}).status_code in (
            200,
            429,
        )
    assert AccessAttempt.objects.get(username="x" * 255).failures_since_start == 10
    assert Client(REMOTE_ADDR="").post("/masuk/", {"username": "x" * 300, "password": "y"}).status_code == 429
