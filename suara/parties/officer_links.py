"""The links on the party operator's home page (/petugas/partai/), one per page of party membership an
operator works on: (URL name, label, how the page is told the party: "id" its id as the URL's argument,
"code" its code as ``?partai=``, "" not at all). Each part of the app adds its own line."""

from django.utils.translation import gettext_lazy as _

OFFICER_LINKS: list[tuple[str, object, str]] = [
    ("parties_officers:versions", _("Versi daftar anggota"), "id"),
    ("party_checks:doubles", _("Keanggotaan ganda"), "code"),
    ("party_checks:requirement", _("Syarat jumlah anggota per kabupaten/kota"), "code"),
    ("parties_officers:verification_list", _("Verifikasi faktual"), ""),
    ("parties_officers:complaint_list", _("Aduan pencatutan nama"), ""),
]
