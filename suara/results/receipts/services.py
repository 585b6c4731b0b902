"""A receipt checked: its signature by this server's key, then the version it names against the TPS's
published snapshot, as the public sees it (the contest, the TPS, the version's number and kind, when it
was stored, how it came, and the digest of its numbers). Never raises on what a visitor types: every
refusal is a verdict with its reason, in Indonesian."""

from __future__ import annotations

from dataclasses import dataclass, field

from suara.core.errors import DomainError
from suara.results import signing
from suara.results.public import selectors
from suara.results.tally import unnest

FIELDS = {
    "contest": str,
    "tps": str,
    "kind": str,
    "tally_sha256": str,
    "photos": list,
    "submitted_at": str,
    "channel": str,
}


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str  # why not (empty when valid)
    payload: dict | None = None
    checks: list[str] = field(default_factory=list)  # what was compared, for the page

    def as_dict(self) -> dict:
        return {"valid": self.valid, "reason": self.reason, "payload": self.payload}


def _invalid(reason: str, payload: dict | None = None) -> Verdict:
    return Verdict(False, reason, payload)


def receipt_verify(token: str) -> Verdict:
    opened = signing.open_token(token)
    if opened.problem:
        return _invalid(opened.problem, opened.payload)
    payload = opened.payload or {}
    if any(not isinstance(payload.get(name), kind) for name, kind in FIELDS.items()) or not (
        payload.get("number") is None or isinstance(payload.get("number"), int)
    ):
        return _invalid("isi tanda terima tidak lengkap", payload)
    try:
        published = selectors.tps_recap(payload["contest"], payload["tps"])
    except DomainError:
        return _invalid("kontestasi atau TPS pada tanda terima tidak dikenal", payload)
    entry = next(
        (
            v
            for v in published.body.get("versions", [])
            if v.get("submitted_at") == payload["submitted_at"]
            and v.get("number") == payload["number"]
            and v.get("kind") == payload["kind"]
        ),
        None,
    )
    if entry is None:
        return _invalid("versi hasil ini tidak tersimpan di server (tidak pernah diterima)", payload)
    if signing.tally_digest(unnest(entry.get("tally") or {})) != payload["tally_sha256"]:
        return _invalid("angka pada tanda terima berbeda dengan versi yang tersimpan", payload)
    if entry.get("channel", "api") != payload["channel"]:
        return _invalid("cara pengiriman pada tanda terima berbeda dengan versi yang tersimpan", payload)
    return Verdict(True, "", payload)
