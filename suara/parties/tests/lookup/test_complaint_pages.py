"""The complaint's pages: from a lookup's hit to the form (a token posted, never a URL), the submission and
its status page (nothing personal), the KPU kab/kota's and the party operator's lists (overdue marked) and a
case's page with its steps; refusals with their codes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from suara.audit.actors import Actor
from suara.parties.complaints import services
from suara.parties.complaints.rules import Step
from suara.parties.complaints.tokens import complaint_token
from suara.parties.models import Complaint, Member
from suara.parties.tests.lookup.support import NAME, NIK, PDF_BYTES, jpeg_bytes, listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(parties, private_dir, fixed_rate_clock):
    return listing(1)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def filed(member) -> Complaint:
    return services.complaint_file(
        token=complaint_token(member.pk), email="warga@example.org", phone="", statement=jpeg_bytes(), ktp=None
    )


def test_from_a_hit_to_a_filed_complaint_without_anything_personal_in_a_url(client, member):
    hit = client.post("/partai/cek/", {"nik": NIK, "nama": NAME}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', hit).group(1)
    assert NIK not in token
    form = client.post("/partai/aduan/baru/", {"token": token})
    assert form.status_code == 200 and 'name="pernyataan"' in form.content.decode()
    refused = client.post("/partai/aduan/kirim/", {"token": token, "email": "warga@example.org"})
    assert refused.status_code == 400 and 'data-code="complaint_statement_required"' in refused.content.decode()
    sent = client.post(
        "/partai/aduan/kirim/",
        {"token": token, "telepon": "081234567890", "pernyataan": upload("surat.pdf", PDF_BYTES)},
    )
    complaint = Complaint.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/partai/aduan/{complaint.code}/"
    status = client.get(sent["Location"])
    html = status.content.decode()
    assert status.status_code == 200 and complaint.code in html and 'data-state="received"' in html
    for personal in (NIK, "Budi", "BU**", "081234567890", "6281234567890"):
        assert personal not in html


def test_the_form_without_a_fresh_token_sends_the_citizen_back_to_check(client, member):
    answer = client.post("/partai/aduan/baru/", {"token": "rusak"})
    assert answer.status_code == 400 and 'data-code="complaint_link_invalid"' in answer.content.decode()
    assert client.get("/partai/aduan/baru/").status_code == 405


def test_a_case_code_is_followed_by_form_and_an_unknown_one_is_a_404(client, member):
    complaint = filed(member)
    typed = complaint.code.lower()[:5] + "-" + complaint.code.lower()[5:]
    assert client.post("/partai/aduan/", {"kode": typed})["Location"] == f"/partai/aduan/{complaint.code}/"
    assert client.post("/partai/aduan/", {"kode": "pendek"}).status_code == 400
    assert client.get("/partai/aduan/ZZZZZZZZZZ/").status_code == 404


def test_the_kpu_list_marks_overdue_cases_and_the_party_sees_only_its_own(
    client, member, kpu_depok, operator_pkb, operator_ppp
):
    complaint = filed(member)
    Complaint.objects.filter(pk=complaint.pk).update(due_at=timezone.now() - timedelta(hours=1))
    client.force_login(kpu_depok)
    html = client.get("/petugas/partai/aduan/").content.decode()
    assert f'data-code="{complaint.code}" class="is-overdue" data-overdue="ya"' in html
    client.force_login(operator_pkb)
    assert f'data-code="{complaint.code}"' in client.get("/petugas/partai/aduan/").content.decode()
    client.force_login(operator_ppp)
    assert complaint.code not in client.get("/petugas/partai/aduan/").content.decode()
    assert client.get(f"/petugas/partai/aduan/{complaint.code}/").status_code == 403


def test_an_account_without_a_role_here_is_refused(client, member, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="siapa", password="x" * 12))
    assert client.get("/petugas/partai/aduan/").status_code == 403
    client.logout()
    assert client.get("/petugas/partai/aduan/").status_code == 302  # to sign in


def test_the_kpu_steps_through_the_case_page(client, member, kpu_depok):
    complaint = filed(member)
    client.force_login(kpu_depok)
    page = client.get(f"/petugas/partai/aduan/{complaint.code}/").content.decode()
    assert "warga@example.org" in page and 'data-step="clarify"' in page and 'data-step="remove"' not in page
    url = f"/petugas/partai/aduan/{complaint.code}/"
    out_of_order = client.post(url, {"langkah": "remove"})
    assert out_of_order.status_code == 409 and 'data-code="complaint_out_of_order"' in out_of_order.content.decode()
    assert client.post(url, {"langkah": "clarify", "catatan": "ditelepon"}).status_code == 302
    no_report = client.post(url, {"langkah": "decide"})
    assert no_report.status_code == 400 and 'data-code="complaint_report_required"' in no_report.content.decode()
    assert client.post(url, {"langkah": "decide", "berita_acara": upload("ba.pdf", PDF_BYTES)}).status_code == 302
    assert client.post(url, {"langkah": "notify_party"}).status_code == 302
    assert client.post(url, {"langkah": "remove"}).status_code == 302
    assert Member.objects.get(pk=member.pk).removed_reason == "complaint"
    statement = client.get(f"{url}berkas/pernyataan/")
    assert statement.status_code == 200 and statement["Content-Type"] == "image/jpeg"
    assert client.get(f"{url}berkas/berita-acara/")["Content-Type"] == "application/pdf"
    assert client.get(f"{url}berkas/lain/").status_code == 404
    assert client.post(url, {"langkah": "tidak-ada"}).status_code == 404


def test_another_kabkotas_kpu_may_not_open_the_case(client, member, kpu_bekasi):
    complaint = filed(member)
    client.force_login(kpu_bekasi)
    assert client.get(f"/petugas/partai/aduan/{complaint.code}/").status_code == 403
    assert client.post(f"/petugas/partai/aduan/{complaint.code}/", {"langkah": "clarify"}).status_code == 403
    assert client.get(f"/petugas/partai/aduan/{complaint.code}/berkas/pernyataan/").status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).state == "received"


def test_the_party_answers_on_the_case_page_and_sees_no_contact_nor_statement(client, member, operator_pkb):
    complaint = filed(member)
    client.force_login(operator_pkb)
    url = f"/petugas/partai/aduan/{complaint.code}/"
    page = client.get(url).content.decode()
    assert "warga@example.org" not in page and "berkas/pernyataan" not in page and 'data-step="' not in page
    assert client.get(f"{url}berkas/pernyataan/").status_code == 403
    assert client.post(url, {"langkah": "clarify"}).status_code == 403
    assert client.post(url, {"langkah": "answer", "tanggapan": "Kami periksa."}).status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).party_answer == "Kami periksa."
    again = client.post(url, {"langkah": "answer", "tanggapan": "Lagi."})
    assert again.status_code == 409 and 'data-code="complaint_already_answered"' in again.content.decode()


def test_the_status_is_read_over_the_api_without_anything_personal(client, member, kpu_depok):
    complaint = filed(member)
    services.complaint_step(actor=Actor.of(kpu_depok), code=complaint.code, step=Step.CLARIFY)
    answer = client.get(f"/api/v1/aduan-partai/{complaint.code.lower()}")
    body = answer.json()
    assert answer.status_code == 200 and body["kode"] == complaint.code and body["status"] == "clarification"
    assert [c["status"] for c in body["riwayat"]] == ["received", "clarification"]
    assert body["riwayat"][0]["selesai"] and body["riwayat"][1]["selesai"] is None and body["terlambat"] is False
    for personal in (NIK, "Budi", "warga@example.org"):
        assert personal not in answer.content.decode()
    missing = client.get("/api/v1/aduan-partai/ZZZZZZZZZZ")
    assert missing.status_code == 404 and missing.json()["code"] == "complaint_not_found"
