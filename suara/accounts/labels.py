"""The roles' names in the page's language. (``roles.ROLE_LABELS`` holds the same names in Indonesian for
the API, the PDF and the pure rules' messages; the pages use these.)"""

from django.utils.translation import gettext_lazy as _

from suara.accounts.roles import ROLE_LABELS, Role

ROLES = {
    Role.KPU_RI: _("KPU RI"),
    Role.KPU_PROVINSI: _("KPU Provinsi"),
    Role.KPU_KABKOTA: _("KPU Kabupaten/Kota"),
    Role.PPK: _("PPK (kecamatan)"),
    Role.PPS: _("PPS (desa/kelurahan)"),
    Role.KPPS: _("KPPS (TPS)"),
    Role.PARTY_OPERATOR: _("Operator partai politik"),
    Role.PEMKOT_VIEWER: _("Pemerintah daerah (hanya lihat)"),
    Role.HEALTH_OFFICER: _("Petugas kesehatan"),
    Role.INTEGRATOR: _("Integrator (aplikasi kota)"),
}


def role_label(role: str):
    try:
        return ROLES[Role(role)]
    except (ValueError, KeyError):
        # A role added elsewhere before it got a translation here: its own label, else its code.
        return ROLE_LABELS.get(role, role)
