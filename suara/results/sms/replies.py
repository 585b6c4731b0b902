"""The reply SMS to a KPPS's tally, in Indonesian, in one SMS: at most 160 characters of the GSM alphabet
(plain ASCII here: a "≠" would make the phone send UCS-2, 70 characters a part). Pure: no Django."""

from __future__ import annotations

SMS_MAX = 160

# A broken tally rule in a few words (results.rules.RULES says it in full on the pages).
RULE_SHORT = {
    "R0": "angka harus bilangan bulat 0 atau lebih",
    "R1": "jumlah suara calon harus = suara sah",
    "R2": "sah + tidak sah harus = jumlah suara",
    "R3": "pengguna hak pilih harus = sah + tidak sah",
    "R4": "pemilih DPT+DPTb+DPK harus = seluruh pemilih",
    "R5": "L + P harus = jumlah",
    "R6": "pengguna DPT melebihi DPT",
    "R7": "suara calon melebihi batas TPS",
    "R8": "jumlah suara melebihi batas TPS",
    "R9": "angka melebihi batas TPS (DPT+DPTb+DPK)",
    "R10": "angka melebihi batas satu TPS",
    "B1": "surat suara digunakan harus = sah + tidak sah",
    "B2": "surat suara diterima harus = digunakan + sisa + rusak",
}


def _ascii(text: str) -> str:
    text = text.replace("≠", "!=").replace("–", "-").replace("−", "-")
    return text.encode("ascii", "replace").decode().replace("?", "")


def _fit(text: str) -> str:
    text = _ascii(text)
    return text if len(text) <= SMS_MAX else text[: SMS_MAX - 3].rstrip() + "..."


def reply_accepted(*, contest_code: str, tps: str, receipt: str, replay: bool) -> str:
    head = "SUDAH DITERIMA" if replay else "DITERIMA"
    return _fit(
        f"{head} {contest_code} TPS {tps}. Tanda terima {receipt}. Kirim foto C.Hasil lewat aplikasi saat ada sinyal."
    )


def reply_broken_rules(*, contest_code: str, tps: str, breaches: list[dict]) -> str:
    """The first broken rule named with its code (and how many more there are)."""
    first = breaches[0]
    detail = first["message"].rsplit("(", 1)[-1].rstrip(")") if "(" in first["message"] else ""
    more = f" (+{len(breaches) - 1} aturan lain)" if len(breaches) > 1 else ""
    what = RULE_SHORT.get(first["code"], "angka tidak konsisten")
    detail = f" ({detail})" if detail else ""
    return _fit(f"DITOLAK {contest_code} TPS {tps}: [{first['code']}] {what}{detail}{more}. Perbaiki, kirim ulang.")


def reply_refused(*, code: str, message: str, rule: str = "") -> str:
    label = f"[{rule}] " if rule else ""
    return _fit(f"DITOLAK ({code}): {label}{message}")
