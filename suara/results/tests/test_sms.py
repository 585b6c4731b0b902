"""A KPPS's tally by SMS through a simulated gateway: signed webhooks posted to /api/v1/sms/inbound, the
reply read from the outbox (results/sms/services.py, messaging/)."""

from __future__ import annotations

import json
import time

import pytest

from conftest import make_officer
from suara.accounts.services import user_phone_set
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.messaging.backends import LocmemSms
from suara.messaging.checkcode import check_code, pin_key
from suara.messaging.models import InboundSms, OutboundSms, SmsCardCode
from suara.messaging.services import sms_key_issue
from suara.messaging.webhook import webhook_signature
from suara.results.models import RecapDelta, ResultVersion, TpsResult
from suara.results.sms.format import SmsTally, sms_format
from suara.results.tests.support import TALLY

TPS = "3276011006001"
PHONE = "081234567890"
NORMAL = "6281234567890"
BALLOTS = [1, 2, 3]
SECRET = "demo-sms-webhook-secret"


@pytest.fixture
def kpps(officers):
    user = officers["kpps"]
    user_phone_set(user=user, phone=PHONE, actor=Actor.of(user))
    issued = sms_key_issue(actor=Actor.of(user), user=user, tps=TPS)
    return {"user": user, "pin": issued.pin, "card": issued.card, **officers}


def sms_text(pin: str, *, tally=TALLY, tps=TPS, contest="PPWP", check: str | None = None) -> str:
    unsigned = sms_format(contest_code=contest, tps=tps, tally=tally, ballots=BALLOTS, check="000000")
    canonical = unsigned.rsplit(" ", 1)[0]
    return f"{canonical} {check or check_code(pin_key(tps, pin), canonical)}"


class Gateway:
    """The simulated SMS gateway: posts each inbound SMS signed, as a real one would."""

    def __init__(self, client, secret=SECRET):
        self.client, self.secret, self.count = client, secret, 0

    def post(self, text: str, *, sender: str = "+62 812-3456-7890", gateway_id: str | None = None, **kw):
        self.count += 1
        body = json.dumps({"id": gateway_id or f"gw-{self.count}", "from": sender, "text": text}).encode()
        stamp = str(kw.pop("timestamp", int(time.time())))
        signature = kw.pop("signature", webhook_signature(self.secret, stamp, body))
        return self.client.post(
            "/api/v1/sms/inbound",
            data=kw.pop("body", body),
            content_type="application/json",
            headers={"X-Suara-Timestamp": stamp, "X-Suara-Signature": signature},
        )


@pytest.fixture
def gateway(client, django_capture_on_commit_callbacks):
    return Gateway(client)


def replies():
    return [(m.to, m.body) for m in LocmemSms.sent]


def test_a_tally_by_sms_is_stored_with_photos_pending_and_the_reply_gives_its_receipt(
    kpps, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = gateway.post(sms_text(kpps["pin"]))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["outcome"] == "accepted" and body["receipt"] in body["reply"]
    version = ResultVersion.objects.get()
    assert version.channel == "sms" and version.photos_pending and version.photos_awaited == []
    assert version.tally == TALLY and version.submitted_by == kpps["user"].username
    assert replies() == [(NORMAL, body["reply"])] and body["reply"].startswith("DITERIMA PPWP TPS 3276011006001")
    assert OutboundSms.objects.get().status == "sent"
    assert AuditEvent.objects.filter(action="results.submit", object_code=TPS).count() == 1


def test_replays_count_once(kpps, gateway, django_capture_on_commit_callbacks):
    text = sms_text(kpps["pin"])
    with django_capture_on_commit_callbacks(execute=True):
        first = gateway.post(text, gateway_id="gw-a").json()
        # The gateway retries the same message: answered as before, no second reply.
        again = gateway.post(text, gateway_id="gw-a")
        # The officer sends the same SMS again (a new message for the gateway): the stored one, same receipt.
        resent = gateway.post(text.lower(), gateway_id="gw-b")
        # The same tally with a card code instead of the app's check code: the same submission.
        carded = gateway.post(text.rsplit(" ", 1)[0] + " " + kpps["card"][0], gateway_id="gw-c")
    assert again.status_code == 200 and again.json()["outcome"] == "already_handled"
    assert resent.status_code == 200 and resent.json()["receipt"] == first["receipt"]
    assert resent.json()["reply"].startswith("SUDAH DITERIMA")
    assert carded.status_code == 200 and carded.json()["receipt"] == first["receipt"]
    assert TpsResult.objects.count() == 1 and ResultVersion.objects.count() == 1 and RecapDelta.objects.count() == 1
    assert len(replies()) == 3 and InboundSms.objects.count() == 3
    # A gateway that reuses an id for another message is refused.
    assert gateway.post("HASIL lain", gateway_id="gw-a").json()["code"] == "sms_message_id_reused"


def test_a_card_code_is_good_once(kpps, gateway, django_capture_on_commit_callbacks):
    make_officer("kpps_002b", "kpps", "3276011006002")
    kpps_002 = kpps["kpps_002"]
    user_phone_set(user=kpps_002, phone="+6281300000002", actor=Actor.named("test"))
    card = sms_key_issue(actor=Actor.of(kpps_002), user=kpps_002, tps="3276011006002").card
    text = sms_text("", tps="3276011006002", check=card[4])
    with django_capture_on_commit_callbacks(execute=True):
        assert gateway.post(text, sender="081300000002").status_code == 201
    used = SmsCardCode.objects.get(key__scope="3276011006002", number=5)
    assert used.used_at is not None and used.used_for
    # Another message with the spent code is refused, and nothing changes.
    other = sms_text("", tps="3276011006002", contest="PPWP", check=card[4]).replace(" 97 ", " 96 ", 1)
    answer = gateway.post(other, sender="081300000002")
    assert answer.status_code == 403 and answer.json()["code"] == "sms_check_code_invalid"


def test_wrong_check_code_another_tps_and_unknown_phones_are_refused_and_nothing_is_stored(
    kpps, gateway, django_capture_on_commit_callbacks
):
    text = sms_text(kpps["pin"])
    wrong = text.rsplit(" ", 1)[0] + " " + f"{(int(text[-6:]) + 1) % 10**6:06d}"
    with django_capture_on_commit_callbacks(execute=True):
        bad_code = gateway.post(wrong)
        other_tps = gateway.post(sms_text(kpps["pin"], tps="3275011001001"))
        stranger = gateway.post(text, sender="081299999999")
        foreign = gateway.post(text, sender="+1 555 0100")
    assert (bad_code.status_code, bad_code.json()["code"]) == (403, "sms_check_code_invalid")
    assert (other_tps.status_code, other_tps.json()["code"]) == (403, "sms_not_your_tps")
    assert (stranger.status_code, stranger.json()["code"]) == (403, "sms_phone_unregistered")
    assert foreign.status_code == 403 and stranger.json()["reply"] is None
    # The registered phone is told why; the strangers are not answered.
    assert [to for to, _ in replies()] == [NORMAL, NORMAL]
    assert "Kode cek salah" in replies()[0][1] and all(len(b) <= 160 for _, b in replies())
    assert not TpsResult.objects.exists() and not InboundSms.objects.exists() and not RecapDelta.objects.exists()


def test_a_broken_rule_is_named_in_the_reply(kpps, gateway, django_capture_on_commit_callbacks):
    tally = {**TALLY, "votes.1": TALLY["votes.1"] + 5}
    with django_capture_on_commit_callbacks(execute=True):
        answer = gateway.post(sms_text(kpps["pin"], tally=tally))
    assert answer.status_code == 422 and answer.json()["code"] == "rules_broken"
    reply = answer.json()["reply"]
    assert "[R1]" in reply and len(reply) <= 160 and reply.isascii()
    assert not TpsResult.objects.exists()


def test_unreadable_sms_are_answered_with_their_code(kpps, gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        garbled = gateway.post("HASIL PPWP 3276011006001 1 2 3 123456")
        unknown = gateway.post("halo KPU")
        nowhere = gateway.post(sms_text(kpps["pin"], contest="DPR"))
    assert (garbled.status_code, garbled.json()["code"]) == (422, "sms_number_count")
    assert (unknown.status_code, unknown.json()["code"]) == (422, "sms_unknown_command")
    assert (nowhere.status_code, nowhere.json()["code"]) == (422, "sms_unknown_contest")
    assert len(replies()) == 3


def test_tampered_stale_and_unsigned_webhooks_are_refused(kpps, gateway, settings):
    text = sms_text(kpps["pin"])
    tampered = gateway.post(text, signature="0" * 64)
    stale = gateway.post(text, timestamp=int(time.time()) - 3600)
    body = json.dumps({"id": "x", "from": PHONE, "text": text}).encode()
    stamp = str(int(time.time()))
    swapped = gateway.post(
        text, body=body.replace(b"97", b"99"), signature=webhook_signature(SECRET, stamp, body), timestamp=stamp
    )
    not_json = gateway.post(text, body=b"[1]", signature=webhook_signature(SECRET, stamp, b"[1]"), timestamp=stamp)
    assert (tampered.status_code, tampered.json()["code"]) == (401, "sms_signature_invalid")
    assert (stale.status_code, stale.json()["code"]) == (401, "sms_webhook_stale")
    assert (swapped.status_code, swapped.json()["code"]) == (401, "sms_signature_invalid")
    assert (not_json.status_code, not_json.json()["code"]) == (400, "sms_webhook_invalid")
    settings.SUARA_SMS_WEBHOOK_SECRET = ""
    assert gateway.post(text).status_code == 503
    assert not TpsResult.objects.exists() and not OutboundSms.objects.exists()


def test_a_phone_is_limited_per_hour(kpps, gateway, settings):
    settings.SUARA_SMS_PHONE_RATE = 2
    codes = [gateway.post("halo").status_code for _ in range(3)]
    assert codes == [422, 422, 429]


def test_the_key_is_not_stored_in_clear_and_a_new_issue_revokes_the_old(kpps, gateway):
    from suara.messaging.models import SmsKey

    key = SmsKey.objects.get(scope=TPS)
    assert pin_key(TPS, kpps["pin"]).hex() != key.wrapped_key and kpps["pin"] not in key.wrapped_key
    assert all(code not in c.digest for c, code in zip(key.card_codes.order_by("number"), kpps["card"], strict=True))
    sms_key_issue(actor=Actor.of(kpps["user"]), user=kpps["user"], tps=TPS)
    answer = gateway.post(sms_text(kpps["pin"]))
    assert answer.json()["code"] == "sms_check_code_invalid"
    assert AuditEvent.objects.filter(action="messaging.sms_key_issue", object_code=TPS).count() == 2


def test_only_the_tps_kpps_gets_a_key_and_parsing_the_canonical_text_is_stable(officers):
    from suara.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        sms_key_issue(actor=Actor.of(officers["kpps_bekasi"]), user=officers["kpps_bekasi"], tps=TPS)
    with pytest.raises(PermissionDenied):
        sms_key_issue(actor=Actor.of(officers["kpps_002"]), user=officers["kpps"], tps=TPS)
    assert SmsTally("PPWP", TPS, (1, 2), "000000").canonical == "HASIL PPWP 3276011006001 1 2"


def test_the_officer_registers_a_phone_and_the_chair_issues_and_prints_the_card(officers, client):
    client.force_login(officers["kpps"])
    page = client.get("/petugas/sms/")
    assert page.status_code == 200 and "Belum ada nomor HP" in page.content.decode()
    refused = client.post("/petugas/sms/", {"action": "phone", "phone": "021 555 1234"}, follow=True)
    assert "Nomor HP tidak sah" in refused.content.decode()
    client.post("/petugas/sms/", {"action": "phone", "phone": "+62 812 3456 7890"})
    officers["kpps"].refresh_from_db()
    assert officers["kpps"].phone == NORMAL
    assert AuditEvent.objects.get(action="accounts.phone_set").summary == "nomor HP 62812****7890"
    card = client.post("/petugas/sms/", {"action": "pin", "tps": TPS})
    text = card.content.decode()
    assert card.status_code == 200 and "no-store" in card["Cache-Control"] and text.count("<td>") == 20
    # Only for the officer's own TPS.
    assert client.post("/petugas/sms/", {"action": "pin", "tps": "3275011001001"}).status_code == 302
    from suara.messaging.models import SmsKey

    assert list(SmsKey.objects.values_list("scope", flat=True)) == [TPS]


def test_the_format_page_prints_the_officers_lines(officers, client):
    client.force_login(officers["kpps"])
    text = client.get("/petugas/sms/format/").content.decode()
    assert "HASIL PPWP 3276011006001" in text and "Presiden dan Wakil Presiden" in text
    assert text.count('class="box"') == 3 + 13 + 1
    client.force_login(officers["ppk"])
    assert client.get("/petugas/sms/format/").status_code == 200
    assert client.get("/petugas/sms/").status_code == 403


def test_the_phone_is_normalised_and_only_its_owner_or_a_manager_sets_it(officers):
    from suara.core.errors import DomainError, PermissionDenied

    with pytest.raises(PermissionDenied):
        user_phone_set(user=officers["kpps"], phone=PHONE, actor=Actor.of(officers["kpps_bekasi"]))
    with pytest.raises(DomainError) as refused:
        user_phone_set(user=officers["kpps"], phone="12345", actor=Actor.named("test"))
    assert refused.value.code == "invalid_phone"
    user_phone_set(user=officers["kpps"], phone="6281234567890", actor=Actor.named("test"))
    user_phone_set(user=officers["kpps"], phone="", actor=Actor.of(officers["kpps"]))
    officers["kpps"].refresh_from_db()
    assert officers["kpps"].phone == ""


def test_the_demo_sms_is_accepted_through_the_gateway(officers, gateway, django_capture_on_commit_callbacks):
    from suara.results.demo import DEMO_SMS_CARD, DEMO_SMS_TEXT, demo_sms_ensure

    make_officer("kpps_depok_001", "kpps", TPS)
    text = demo_sms_ensure()
    assert text == f"{DEMO_SMS_TEXT} 971364" and demo_sms_ensure() is None  # the README's check code; once
    with django_capture_on_commit_callbacks(execute=True):
        answer = gateway.post(text, sender="+6281200000001")
        by_card = gateway.post(f"{DEMO_SMS_TEXT} {DEMO_SMS_CARD[0]}", sender="081200000001")
    assert answer.status_code == 201 and by_card.status_code == 200, answer.content
    assert by_card.json()["receipt"] == answer.json()["receipt"]
