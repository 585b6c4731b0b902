"""The recapitulation officers' pages: a PPK sees its kecamatan's totals once every TPS has reported
through the KPPS's own service, signs it off, downloads its document, and nothing beneath changes until it
is reopened with a reason; an incomplete level or one with a correction waiting cannot be signed off; no
one sees or signs off a region outside their own."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import consistent_tally, photo_bytes
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict
from suara.results.anomalies import FLAGS
from suara.results.entry.corrections import correction_decide, correction_propose
from suara.results.entry.services import result_submit
from suara.results.models import RecapLock
from suara.results.recap.fold import recap_fold
from suara.results.tests.support import CONTEST, REASON, element, submit_all, tally_for, text

pytestmark = pytest.mark.usefixtures("photo_dir")


def grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def signed_in(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def page_url(code: str) -> str:
    return f"/petugas/rekap/{CONTEST}/{code}/"


def csrf_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def lock_button(page: str) -> str:
    match = re.search(r'<form class="signoff__lock"[^>]*>.*?<button[^>]*>', page, re.S)
    assert match, "no sign-off button"
    return match.group(0)


def test_the_ppk_signs_off_its_complete_kecamatan_and_reopens_it_with_a_reason(complete):
    code, totals, count = complete["code"], complete["totals"], len(complete["tps"])
    ppk = signed_in(complete["ppk_small"], csrf=True)

    listing = ppk.get("/petugas/rekap/")
    assert listing.status_code == 200
    row = text(
        re.search(
            rf'<tr>\s*<th scope="row">\s*<a href="{page_url(code)}">.*?</tr>', listing.content.decode(), re.S
        ).group(0)
    )
    assert f"{count} dari {count} TPS" in row and "Belum dikunci" in row

    response = ppk.get(page_url(code))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("default-src 'self'") and "<script" not in page
    assert "style=" not in page
    footer = text(re.search(r"<tfoot>.*?</tfoot>", page, re.S).group(0))
    expected = [totals[k] for k in ("votes.1", "votes.2", "votes.3", "valid", "invalid", "total")]
    flagged = re.findall(r'<li><a href="/hasil/ppwp-2024/tps/(\d{13})/"><code>\1</code></a> ([J0-9, ]+)</li>', page)
    assert (complete["tps"][0], "J2, J4") in flagged
    assert footer == "Jumlah " + " ".join(grouped(n) for n in expected) + f" {count}/{count} {len(flagged)}"
    assert f"J2 {FLAGS['J2']} 1 TPS" in text(page)
    assert f"{count} dari {count} TPS sudah masuk" in text(page)
    assert "disabled" not in lock_button(page)
    assert "Tidak ada koreksi yang menunggu" in page

    # Without the CSRF token the sign-off is refused.
    assert ppk.post(f"{page_url(code)}kunci/").status_code == 403
    response = ppk.post(f"{page_url(code)}kunci/", {"csrfmiddlewaretoken": csrf_of(page)})
    assert response.status_code == 302 and response["Location"] == page_url(code)
    lock = RecapLock.objects.get()
    assert (lock.region_code, lock.locked_by, lock.reopened_at) == (code, "ppk_small", None)
    page = ppk.get(page_url(code)).content.decode()
    assert "Rekapitulasi dikunci. Perubahan di bawahnya ditolak" in page
    assert "Dikunci pada" in text(page) and 'class="signoff__lock"' not in page
    assert f'action="/petugas/rekap/ppwp-2024/{code}/buka/"' in page

    pdf = ppk.get(f"{page_url(code)}rekap.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="rekap-{CONTEST}-{code}.pdf"'
    assert pdf.content.startswith(b"%PDF")

    # Nothing beneath changes while the lock stands.
    with pytest.raises(Conflict) as refused:
        result_submit(
            actor=Actor.of(complete["kpps_small"]),
            contest=CONTEST,
            tps=complete["tps"][0],
            tally=consistent_tally(),
            photos=[photo_bytes()],
            submission_id="small-after-lock",
        )
    assert refused.value.code == "recap_locked"

    # Reopening needs a reason of ten characters or more.
    reopen = f"{page_url(code)}buka/"
    for reason, message in (
        ("   ", "Bidang ini tidak boleh kosong."),
        ("terlambat", "Tuliskan alasan membuka kembali (minimal 10 karakter)."),
    ):
        response = ppk.post(reopen, {"reason": reason, "csrfmiddlewaretoken": csrf_of(page)})
        assert response.status_code == 400
        assert element(response.content.decode(), "id_reason_error") == message
    assert RecapLock.objects.get().reopened_at is None
    assert not AuditEvent.objects.filter(action="results.recap_reopen").exists()

    response = ppk.post(reopen, {"reason": REASON, "csrfmiddlewaretoken": csrf_of(page)})
    assert response.status_code == 302
    lock.refresh_from_db()
    assert (lock.reopened_by, lock.reopen_reason) == ("ppk_small", REASON)
    event = AuditEvent.objects.get(action="results.recap_reopen")
    assert (event.actor, event.role, event.object_code) == ("ppk_small", "ppk", code)
    page = ppk.get(page_url(code)).content.decode()
    assert "Riwayat kunci" in page and REASON in page and "disabled" not in lock_button(page)


def test_a_level_cannot_be_signed_off_while_a_tps_is_missing(small):
    code = small["code"]
    submit_all(small, small["tps"][:3])
    ppk = signed_in(small["ppk_small"])
    page = ppk.get(page_url(code)).content.decode()
    expected = len(small["tps"])
    assert 'disabled aria-describedby="lock-refusal"' in lock_button(page)
    assert element(page, "lock-refusal") == f"Belum semua TPS masuk: 3 dari {expected} TPS."
    response = ppk.post(f"{page_url(code)}kunci/")
    assert response.status_code == 409
    assert f"Belum semua TPS masuk: 3 dari {expected} TPS. Rekapitulasi belum dapat dikunci." in text(
        response.content.decode()
    )
    assert not RecapLock.objects.exists()


def test_a_waiting_correction_holds_the_sign_off_until_the_ppk_decides(complete):
    code = complete["code"]
    version = correction_propose(
        actor=Actor.of(complete["kpps_small"]),
        contest=CONTEST,
        tps=complete["tps"][0],
        tally=tally_for(1),
        photos=[photo_bytes()],
        reason="Salah salin angka pasangan 01",
        submission_id="small-correction-1",
    ).version
    ppk = signed_in(complete["ppk_small"])
    page = ppk.get(page_url(code)).content.decode()
    assert element(page, "lock-refusal") == "Masih ada 1 koreksi yang menunggu keputusan PPK."
    assert 'href="/petugas/koreksi/"' in page
    response = ppk.post(f"{page_url(code)}kunci/")
    assert response.status_code == 409 and "koreksi yang menunggu" in text(response.content.decode())
    correction_decide(actor=Actor.of(complete["ppk_small"]), version_id=version.pk, approve=True)
    recap_fold()
    assert ppk.post(f"{page_url(code)}kunci/").status_code == 302
    assert RecapLock.objects.filter(region_code=code, reopened_at=None).exists()


def test_the_kota_sees_its_kecamatan_locked_and_cannot_sign_them_off(complete):
    code = complete["code"]
    signed_in(complete["ppk_small"]).post(f"{page_url(code)}kunci/")
    kpu = signed_in(complete["kpu_depok"])
    kota = kpu.get(page_url("3276")).content.decode()
    row = text(re.search(rf'<tr[^>]*>\s*<th scope="row"><a href="{page_url(code)}">.*?</tr>', kota, re.S).group(0))
    count = len(complete["tps"])
    assert "Dikunci" in row and f"{count}/{count}" in row
    assert "Belum semua TPS masuk" in element(kota, "lock-refusal")  # the rest of Depok has not reported
    page = kpu.get(page_url(code)).content.decode()
    assert element(page, "signoff-title") == "Penetapan rekapitulasi"
    assert f'action="/petugas/rekap/ppwp-2024/{code}/buka/"' in page  # a level above may reopen
    # A desa beneath: read only, its TPS linking to their public pages.
    desa = complete["tps"][0][:10]
    page = kpu.get(page_url(desa)).content.decode()
    assert 'class="signoff__lock"' not in page and "PPK mengunci tingkat kecamatan" in page
    assert f"Rekapitulasi {complete['name'].title()}, di atas wilayah ini, sudah dikunci" in text(page)
    assert f'href="/hasil/{CONTEST}/tps/{complete["tps"][0]}/"' in page


def test_only_the_level_itself_signs_off(small):
    code = small["code"]
    kpu = signed_in(small["kpu_depok"])
    page = kpu.get(page_url(code)).content.decode()
    assert element(page, "lock-refusal") == "Rekapitulasi tingkat ini dikunci oleh PPK (kecamatan) wilayah ini."
    response = kpu.post(f"{page_url(code)}kunci/")
    assert response.status_code == 403 and "dikunci oleh PPK" in text(response.content.decode())
    assert not RecapLock.objects.exists()


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("ppk", "{code}/"),  # the PPK of another kecamatan
        ("ppk", "{code}/rekap.pdf"),
        ("kpu_bekasi", "{code}/"),
        ("kpu_bekasi", "3276/"),
        ("kpu_depok", "3275/"),
        ("kpu_depok", "nasional/"),
        ("kpps_small", "{code}/"),
    ],
)
def test_no_one_sees_a_region_outside_their_own(small, who, path):
    response = signed_in(small[who]).get(f"/petugas/rekap/{CONTEST}/" + path.format(code=small["code"]))
    assert response.status_code == 403
    assert "di luar cakupan rekapitulasi Anda" in text(response.content.decode())


@pytest.mark.parametrize("who", ["ppk", "kpu_bekasi"])
def test_no_one_signs_off_a_region_outside_their_own(small, who):
    response = signed_in(small[who]).post(f"{page_url(small['code'])}kunci/")
    assert response.status_code == 403 and not RecapLock.objects.exists()


def test_the_list_is_for_recap_officers_only(small, client):
    assert client.get("/petugas/rekap/").status_code == 302  # sign in first
    response = signed_in(small["kpps_small"]).get("/petugas/rekap/")
    assert response.status_code == 403
    listing = signed_in(small["kpu_ri"]).get("/petugas/rekap/").content.decode()
    assert f'href="{page_url("nasional")}"' in listing and "Indonesia" in listing
    listing = signed_in(small["kpu_depok"]).get("/petugas/rekap/").content.decode()
    assert f'href="{page_url("3276")}"' in listing and "0 dari" in text(listing)


def test_the_national_page_lists_the_provinces(small):
    page = signed_in(small["kpu_ri"]).get(page_url("nasional")).content.decode()
    assert 'href="/petugas/rekap/ppwp-2024/32/"' in page and "Jawa Barat" in page
    assert "Belum semua TPS masuk: 0 dari" in element(page, "lock-refusal")


@pytest.mark.parametrize("path", ["ppwp-2024/32760/", "ppwp-2024/327601100600/", "ppwp-2024/3276x1/", "nope/3276/"])
def test_unknown_contests_and_malformed_codes_are_not_found(small, path):
    assert signed_in(small["kpu_ri"]).get(f"/petugas/rekap/{path}").status_code == 404


def test_the_sign_off_and_reopen_take_posts_only(small):
    kpu = signed_in(small["kpu_ri"])
    assert kpu.get(f"{page_url('nasional')}kunci/").status_code == 405
    assert kpu.get(f"{page_url('nasional')}buka/").status_code == 405
    assert kpu.post(f"{page_url('nasional')}rekap.pdf").status_code == 405
