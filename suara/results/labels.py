"""The anomaly flags' explanations and the tally rules' messages for the pages, translatable. The pure
modules (``anomalies.FLAGS``, ``rules.RULES``) keep the Indonesian texts the API and the PDF use; these
are the same texts marked for translation, and tests keep the two equal."""

from django.utils.translation import gettext_lazy as _

from suara.results.entry.rules import RULES

FLAG_TEXTS = {
    "J1": _("Jumlah suara melebihi pemilih terdaftar di DPT."),
    "J2": _("Semua suara sah untuk satu pasangan calon di TPS besar."),
    "J3": _("Koreksi mengubah banyak suara."),
    "J4": _("Perolehan suara jauh di luar sebaran TPS lain di kecamatan yang sama."),
    "J5": _("Angka berbeda dengan angka yang dipublikasikan sumber lain."),
}


RULE_TEXTS = {
    "R0": _("Setiap angka harus bilangan bulat 0 atau lebih."),
    "R1": _("Jumlah suara seluruh pasangan calon harus sama dengan jumlah suara sah."),
    "R2": _("Suara sah ditambah suara tidak sah harus sama dengan jumlah suara."),
    "R3": _("Jumlah pemilih yang menggunakan hak pilih harus sama dengan jumlah suara."),
    "R4": _("Pengguna hak pilih dari DPT, DPTb dan DPK harus berjumlah sama dengan seluruh pengguna hak pilih."),
    "R5": _("Laki-laki ditambah perempuan harus sama dengan jumlah pada setiap kelompok pemilih."),
    "R6": _("Pengguna hak pilih dari DPT tidak boleh melebihi jumlah pemilih terdaftar di DPT."),
    "R7": _("Suara seorang pasangan calon tidak boleh melebihi batas TPS (DPT + pengguna DPTb + pengguna DPK)."),
    "R8": _("Jumlah suara tidak boleh melebihi batas TPS (DPT + pengguna DPTb + pengguna DPK)."),
    "R9": _("Angka suara dan pemilih tidak boleh melebihi batas TPS (DPT + pengguna DPTb + pengguna DPK)."),
    "R10": _("Tidak ada angka yang boleh melebihi batas satu TPS dalam pemilihan ini."),
    "B1": _("Surat suara yang digunakan harus sama dengan jumlah suara."),
    "B2": _("Surat suara yang diterima harus sama dengan yang digunakan, tidak digunakan, dan rusak/keliru dicoblos."),
}


def rule_texts() -> dict[str, str]:
    """Every rule's message in the active language (for the browser's rules.js on the entry pages)."""
    return {code: str(text) for code, text in RULE_TEXTS.items()}


def rule_message(breach: dict) -> str:
    """A broken rule's message (``Breach.as_dict()``) in the active language, its numbers kept."""
    code, message = breach.get("code", ""), breach.get("message", "")
    base = RULES.get(code, "")
    if code in RULE_TEXTS and message.startswith(base):
        return f"{RULE_TEXTS[code]}{message[len(base) :]}"
    return message


def flag_text(code: str) -> str:
    """The flag's explanation in the active language (the code itself for an unknown flag)."""
    return str(FLAG_TEXTS.get(code, code))
