"""The account pages: list, create one or all at once with codes shown once, the PDF sheet from the codes
sent back, the account page's actions, and the activation page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import make_officer
from suara.accounts.models import OneTimeCode, User
from suara.audit.models import AuditEvent
from suara.regions.models import Tps

DESA = "3276011006"
NEW_PASSWORD = "a-brand-new-passphrase-42"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pps(geography):
    make_officer("ppk_pancoranmas", "ppk", "327601")
    return make_officer("pps_depok", "pps", DESA)


def codes_on(page: bytes) -> list[tuple[str, str]]:
    text = page.decode()
    return list(
        zip(
            re.findall(r'<code class="username">([^<]+)</code>', text),
            re.findall(r'<code class="one-time-code">([^<]+)</code>', text),
            strict=True,
        )
    )


def test_a_pps_creates_every_kpps_of_its_desa_and_downloads_the_sheet(pps):
    client = signed_in(pps)
    page = client.get("/petugas/akun/")
    assert page.status_code == 200
    assert b'name="region" value="3276011006"' in page.content and b'value="kpps"' in page.content

    answer = client.post("/petugas/akun/massal/", {"role": "kpps", "region": DESA})
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    shown = codes_on(answer.content)
    assert len(shown) == Tps.objects.filter(desa_id=DESA).count()
    assert not any(code in OneTimeCode.objects.values_list("digest", flat=True) for _, code in shown)

    ids = dict(User.objects.filter(username__in=[u for u, _ in shown]).values_list("username", "pk"))
    form = {"id": [str(ids[u]) for u, _ in shown], "code": [c for _, c in shown]}
    pdf = client.post("/petugas/akun/lembar-aktivasi.pdf", form)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]

    # Forged codes print nothing; a stranger's page prints nothing of these accounts.
    forged = client.post("/petugas/akun/lembar-aktivasi.pdf", {"id": form["id"][:1], "code": ["AAAAA-AAAAA"]})
    assert forged.status_code == 403
    other = signed_in(make_officer("pps_other", "pps", "3276011007"))
    assert other.post("/petugas/akun/lembar-aktivasi.pdf", form).status_code == 403

    listed = client.get("/petugas/akun/")  # 100 a page
    assert listed.content.count(b"Menunggu aktivasi") == min(100, len(shown))
    rest = client.get("/petugas/akun/?halaman=2")
    assert rest.content.count(b"Menunggu aktivasi") == len(shown) - 100


def test_one_account_from_the_form_and_refusals_on_the_form(pps):
    client = signed_in(pps)
    made = client.post("/petugas/akun/baru/", {"username": "kpps_tiga", "role": "kpps", "scope": f"{DESA}003"})
    assert made.status_code == 200 and len(codes_on(made.content)) == 1
    elsewhere = client.post("/petugas/akun/baru/", {"username": "kpps_x", "role": "kpps", "scope": "3276011007001"})
    assert elsewhere.status_code == 403 and b'role="alert"' in elsewhere.content
    wrong_role = client.post("/petugas/akun/baru/", {"username": "kpps_y", "role": "kpu_ri", "scope": ""})
    assert wrong_role.status_code == 400
    assert not User.objects.filter(username__in=["kpps_x", "kpps_y"]).exists()


def test_the_account_page_suspends_resets_and_gives_roles(pps):
    kpps = make_officer("kpps_001", "kpps", f"{DESA}001")
    client = signed_in(pps)
    detail = client.get(f"/petugas/akun/{kpps.pk}/")
    assert detail.status_code == 200 and b"kpps_001" in detail.content

    assert client.post(f"/petugas/akun/{kpps.pk}/tangguhkan/").status_code == 302
    assert not User.objects.get(pk=kpps.pk).is_active
    again = client.post(f"/petugas/akun/{kpps.pk}/tangguhkan/")
    assert again.status_code == 409 and "sudah ditangguhkan" in again.content.decode()
    client.post(f"/petugas/akun/{kpps.pk}/aktifkan/")
    assert User.objects.get(pk=kpps.pk).is_active

    reset = client.post(f"/petugas/akun/{kpps.pk}/atur-ulang/")
    assert reset.status_code == 200 and len(codes_on(reset.content)) == 1
    assert not User.objects.get(pk=kpps.pk).has_usable_password()

    client.post(f"/petugas/akun/{kpps.pk}/peran/", {"role": "kpps", "scope": f"{DESA}002"})
    added = kpps.assignments.get(scope=f"{DESA}002")
    client.post(f"/petugas/akun/{kpps.pk}/hapus-peran/", {"assignment": str(added.pk)})
    assert list(kpps.assignments.values_list("scope", flat=True)) == [f"{DESA}001"]
    assert client.post(f"/petugas/akun/{kpps.pk}/tidak-ada/").status_code == 404


def test_pages_refuse_who_is_outside_the_chain(pps):
    kpps = make_officer("kpps_001", "kpps", f"{DESA}001")
    as_kpps = signed_in(kpps)
    assert as_kpps.get("/petugas/akun/").status_code == 403
    assert as_kpps.post("/petugas/akun/massal/", {"role": "kpps", "region": DESA}).status_code == 403
    assert as_kpps.get(f"/petugas/akun/{pps.pk}/").status_code == 403
    assert as_kpps.post(f"/petugas/akun/{pps.pk}/tangguhkan/").status_code == 403
    assert signed_in(pps).get("/petugas/akun/999999/").status_code == 404
    assert Client().get("/petugas/akun/").status_code == 302  # to sign-in
    assert User.objects.filter(is_active=False).count() == 0 and User.objects.count() == 3


def test_the_activation_page(pps):
    client = signed_in(pps)
    ((username, code),) = codes_on(
        client.post("/petugas/akun/baru/", {"username": "kpps_tiga", "role": "kpps", "scope": f"{DESA}003"}).content
    )
    visitor = Client()
    assert visitor.get("/aktivasi/").status_code == 200
    form = {"username": username, "code": code, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    mismatch = visitor.post("/aktivasi/", {**form, "password_again": "something-else-entirely"})
    assert mismatch.status_code == 400
    wrong = visitor.post("/aktivasi/", {**form, "code": "AAAAA-AAAAA"})
    assert wrong.status_code == 400 and "tidak cocok" in wrong.content.decode()
    done = visitor.post("/aktivasi/", form)
    assert done.status_code == 200 and f"Akun {username} aktif" in done.content.decode()
    assert visitor.post("/masuk/", {"username": username, "password": NEW_PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.activate", actor=username).exists()


@pytest.mark.parametrize(
    "query", ["?halaman=%C2%B2", "?halaman=%E2%91%A0", "?wilayah=%C2%B2", "?wilayah=%00", "?halaman=99999999999"]
)
def test_odd_queries_are_no_server_error(pps, query):
    assert signed_in(pps).get(f"/petugas/akun/{query}").status_code == 200


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/petugas/akun/lembar-aktivasi.pdf", {"id": ["²", "\x00", "9" * 30], "code": ["x", "y", "z"]}),
        ("/petugas/akun/massal/", {"role": "kpps", "region": "²\x00"}),
        ("/petugas/akun/massal/", {"role": "\x00", "region": DESA}),
        ("/petugas/akun/baru/", {"username": "a\x00b", "role": "kpps", "scope": "²"}),
        ("/aktivasi/", {"username": "\x00", "code": "\x00", "password": "\x00", "password_again": "\x00"}),
    ],
)
def test_odd_bodies_are_refused_cleanly(pps, path, data):
    before = User.objects.count()
    status = signed_in(pps).post(path, data).status_code
    assert 400 <= status < 500
    assert User.objects.count() == before


def test_odd_account_actions(pps):
    kpps = make_officer("kpps_001", "kpps", f"{DESA}001")
    client = signed_in(pps)
    assert client.post(f"/petugas/akun/{kpps.pk}/hapus-peran/", {"assignment": "²"}).status_code == 400
    assert client.post(f"/petugas/akun/{kpps.pk}/peran/", {"role": "kpps", "scope": "\x00"}).status_code == 400
    assert client.get(f"/petugas/akun/{'9' * 30}/").status_code == 404


def test_new_codes_for_a_lost_sheet_from_the_page(pps):
    client = signed_in(pps)
    first = codes_on(client.post("/petugas/akun/massal/", {"role": "kpps", "region": DESA}).content)
    again = client.post("/petugas/akun/massal/kode-baru/", {"role": "kpps", "region": DESA})
    assert again.status_code == 200 and "no-store" in again["Cache-Control"]
    second = codes_on(again.content)
    assert [u for u, _ in second] == [u for u, _ in first] and second != first
    assert b'formaction="/petugas/akun/massal/kode-baru/"' in client.get("/petugas/akun/").content
