"""Receipts over the v1 API: check one, and the public key to check them offline."""

from __future__ import annotations

from ninja import Field as NinjaField
from ninja import Router, Schema

from suara.core.errors import DomainError
from suara.core.schemas import ERRORS
from suara.results import signing
from suara.results.errors import ResultErrorCode
from suara.results.receipts.services import receipt_verify

router = Router(tags=["hasil"])


class ReceiptIn(Schema):
    token: str = NinjaField(max_length=signing.TOKEN_MAX, description="tanda terima seperti diberikan server")


class VerdictOut(Schema):
    valid: bool
    reason: str = NinjaField(description="mengapa tidak sah; kosong bila sah")
    payload: dict | None = NinjaField(description="isi tanda terima (kontestasi, TPS, versi, digest angka, foto, ...)")


class KeyOut(Schema):
    algorithm: str
    key_id: str
    public_key: str = NinjaField(description="32 byte kunci publik Ed25519, base64url")
    pem: str


@router.post("/receipts/verify", response={200: VerdictOut, **ERRORS}, summary="Periksa tanda terima hasil")
def receipt_verify_api(request, payload: ReceiptIn):
    """Publik. 200 dengan `valid` true, atau 400 `receipt_invalid` dengan alasannya (tanda tangan tidak cocok,
    versi tidak tersimpan, angka berbeda...) dan `details[0].payload` bila isinya terbaca."""
    verdict = receipt_verify(payload.token)
    if not verdict.valid:
        raise DomainError(
            ResultErrorCode.RECEIPT_INVALID,
            f"Tanda terima tidak sah: {verdict.reason}.",
            field="token",
            details=[{"payload": verdict.payload}],
        )
    return verdict.as_dict()


@router.get("/receipts/key", response={200: KeyOut, **ERRORS}, summary="Kunci publik tanda terima")
def receipt_key(request):
    raw = signing.public_key_raw()
    return {
        "algorithm": "Ed25519",
        "key_id": signing.key_id(raw),
        "public_key": signing.b64(raw),
        "pem": signing.public_key_pem(),
    }
