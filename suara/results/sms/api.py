"""The SMS gateway's webhook: ``POST /api/v1/sms/inbound``. No token: the gateway signs each request
(``messaging.webhook``); the service authenticates the sender by phone and check code."""

from __future__ import annotations

from ninja import Field, Router, Schema

from suara.core import answers
from suara.core.schemas import ERRORS, Error
from suara.messaging.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, webhook_verify
from suara.results.sms.services import sms_tally_receive

router = Router(tags=["sms"])


class SmsOut(Schema):
    outcome: str | None = Field(None, description="accepted, replay (tidak dihitung dua kali), already_handled")
    message: str
    reply: str | None = Field(None, description="SMS balasan yang dikirim ke pengirim; null: tidak dibalas")
    receipt: str | None = Field(None, description="kode tanda terima (XXXX-XXXX)")


@router.post(
    "/sms/inbound",
    auth=None,
    response={200: SmsOut, 201: SmsOut, **ERRORS, 403: Error, 409: Error, 503: Error},
    summary="SMS masuk dari gateway (hasil TPS lewat SMS)",
)
def sms_inbound(request):
    """Untuk gateway SMS. Badan JSON `{"id", "from", "text"}`; header `X-Suara-Timestamp` (detik Unix) dan
    `X-Suara-Signature` = hex HMAC-SHA256(rahasia webhook, "<timestamp>." + badan). 201: hasil tersimpan;
    200: kiriman ulang (tidak dihitung dua kali). 401 `sms_signature_invalid`, `sms_webhook_stale`;
    403 `sms_phone_unregistered`, `sms_not_your_tps`, `sms_check_code_invalid`, `sms_key_missing`;
    422 format SMS (`sms_*`) atau `rules_broken`; 429 per nomor. Jawaban (juga penolakan 403, 409, 422)
    memuat `reply`: SMS balasan yang dikirim ke pengirim (null bila tidak dibalas)."""
    inbound = webhook_verify(
        body=request.body,
        timestamp=request.headers.get(TIMESTAMP_HEADER),
        signature=request.headers.get(SIGNATURE_HEADER),
    )
    answer = sms_tally_receive(inbound=inbound)
    return answers.json_answer(answer.as_dict(), status=answer.status)
