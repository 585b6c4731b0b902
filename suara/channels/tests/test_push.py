"""Web Push: the public subscribe and unsubscribe API (bad input refused with its code, rate-limited), and
a real round trip: a publication's push is sent by pywebpush to a local HTTPS push service, which checks
the VAPID token with the server's public key and DECRYPTS the message with the subscription's private key
(http_ece, RFC 8291); subscriptions answered 404/410 are removed, others' failures counted."""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import os
import re
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import http_ece
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.x509.oid import NameOID

from suara.audit.actors import SYSTEM
from suara.audit.models import AuditEvent
from suara.channels import services, vapid
from suara.channels.models import ChannelPublication, PushSubscription
from suara.channels.tests.conftest import make_item

pytestmark = pytest.mark.django_db
URL = "/api/v1/kanal/push/"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Browser:
    """A browser's side of a subscription: its key pair and auth secret."""

    def __init__(self, endpoint: str):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def subscription(self) -> dict:
        point = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64(point), "auth": b64(self.auth)},
        }

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


class PushService:
    """A push service on 127.0.0.1 over HTTPS with a certificate made for the test: it keeps what it
    receives and answers each path's status (/ok 201, /gone 410, /missing 404, /broken 500)."""

    STATUS = {"ok": 201, "gone": 410, "missing": 404, "broken": 500}

    def __init__(self, folder):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256())
        )  # fmt: skip
        self.cert_path, key_path = folder / "push.crt", folder / "push.key"
        self.cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        self.received: list[tuple[str, dict, bytes]] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                service.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(service.STATUS.get(self.path.strip("/").split("/")[-1], 400))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, key_path)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def push_service(tmp_path, settings, monkeypatch, private):
    service = PushService(tmp_path)
    settings.SUARA_PUSH_SERVICE_HOSTS = ("127.0.0.1", "fcm.googleapis.com")
    settings.SUARA_VAPID_SUBJECT = "mailto:humas@kpu-depok.example"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(service.cert_path))  # requests trusts the test's certificate
    yield service
    service.close()


def subscribe(client, browser: Browser, region: str = "3276"):
    return client.post(
        URL + "langganan", {"langganan": browser.subscription(), "wilayah": region}, content_type="application/json"
    )


def check_vapid(headers: dict, audience: str) -> dict:
    """The VAPID Authorization header: a JWT (ES256) signed by the server's key, for this push service."""
    scheme, _, params = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == vapid.public_key_b64()
    head, claims, signature = fields["t"].split(".")
    raw = unb64(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(fields["k"]))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises when forged
    body = json.loads(unb64(claims))
    assert body["aud"] == audience and body["sub"] == "mailto:humas@kpu-depok.example" and body["exp"] > time.time()
    return body


def test_a_publication_is_pushed_encrypted_and_the_gone_are_removed(
    client, geography, push_service, django_capture_on_commit_callbacks
):
    ok = Browser(push_service.url + "/push/ok")
    national = Browser(push_service.url + "/push/ok-national/ok")
    gone = Browser(push_service.url + "/push/gone")
    missing = Browser(push_service.url + "/push/missing")
    broken = Browser(push_service.url + "/push/broken")
    bekasi = Browser(push_service.url + "/push/bekasi/ok")
    for browser, region in ((ok, "3276"), (ok, "327601"), (national, ""), (gone, "3276011006"), (missing, "32"),
                            (broken, "3276"), (bekasi, "3275")):  # fmt: skip
        assert subscribe(client, browser, region).status_code == 201
    assert subscribe(client, ok, "3276").status_code == 200  # the same again: its keys replaced
    with django_capture_on_commit_callbacks(execute=True):
        (record,) = services.publish(
            actor=SYSTEM, item=make_item(region_code="327601", region_name="Pancoran Mas"), channels=["push"]
        )
    record = ChannelPublication.objects.get(pk=record.pk)
    assert (record.outcome, record.reached, record.sent, record.failed, record.removed) == ("partial", 5, 2, 1, 2)
    assert record.finished_at is not None
    paths = sorted(path for path, _, _ in push_service.received)
    assert paths == [
        "/push/broken",
        "/push/gone",
        "/push/missing",
        "/push/ok",
        "/push/ok-national/ok",
    ]  # Bekasi not; ok once
    for path, headers, body in push_service.received:
        browser = {b.endpoint: b for b in (ok, national, gone, missing, broken)}[push_service.url + path]
        assert headers["content-encoding"] == "aes128gcm" and int(headers["ttl"]) == 24 * 3600
        check_vapid(headers, push_service.url)
        message = browser.decrypt(body)
        assert message == {
            "title": "Pendaftaran anggota KPPS Pemilu 2024 dibuka",
            "body": message["body"],
            "url": "https://suara.example.id/pengumuman/42/",
            "tag": "announcement:42:v1",
        }
        assert message["body"].startswith("Pancoran Mas · KPU Kota Depok membuka pendaftaran")
    left = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert gone.endpoint not in left and missing.endpoint not in left and broken.endpoint in left
    assert PushSubscription.objects.filter(endpoint=ok.endpoint, last_sent_at__isnull=False).count() == 2
    event = AuditEvent.objects.filter(action="channels.push_deliver").get()
    assert event.object_code == "announcement:42:v1" and "2 terkirim, 1 gagal, 2 langganan hilang" in event.summary
    assert push_service.url not in event.summary  # no endpoint in the log


def test_a_retried_task_does_not_send_again(geography, push_service, django_capture_on_commit_callbacks, client):
    from suara.channels.services_push import push_deliver

    assert subscribe(client, Browser(push_service.url + "/push/ok")).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        (record,) = services.publish(actor=SYSTEM, item=make_item(), channels=["push"])
    assert push_deliver(record.pk).outcome == "sent"
    assert len(push_service.received) == 1


def test_an_unreachable_push_service_fails_the_publication_not_the_caller(
    geography, push_service, django_capture_on_commit_callbacks, client, settings
):
    assert subscribe(client, Browser(push_service.url + "/push/ok")).status_code == 201
    push_service.close()
    settings.SUARA_PUSH_TIMEOUT_SECONDS = 2
    with django_capture_on_commit_callbacks(execute=True):
        (record,) = services.publish(actor=SYSTEM, item=make_item(), channels=["push"])
    record.refresh_from_db()
    assert (record.outcome, record.sent, record.failed, record.removed) == ("failed", 0, 1, 0)
    assert PushSubscription.objects.count() == 1


def _bad(client, body) -> tuple[int, str]:
    response = client.post(URL + "langganan", body, content_type="application/json")
    return response.status_code, response.json().get("code", "")


def test_bad_subscriptions_are_refused_with_their_codes(client, geography, settings, private):
    settings.SUARA_PUSH_SERVICE_HOSTS = ("fcm.googleapis.com",)
    good = Browser("https://fcm.googleapis.com/fcm/send/abc").subscription()
    cases = [
        (
            {"langganan": {**good, "endpoint": "http://fcm.googleapis.com/fcm/send/abc"}, "wilayah": "3276"},
            (400, "push_endpoint_invalid"),
        ),
        ({"langganan": {**good, "endpoint": "https://10.0.0.1/x"}, "wilayah": "3276"}, (400, "push_endpoint_invalid")),
        ({"langganan": {**good, "endpoint": 42}, "wilayah": "3276"}, (400, "push_endpoint_invalid")),
        (
            {
                "langganan": {**good, "keys": {"p256dh": good["keys"]["p256dh"][:20], "auth": good["keys"]["auth"]}},
                "wilayah": "",
            },
            (400, "push_keys_invalid"),
        ),
        (
            {"langganan": {**good, "keys": {"p256dh": good["keys"]["p256dh"]}}, "wilayah": ""},
            (400, "push_keys_invalid"),
        ),
        ({"langganan": {"endpoint": good["endpoint"]}, "wilayah": ""}, (400, "push_keys_invalid")),
        ({"langganan": good, "wilayah": "327"}, (400, "invalid_region_code")),
        ({"langganan": good, "wilayah": "3299"}, (404, "region_not_found")),
        ({"langganan": good, "wilayah": ["3276"]}, (400, "invalid_region_code")),
        ({"wilayah": "3276"}, (422, "invalid_input")),
    ]
    for body, expected in cases:
        assert _bad(client, body) == expected, body
    assert client.post(URL + "langganan", "{", content_type="application/json").status_code in (400, 422)
    assert (
        not PushSubscription.objects.exists() and not AuditEvent.objects.filter(action__startswith="channels.").exists()
    )


def test_unsubscribe_one_region_or_all(client, geography, settings, private):
    settings.SUARA_PUSH_SERVICE_HOSTS = ("fcm.googleapis.com",)
    browser = Browser("https://fcm.googleapis.com/fcm/send/abc")
    assert subscribe(client, browser, "3276").status_code == 201
    assert subscribe(client, browser, "").status_code == 201
    stop = lambda body: client.post(URL + "berhenti", body, content_type="application/json")  # noqa: E731
    assert stop({"endpoint": browser.endpoint, "wilayah": "3276"}).json() == {"dihapus": 1}
    assert stop({"endpoint": browser.endpoint}).json() == {"dihapus": 1}
    assert stop({"endpoint": browser.endpoint}).json() == {"dihapus": 0}
    assert stop({"endpoint": ""}).json()["code"] == "push_endpoint_invalid"
    actions = list(AuditEvent.objects.filter(action__startswith="channels.push").values_list("action", flat=True))
    assert actions == ["channels.push_subscribe"] * 2 + ["channels.push_unsubscribe"] * 2


def test_the_subscribe_api_is_rate_limited(client, geography, settings, private, monkeypatch):
    settings.SUARA_PUSH_SERVICE_HOSTS = ("fcm.googleapis.com",)
    # one window of the limiter, so the test never straddles a minute boundary
    monkeypatch.setattr("suara.core.ratelimit.time", SimpleNamespace(time=lambda: 1_700_000_010.0))
    statuses = [subscribe(client, Browser(f"https://fcm.googleapis.com/fcm/send/{n}")).status_code for n in range(32)]
    assert statuses[:30] == [201] * 30 and statuses[30:] == [429, 429]


def test_the_key_the_page_and_the_service_worker(client, geography, private):
    key = client.get(URL + "kunci").json()["kunci_publik"]
    assert len(unb64(key)) == 65 and key == vapid.public_key_b64()
    assert (private / "var" / "vapid_p256.pem").stat().st_mode & 0o777 == 0o600
    page = client.get("/kanal/langganan/?wilayah=327601")
    html = page.content.decode()
    assert page.status_code == 200 and f'data-vapid-key="{key}"' in html
    options = re.findall(r'<option value="(\d*)"( selected)?>', html)
    assert options[:4] == [("327601", " selected"), ("3276", ""), ("32", ""), ("", "")]  # its line, then the nation
    assert ("32", "") not in options[4:] and ("11", "") in options
    assert 'src="/static/channels/push.js"' in html
    sw = client.get("/kanal/sw.js")
    assert (
        sw.status_code == 200 and sw["Content-Type"].startswith("text/javascript") and b"showNotification" in sw.content
    )
    assert client.get("/kanal/sw.js", HTTP_IF_NONE_MATCH=sw["ETag"]).status_code == 304


def test_a_bad_configured_key_answers_503_not_500(client, geography, settings, private):
    settings.SUARA_VAPID_PRIVATE_KEY = "not a key"
    answer = client.get(URL + "kunci")
    assert answer.status_code == 503 and answer.json()["code"] == "push_unavailable"
    assert client.get("/kanal/langganan/").status_code == 503


def test_the_key_from_the_setting_and_the_command(settings, private, capsys):
    from django.core.management import call_command

    call_command("push_keys")
    first = vapid.public_key_b64()
    call_command("push_keys")
    assert vapid.public_key_b64() == first
    call_command("push_keys", rotate=True)
    assert vapid.public_key_b64() != first
    assert "Public key (applicationServerKey)" in capsys.readouterr().out
    settings.SUARA_VAPID_PRIVATE_KEY = b64((7).to_bytes(32, "big"))
    assert vapid.public_key_b64() == b64(ec.derive_private_key(7, ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))  # fmt: skip
