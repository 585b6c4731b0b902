"""The anomaly flags' explanations for the pages, translatable. The pure module (``anomalies.FLAGS``)
keeps the Indonesian texts the API and the PDF use; these are the same texts marked for translation,
and a test keeps the two equal."""

from django.utils.translation import gettext_lazy as _

FLAG_TEXTS = {
    "J1": _("Jumlah suara melebihi pemilih terdaftar di DPT."),
    "J2": _("Semua suara sah untuk satu pasangan calon di TPS besar."),
    "J3": _("Koreksi mengubah banyak suara."),
    "J4": _("Perolehan suara jauh di luar sebaran TPS lain di kecamatan yang sama."),
    "J5": _("Angka berbeda dengan angka yang dipublikasikan sumber lain."),
}


def flag_text(code: str) -> str:
    """The flag's explanation in the active language (the code itself for an unknown flag)."""
    return str(FLAG_TEXTS.get(code, code))
