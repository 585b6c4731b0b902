"""SMS in and out: phone numbers, the check codes, the one sender and its backends (the HTTP gateway
against a local server), the outbox, the webhook's signature."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.core.errors import DomainError
from suara.core.phones import phone_masked, phone_normalise
from suara.messaging import checkcode
from suara.messaging.backends import HttpGatewaySms, LocmemSms, SmsNotSent
from suara.messaging.models import OutboundSms
from suara.messaging.outbound import sms_forget, sms_queue, sms_send
from suara.messaging.webhook import webhook_signature, webhook_verify


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("+62 812-3456-7890", "6281234567890"),
        ("0812 3456 7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("(0812) 3456.789", "628123456789"),
        ("+1 555 0100", None),
        ("0212345678", None),  # a Jakarta landline
        ("08123", None),
        ("0812345678901234", None),
        ("٠٨١٢٣٤٥٦٧٨٩٠", None),
        ("", None),
    ],
)
def test_phone_numbers_have_one_form(text, normal):
    assert phone_normalise(text) == normal


@given(st.text(max_size=40))
def test_phone_normalise_never_raises_and_is_idempotent(text):
    normal = phone_normalise(text)
    assert normal is None or (phone_normalise(normal) == normal and normal.startswith("628"))


def test_a_masked_phone_shows_its_ends_only():
    assert phone_masked("6281234567890") == "62812****7890"


def test_check_codes_are_six_digits_and_bound_to_pin_tps_and_text():
    key = checkcode.pin_key("3276011006001", "12345678")
    code = checkcode.check_code(key, "HASIL PPWP 3276011006001 1 2")
    assert len(code) == 6 and code.isdigit()
    assert checkcode.check_code_matches(key, "HASIL PPWP 3276011006001 1 2", code)
    assert not checkcode.check_code_matches(key, "HASIL PPWP 3276011006001 1 3", code)
    assert code != checkcode.check_code(checkcode.pin_key("3276011006002", "12345678"), "HASIL PPWP 3276011006001 1 2")
    wrapped = checkcode.wrap("secret", "3276011006001", key)
    assert bytes.fromhex(wrapped) != key and checkcode.unwrap("secret", "3276011006001", wrapped) == key
    assert checkcode.unwrap("other", "3276011006001", wrapped) != key
    assert checkcode.check_code(key, "HASIL PPWP 3276011006001 1 2") == "702031"  # the docstring's test vector
    card = checkcode.card_codes(20)
    assert len(set(card)) == 20 and all(len(c) == 6 and c.isdigit() for c in card)


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 - the standard library's name
        length = int(self.headers["Content-Length"])
        _Gateway.received.append((self.headers["Authorization"], json.loads(self.rfile.read(length))))
        self.send_response(_Gateway.status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received, _Gateway.status = [], 200
    settings.SUARA_SMS_BACKEND = "suara.messaging.backends.HttpGatewaySms"
    settings.SUARA_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SUARA_SMS_GATEWAY_TOKEN = "gateway-token"
    settings.SUARA_SMS_GATEWAY_TIMEOUT = 2
    yield _Gateway
    server.shutdown()
    server.server_close()


def test_the_http_gateway_backend_posts_the_message_with_its_token(http_gateway):
    assert sms_send(to="6281234567890", body="Halo") is True
    assert http_gateway.received == [("Bearer gateway-token", {"to": "6281234567890", "message": "Halo"})]


def test_a_gateway_that_refuses_or_is_unreachable_raises(http_gateway, settings):
    http_gateway.status = 500
    with pytest.raises(SmsNotSent, match="500"):
        HttpGatewaySms().send(to="6281234567890", body="Halo")
    settings.SUARA_SMS_GATEWAY_URL = "http://127.0.0.1:9/"
    with pytest.raises(SmsNotSent, match="unreachable"):
        HttpGatewaySms().send(to="6281234567890", body="Halo")


def test_the_outbox_sends_after_commit_and_marks_failures(http_gateway, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = sms_queue(to="6281234567890", body="satu", purpose="test")
    http_gateway.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        failed = sms_queue(to="6281234567890", body="dua", purpose="test")
    sent.refresh_from_db()
    failed.refresh_from_db()
    assert (sent.status, sent.attempts, failed.status) == ("sent", 1, "failed")
    assert len(http_gateway.received) == 2


def test_the_outbox_backend_leaves_messages_pending(db, settings, django_capture_on_commit_callbacks):
    settings.SUARA_SMS_BACKEND = "suara.messaging.backends.OutboxSms"
    with django_capture_on_commit_callbacks(execute=True):
        sms_queue(to="6281234567890", body="tiga", purpose="test")
    assert OutboundSms.objects.get().status == "pending" and LocmemSms.sent == []


def test_a_message_that_rolls_back_is_never_sent(db):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        sms_queue(to="6281234567890", body="batal", purpose="test")
        raise RuntimeError
    assert LocmemSms.sent == [] and not OutboundSms.objects.exists()


def test_a_sender_that_keeps_no_contact_has_the_number_forgotten(db, settings, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        sent = sms_queue(to="6281234567890", body="satu", purpose="rumour_notice")
    settings.SUARA_SMS_BACKEND = "suara.messaging.backends.OutboxSms"
    with django_capture_on_commit_callbacks(execute=True):
        pending = sms_queue(to="6281234567891", body="dua", purpose="rumour_notice")
    other = sms_queue(to="6281234567892", body="tiga", purpose="sms_reply")
    assert sms_forget([sent.pk, pending.pk]) == 1  # a pending message keeps its number for the gateway
    assert sms_forget() == 0
    later = timezone.now() + timedelta(seconds=1)
    assert sms_forget(purpose="rumour_notice", before=later) == 1
    numbers = dict(OutboundSms.objects.values_list("pk", "to"))
    assert numbers == {sent.pk: "", pending.pk: "", other.pk: "6281234567892"}


def test_the_webhook_signature_and_window(settings):
    settings.SUARA_SMS_WEBHOOK_SECRET = "s3cret"
    body = json.dumps({"id": "1", "from": "0812", "text": "HASIL"}).encode()
    now = int(time.time())
    good = webhook_signature("s3cret", str(now), body)
    assert webhook_verify(body=body, timestamp=str(now), signature=good.upper()).text == "HASIL"
    cases = [
        (body, str(now), None, "sms_signature_invalid"),
        (body, str(now + 1), good, "sms_signature_invalid"),
        (body + b" ", str(now), good, "sms_signature_invalid"),
        (body, "soon", webhook_signature("s3cret", "soon", body), "sms_webhook_stale"),
        (body, str(now - 301), webhook_signature("s3cret", str(now - 301), body), "sms_webhook_stale"),
    ]
    for raw, stamp, signature, code in cases:
        with pytest.raises(DomainError) as refused:
            webhook_verify(body=raw, timestamp=stamp, signature=signature)
        assert refused.value.code == code
    long = json.dumps({"id": "1", "from": "0812", "text": "x" * 481}).encode()
    with pytest.raises(DomainError) as refused:
        webhook_verify(body=long, timestamp=str(now), signature=webhook_signature("s3cret", str(now), long))
    assert refused.value.code == "sms_webhook_invalid"
