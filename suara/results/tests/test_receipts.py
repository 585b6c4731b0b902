"""Receipts: the server's Ed25519 signature over a stored version, checked on the public page, over the
API and by ``suara verify-receipt``; a tampered, forged or foreign receipt is "tidak sah" with its reason."""

import base64
import json
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from suara.results import signing
from suara.results.public import selectors
from suara.results.tests.support import TPS, payload, post

pytestmark = pytest.mark.usefixtures("photo_dir")


@pytest.fixture(autouse=True)
def fresh_cache():
    selectors.recap_cache_clear()
    signing._keys.clear()


@pytest.fixture
def receipt(client, tokens):
    response = post(client, payload(), tokens["kpps"])
    assert response.status_code == 201, response.content
    return response.json()["receipt"]


def body_of(token: str) -> dict:
    return json.loads(signing.unb64(token.partition(".")[0]))


def with_body(token: str, body: dict) -> str:
    """The same signature over another payload."""
    raw = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return f"{signing.b64(raw)}.{token.partition('.')[2]}"


def verify(client, token: str):
    return client.post("/api/v1/receipts/verify", data=json.dumps({"token": token}), content_type="application/json")


def test_a_submission_gets_a_receipt_that_verifies(client, receipt, settings):
    payload_ = body_of(receipt["token"])
    assert (payload_["contest"], payload_["tps"], payload_["number"], payload_["channel"]) == (
        "ppwp-2024",
        TPS,
        1,
        "api",
    )
    assert len(payload_["tally_sha256"]) == 64 and len(payload_["photos"]) == 1
    assert len(receipt["code"]) == 9 and receipt["code"][4] == "-"
    response = verify(client, receipt["token"])
    assert response.status_code == 200 and response.json()["valid"] is True
    page = client.get(receipt["verify_url"])
    assert page.status_code == 200 and b'data-receipt="valid"' in page.content
    qr = client.get(receipt["qr_svg_url"])
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    # the key stays in the var directory, never in the repository
    assert (settings.VAR_DIR / signing.KEY_FILE).stat().st_mode & 0o077 == 0


def test_a_replay_gets_the_same_receipt(client, tokens, receipt):
    again = post(client, payload(), tokens["kpps"])
    assert again.status_code == 200 and again.json()["receipt"] == receipt


def test_a_tampered_receipt_is_not_valid(client, receipt):
    body = body_of(receipt["token"])
    body["tally_sha256"] = "0" * 64
    response = verify(client, with_body(receipt["token"], body))
    assert response.status_code == 400 and response.json()["code"] == "receipt_invalid"
    assert "tanda tangan tidak cocok" in response.json()["message"]
    page = client.get(f"/hasil/tanda-terima/{with_body(receipt['token'], body)}/")
    assert page.status_code == 404 and b'data-receipt="invalid"' in page.content and b"Tidak sah" in page.content


def test_a_receipt_never_issued_is_not_valid(client, receipt):
    """Signed by another key (a forger's), or naming a version the server never stored."""
    forged_body = json.dumps({**body_of(receipt["token"]), "number": 2}, sort_keys=True, separators=(",", ":"))
    forger = Ed25519PrivateKey.generate()
    forged = f"{signing.b64(forged_body.encode())}.{signing.b64(forger.sign(forged_body.encode()))}"
    assert "tanda tangan" in verify(client, forged).json()["message"]
    # signed by this server's key but for a version that is not stored
    unknown = signing.sign({**body_of(receipt["token"]), "number": 2})
    response = verify(client, unknown)
    assert response.status_code == 400 and "tidak tersimpan" in response.json()["message"]
    other_tps = signing.sign({**body_of(receipt["token"]), "tps": "3276011006002"})
    assert verify(client, other_tps).status_code == 400


def test_another_versions_signature_is_not_valid(client, tokens, receipt):
    other = post(client, payload(sid="api-sub-0002", tps="3276011006002"), tokens["kpps_002"]).json()["receipt"]
    swapped = f"{receipt['token'].partition('.')[0]}.{other['token'].partition('.')[2]}"
    response = verify(client, swapped)
    assert response.status_code == 400 and "tanda tangan" in response.json()["message"]


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "!!!.???", "e30.AAAA", "x" * 5000, "bnVsbA.AAAA"])
def test_garbage_is_not_valid_and_never_a_500(client, db, token):
    response = verify(client, token)
    assert response.status_code in (400, 422)
    page = client.get("/hasil/tanda-terima/", {"token": token})
    assert page.status_code in (302, 400)
    if token and "." in token and len(token) < 4000 and token.replace(".", "").isalnum():
        assert client.get(f"/hasil/tanda-terima/{token}/").status_code == 404


def test_the_tps_page_has_a_check_form_that_leads_to_the_receipt(client, receipt):
    page = client.get(f"/hasil/ppwp-2024/tps/{TPS}/").content.decode()
    assert 'action="/hasil/tanda-terima/"' in page
    check = client.get("/hasil/tanda-terima/", {"token": f"https://suara.example{receipt['verify_url']}"})
    assert check.status_code == 302 and check["Location"] == receipt["verify_url"]


def test_the_public_key_and_the_command_check_a_receipt_offline_and_online(client, receipt, tmp_path):
    key = client.get("/api/v1/receipts/key").json()
    assert key["algorithm"] == "Ed25519" and len(signing.unb64(key["public_key"])) == 32
    pem = tmp_path / "kunci.pem"
    pem.write_text(key["pem"])
    out = StringIO()
    call_command("verify_receipt", receipt["token"], "--public-key", str(pem), stdout=out)
    assert "SAH" in out.getvalue()
    raw = tmp_path / "kunci.txt"
    raw.write_text(key["public_key"])
    call_command("verify_receipt", receipt["token"], "--public-key", str(raw), stdout=StringIO())
    out = StringIO()
    call_command("verify_receipt", receipt["verify_url"], stdout=out)
    assert out.getvalue().strip().endswith("SAH")
    body = body_of(receipt["token"])
    body["tps"] = "3276011006002"
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_receipt", with_body(receipt["token"], body), stdout=out)
    assert exit_.value.code == 1 and "TIDAK SAH" in out.getvalue()


def test_a_key_given_by_the_setting_signs(client, tokens, settings):
    settings.SUARA_RECEIPT_KEY = base64.b64encode(bytes(range(32))).decode()
    token = post(client, payload(), tokens["kpps"]).json()["receipt"]["token"]
    expected = Ed25519PrivateKey.from_private_bytes(bytes(range(32))).public_key()
    assert not signing.open_token(token, expected).problem
    assert not (settings.VAR_DIR / signing.KEY_FILE).exists()
