import re

import pytest
from django.test import Client

from suara.accounts.models import RoleAssignment, User
from suara.accounts.two_factor_testing import authenticator_for, current_code

pytestmark = pytest.mark.django_db

PASSWORD = "kotak-suara-2024"


@pytest.fixture
def operator(geography):
    user = User.objects.create_user("operator.depok", password=PASSWORD, first_name="Sri")
    RoleAssignment.objects.create(user=user, role="kpu_kabkota", scope="3276")
    RoleAssignment.objects.create(user=user, role="kpps", scope="3276011006007")
    RoleAssignment.objects.create(user=user, role="pemkot_viewer", scope="32")
    return user


def test_login_page_renders_with_csrf_token(client):
    response = client.get("/masuk/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="username"' in html and 'type="password"' in html
    assert "Masuk operator" in html


def test_login_and_dashboard(operator, django_assert_max_num_queries):
    device = authenticator_for(operator)  # a KPU kab/kota signs in with a second step
    client = Client(enforce_csrf_checks=True)
    client.get("/masuk/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/masuk/", {"username": "operator.depok", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response["Location"] == "/masuk/kode/"
    token = client.cookies["csrftoken"].value
    response = client.post("/masuk/kode/", {"code": current_code(device), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == "/dasbor/"

    response = client.get("/dasbor/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Halo, Sri" in html
    assert "KPU Kabupaten/Kota" in html
    assert 'href="/wilayah/3276/">Kota Depok</a>' in html
    assert "KPPS (TPS)" in html
    assert 'href="/tps/3276011006007/">TPS 007</a>, Depok' in html
    assert "Pemerintah daerah (hanya lihat)" in html
    assert 'href="/wilayah/32/">Jawa Barat</a>' in html
    assert ">Dasbor</a>" in html and ">Masuk</a>" not in html


def test_login_without_csrf_token_is_refused(operator):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/masuk/", {"username": "operator.depok", "password": PASSWORD})
    assert response.status_code == 403


def test_wrong_password_stays_on_the_form(client, operator):
    response = client.post("/masuk/", {"username": "operator.depok", "password": "salah-sekali"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Nama pengguna atau sandi salah." in html
    assert "nama pengguna nama pengguna" not in html.lower()
    assert "_auth_user_id" not in client.session


def test_the_wrong_password_message_reads_well_in_english(english, operator):
    html = english.post("/masuk/", {"username": "operator.depok", "password": "salah-sekali"}).content.decode()
    assert "Wrong username or password." in html


TASKS = {
    "/petugas/integrasi/": "Integrasi aplikasi kota",
    "/petugas/hasil/": "Isi hasil TPS (C.Hasil)",
    "/petugas/koreksi/": "Koreksi hasil TPS",
    "/petugas/aplikasi/": "Aplikasi KPPS (bisa luring)",
    "/petugas/sms/": "Kirim hasil lewat SMS",
    "/petugas/jaringan/": "Kesiapan jaringan TPS",
    "/petugas/jaringan/survei/": "Survei sinyal TPS",
    "/petugas/lokasi-tps/": "Lokasi TPS",
    "/petugas/hoaks/": "Klarifikasi hoaks",
    "/petugas/berbagi-data/": "Berbagi data pemilih",
    "/petugas/pengumuman/": "Pengumuman",
    "/petugas/hoaks/laporan/": "Laporan kabar dari warga",
    "/petugas/kanal/": "Kanal siaran (WhatsApp, kartu, videotron)",
    "/petugas/rekap/": "Rekapitulasi",
    "/petugas/ganda/": "Pemilih ganda",
    "/petugas/akun/": "Akun petugas",
    "/petugas/pemilih/": "Daftar pemilih (DPB)",
    "/petugas/kota/": "Tampilan kota (petugas, kesehatan, hasil)",
    "/petugas/kota/hitung/": "Hitung kota per TPS",
    "/petugas/akun/organisasi/": "Organisasi pemantau",
    "/petugas/partai/pantauan/": "Pantauan keanggotaan partai",
    "/petugas/partai/ganda/wilayah/": "Keanggotaan partai ganda",
    "/petugas/partai/verifikasi/": "Verifikasi faktual anggota partai",
    "/petugas/partai/aduan/": "Aduan pencatutan nama oleh partai",
    "/petugas/partai/syarat/": "Syarat jumlah anggota partai",
    "/petugas/partai/penyelenggara/": "NIK penyelenggara pemilu dan staf KPU",
    "/petugas/partai/penduduk/": "Jumlah penduduk per kabupaten/kota",
}
PARTIES_KABKOTA = [
    "/petugas/partai/ganda/wilayah/",
    "/petugas/partai/verifikasi/",
    "/petugas/partai/aduan/",
    "/petugas/partai/syarat/",
]
PARTIES_RI = [
    "/petugas/partai/verifikasi/",
    "/petugas/partai/syarat/",
    "/petugas/partai/penyelenggara/",
    "/petugas/partai/penduduk/",
]


# The network readiness dashboard and the TPS places, for KPU's chain from the PPS up; hoax clarifications
# and the citizens' rumour reports, voter data sharing and announcements for KPU's offices.
PLACES_NETWORK = ["/petugas/jaringan/", "/petugas/lokasi-tps/"]
HOAX = ["/petugas/hoaks/", "/petugas/hoaks/laporan/"]
KPU_PUBLIC = [*PLACES_NETWORK, *HOAX, "/petugas/berbagi-data/", "/petugas/pengumuman/", "/petugas/kanal/"]


def task_links(html: str) -> dict[str, str]:
    section = re.search(r'<section[^>]*aria-labelledby="tasks-title".*?</section>', html, re.S)
    return dict(re.findall(r'<a href="([^"]+)">([^<]+)</a>', section.group(0))) if section else {}


@pytest.mark.parametrize(
    ("roles", "links"),
    [
        (
            [("kpps", "3276011006007")],
            [
                "/petugas/hasil/",
                "/petugas/koreksi/",
                "/petugas/aplikasi/",
                "/petugas/sms/",
                "/petugas/jaringan/survei/",
            ],
        ),
        (
            [("ppk", "327601")],
            ["/petugas/koreksi/", "/petugas/rekap/", "/petugas/akun/", "/petugas/pemilih/", *PLACES_NETWORK],
        ),
        ([("pps", "3276011006")], ["/petugas/akun/", "/petugas/pemilih/", *PLACES_NETWORK]),
        (
            [("kpu_kabkota", "3276")],
            [
                "/petugas/rekap/",
                "/petugas/ganda/",
                "/petugas/akun/",
                "/petugas/pemilih/",
                *KPU_PUBLIC,
                *PARTIES_KABKOTA,
            ],
        ),
        (
            [("kpu_provinsi", "32")],
            ["/petugas/rekap/", "/petugas/akun/", "/petugas/pemilih/", *KPU_PUBLIC, "/petugas/partai/syarat/"],
        ),
        (
            [("kpu_ri", "")],
            [
                "/petugas/rekap/",
                "/petugas/akun/",
                "/petugas/pemilih/",
                *KPU_PUBLIC,
                "/petugas/akun/organisasi/",
                *PARTIES_RI,
            ],
        ),  # fmt: skip
        (
            [("kpps", "3276011006007"), ("kpu_kabkota", "3276")],
            [
                "/petugas/hasil/",
                "/petugas/koreksi/",
                "/petugas/aplikasi/",
                "/petugas/sms/",
                "/petugas/rekap/",
                "/petugas/ganda/",
                "/petugas/akun/",
                "/petugas/pemilih/",
                "/petugas/jaringan/",
                "/petugas/jaringan/survei/",
                "/petugas/lokasi-tps/",
                *HOAX,
                "/petugas/berbagi-data/",
                "/petugas/pengumuman/",
                "/petugas/kanal/",
                *PARTIES_KABKOTA,
            ],
        ),  # fmt: skip
        ([("integrator", "3276")], ["/petugas/integrasi/"]),
        (
            [("pemkot_viewer", "32"), ("health_officer", "3276")],
            [
                "/petugas/akun/",
                "/petugas/kota/",
                "/petugas/jaringan/",
                *HOAX,
                "/petugas/pengumuman/",
                "/petugas/kanal/",
            ],
        ),
        ([("city_field_officer", "3276")], ["/petugas/kota/hitung/", "/petugas/jaringan/survei/"]),
    ],
)
def test_dashboard_links_each_role_to_its_tasks(client, geography, roles, links):
    user = User.objects.create_user("petugas", password=PASSWORD)
    for role, scope in roles:
        RoleAssignment.objects.create(user=user, role=role, scope=scope)
    client.force_login(user)
    html = client.get("/dasbor/").content.decode()
    assert task_links(html) == {url: TASKS[url] for url in links}
    assert ("Tugas" in html) == bool(links)
    for url in links:
        assert client.get(url, follow=True).status_code == 200, url  # each link opens for that role


def test_dashboard_requires_login(client):
    response = client.get("/dasbor/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/dasbor/"


def test_dashboard_without_roles(client, db):
    user = User.objects.create_user("baru", password=PASSWORD)
    client.force_login(user)
    html = client.get("/dasbor/").content.decode()
    assert "belum diberi peran" in html


def test_dashboard_national_role_and_unknown_scope(client, db):
    user = User.objects.create_user("pusat", password=PASSWORD)
    RoleAssignment.objects.create(user=user, role="kpu_ri", scope="")
    RoleAssignment.objects.create(user=user, role="kpu_provinsi", scope="77")
    client.force_login(user)
    html = client.get("/dasbor/").content.decode()
    assert "KPU RI" in html and "Nasional" in html
    assert "wilayah tidak ada dalam data" in html


def test_logout_is_post_only(client, operator):
    client.force_login(operator)
    assert client.get("/keluar/").status_code == 405
    response = client.post("/keluar/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/dasbor/").status_code == 302


def test_login_redirects_signed_in_user(client, operator):
    client.force_login(operator)
    response = client.get("/masuk/")
    assert response.status_code == 302
    assert response["Location"] == "/dasbor/"


def test_dashboard_in_english(english, operator):
    english.force_login(operator)
    html = english.get("/dasbor/").content.decode()
    assert "Your roles" in html
    assert "Regency/city KPU" in html
    assert "Sign out" in html


def test_a_party_scope_is_shown_as_a_party_not_as_the_region_with_its_code(client, geography):
    user = User.objects.create_user("operator.partai", password=PASSWORD)
    RoleAssignment.objects.create(user=user, role="party_operator", scope="32", scope_kind="party")
    client.force_login(user)
    html = client.get("/dasbor/").content.decode()
    assert "Operator partai politik" in html and "Partai <code>32</code>" in html
    assert "Jawa Barat" not in html
