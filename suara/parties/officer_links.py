"""The links on the party operator's home page (/petugas/partai/), one per page of party membership an
operator works on: (URL name taking the party's id, label). Each part of the app adds its own line."""

from django.utils.translation import gettext_lazy as _

OFFICER_LINKS: list[tuple[str, object]] = [
    ("parties_officers:versions", _("Versi daftar anggota")),
]
