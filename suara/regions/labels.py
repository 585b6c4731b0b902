"""The region levels' and TPS kinds' names in the page's language (the models' choice labels are fixed
Indonesian strings). Keyed by the stored value."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suara.core.region_codes import is_overseas
from suara.regions.models import Level, Tps

LEVELS = {
    Level.PROVINSI: _("Provinsi"),
    Level.KABKOTA: _("Kabupaten/Kota"),
    Level.KECAMATAN: _("Kecamatan"),
    Level.DESA: _("Desa/Kelurahan"),
}

# Overseas voting (pseudo-province 99) reuses the levels for country, mission and kind of post.
OVERSEAS_LEVELS = {
    Level.PROVINSI: _("Luar negeri"),
    Level.KABKOTA: _("Negara"),
    Level.KECAMATAN: _("Perwakilan RI"),
    Level.DESA: _("Jenis pos"),
}

# Headings for a region's children: plurals, which English tells apart from the level names.
CHILD_HEADINGS = {
    Level.PROVINSI: pgettext_lazy("plural", "Kabupaten dan kota"),
    Level.KABKOTA: pgettext_lazy("plural", "Kecamatan"),
    Level.KECAMATAN: pgettext_lazy("plural", "Desa dan kelurahan"),
}
OVERSEAS_CHILD_HEADINGS = {
    Level.PROVINSI: pgettext_lazy("plural", "Negara"),
    Level.KABKOTA: pgettext_lazy("plural", "Perwakilan RI"),
    Level.KECAMATAN: pgettext_lazy("plural", "Jenis pos"),
}

TPS_KINDS = {
    Tps.Kind.REGULAR: _("TPS reguler"),
    Tps.Kind.SPECIAL: _("TPS lokasi khusus"),
    Tps.Kind.OVERSEAS_TPS: _("TPS luar negeri"),
    Tps.Kind.OVERSEAS_POS: _("Pos (surat) luar negeri"),
    Tps.Kind.OVERSEAS_KSK: _("Kotak suara keliling luar negeri"),
}


def level_label(code: str, level: int):
    table = OVERSEAS_LEVELS if is_overseas(code) else LEVELS
    return table.get(level, "")


def child_heading(code: str, level: int):
    table = OVERSEAS_CHILD_HEADINGS if is_overseas(code) else CHILD_HEADINGS
    return table.get(level, "")
