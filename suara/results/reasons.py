"""Why a correction was made: a short list of codes, public with their labels. The proposer's own words
are kept for the PPK and the levels above; they are published only when the deciding PPK finds them fit
(no names, no phone numbers: whatever a KPPS types would otherwise become public)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REASONS = {
    "salah_ketik": _("Salah ketik saat memasukkan angka"),
    "salah_baca": _("Angka pada foto formulir salah dibaca"),
    "salah_jumlah": _("Penjumlahan pada formulir C.Hasil salah"),
    "pleno_ppk": _("Dibetulkan dalam rapat pleno PPK"),
    "rekomendasi_pengawas": _("Rekomendasi Bawaslu atau Panwaslu"),
    "hitung_ulang": _("Penghitungan suara ulang"),
    "lainnya": _("Alasan lain"),
}


def reason_label(code: str) -> str:
    label = REASONS.get(code)
    return str(label) if label is not None else ""
