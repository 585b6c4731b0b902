"""Operator sign-in and the operator's own page. Public information needs no account."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from suara.accounts.roles import Role
from suara.accounts.two_factor import confirmed_device, second_step_needed
from suara.portal.pending_sign_in import second_step_begin
from suara.portal.queries import assignments_for


class OperatorAuthenticationForm(AuthenticationForm):
    # Django's Indonesian catalogue puts the field's name into its sentence ("Masukkan nama pengguna
    # %(username)s ..."), which reads "nama pengguna nama pengguna": say it once, in our words.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau sandi salah. Perhatikan huruf besar dan kecil."),
    }


class OperatorLoginView(auth_views.LoginView):
    """Django's sign-in; its form passes the request to ``authenticate``, where django-axes counts
    failures per account and per address and refuses locked ones (``accounts.signin_limits``). An
    account that needs a second step is not signed in here but handed to the second step (``views_otp``)."""

    template_name = "portal/login.html"
    authentication_form = OperatorAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if second_step_needed(user):
            return second_step_begin(self.request, user, self.get_success_url())
        return super().form_valid(form)


login = OperatorLoginView.as_view()
# Django's LogoutView accepts POST only, so a link or a prefetch cannot sign anyone out.
logout = auth_views.LogoutView.as_view()


# The officers' tasks, by the roles that do them: (URL name, label, roles).
TASKS = (
    ("entry:list", _("Isi hasil TPS (C.Hasil)"), {Role.KPPS}),
    ("entry:corrections", _("Koreksi hasil TPS"), {Role.KPPS, Role.PPK}),
    ("entry:app", _("Aplikasi KPPS (bisa luring)"), {Role.KPPS}),
    ("sms:officer", _("Kirim hasil lewat SMS"), {Role.KPPS}),
    ("recap:index", _("Rekapitulasi"), {Role.PPK, Role.KPU_KABKOTA, Role.KPU_PROVINSI, Role.KPU_RI}),
    ("dedup:list", _("Pemilih ganda"), {Role.KPU_KABKOTA}),
    (
        "accounts:list",
        _("Akun petugas"),
        {Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA, Role.PPK, Role.PPS, Role.PEMKOT_VIEWER},
    ),
    (
        "register:index",
        _("Daftar pemilih (DPB)"),
        {Role.PPS, Role.PPK, Role.KPU_KABKOTA, Role.KPU_PROVINSI, Role.KPU_RI},
    ),
    ("integrations:page", _("Integrasi aplikasi kota"), {Role.INTEGRATOR}),
    # An announcement's texts, card, videotron playlists and pushes ("pengumuman" is kept out of the label, so
    # that the announcements' own link is the one that word finds). A Diskominfo's operator reaches them by
    # the address: organisation operators of other kinds have nothing there.
    (
        "channels_officers:index",
        _("Kanal siaran (WhatsApp, kartu, videotron)"),
        {Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA, Role.PEMKOT_VIEWER},
    ),
    ("city:index", _("Tampilan kota (petugas, kesehatan, hasil)"), {Role.PEMKOT_VIEWER}),
    ("city:entry", _("Hitung kota per TPS"), {Role.CITY_FIELD_OFFICER}),
    (
        "network:index",
        _("Kesiapan jaringan TPS"),
        {Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA, Role.PPK, Role.PPS, Role.PEMKOT_VIEWER},
    ),
    ("network:survey", _("Survei sinyal TPS"), {Role.KPPS, Role.CITY_FIELD_OFFICER}),
    ("places:index", _("Lokasi TPS"), {Role.PPS, Role.PPK, Role.KPU_KABKOTA, Role.KPU_PROVINSI, Role.KPU_RI}),
    (
        "information_officers:page",
        _("Klarifikasi hoaks"),
        {Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA, Role.PEMKOT_VIEWER},
    ),
    (
        "information_officers:rumours",
        _("Laporan kabar dari warga"),
        {Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA, Role.PEMKOT_VIEWER},
    ),
    # Voter data shared under agreements (suara/sharing): KPU's offices draft and extract, KPU RI approves.
    ("sharing:index", _("Berbagi data pemilih"), {Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA}),
    (
        "announcements_officers:list",
        _("Pengumuman"),
        {Role.KPU_RI, Role.KPU_PROVINSI, Role.KPU_KABKOTA, Role.PEMKOT_VIEWER},
    ),
    ("quickcount_officers:index", _("Hitung cepat"), {Role.ORGANISATION_OPERATOR}),
    ("quickcount_officers:report", _("Lapor hitung cepat"), {Role.ENUMERATOR}),
    ("parties_officers:home", _("Daftar anggota partai"), {Role.PARTY_OPERATOR}),
    ("accounts:organisations", _("Organisasi pemantau"), {Role.KPU_RI}),
    ("parties_officers:watch:home", _("Pantauan keanggotaan partai"), {Role.ORGANISATION_OPERATOR}),
    # Party membership as KPU works on it: its region's double memberships and complaints, the samples it
    # verifies, the requirement per kab/kota, and (KPU RI) the lists the checks read.
    ("party_checks:conflicts", _("Keanggotaan partai ganda"), {Role.KPU_KABKOTA}),
    ("parties_officers:verification_list", _("Verifikasi faktual anggota partai"), {Role.KPU_KABKOTA, Role.KPU_RI}),
    ("parties_officers:complaint_list", _("Aduan pencatutan nama oleh partai"), {Role.KPU_KABKOTA}),
    (
        "party_checks:requirement",
        _("Syarat jumlah anggota partai"),
        {Role.KPU_KABKOTA, Role.KPU_PROVINSI, Role.KPU_RI},
    ),
    ("party_checks:officers_import", _("NIK penyelenggara pemilu dan staf KPU"), {Role.KPU_RI}),
    ("party_checks:population_import", _("Jumlah penduduk per kabupaten/kota"), {Role.KPU_RI}),
)


def tasks_for(roles: set[str]) -> list[dict]:
    """The task links for a user holding ``roles`` (role values, as stored)."""
    return [{"url": reverse(name), "label": label} for name, label, doers in TASKS if doers & roles]


@require_safe
@login_required
def dashboard(request):
    assignments = assignments_for(request.user)
    tasks = tasks_for({a.role for a in assignments})
    two_factor = confirmed_device(request.user) is not None
    context = {"assignments": assignments, "tasks": tasks, "two_factor": two_factor}
    return render(request, "portal/dashboard.html", context)
