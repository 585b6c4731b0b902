"""The officers' pages under /petugas/berbagi-data/: the list, drafting with a DPIA, one agreement with its
actions (approve, extract, partner key, revoke) and files; refusals shown with their code, nothing written;
the officer API of agreements and extracts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.sharing.models import Agreement, Extract, PartnerKey
from suara.sharing.tests.support import PDF, TODAY, agreement

pytestmark = pytest.mark.django_db
BASE = "/petugas/berbagi-data/"


def _form(**overrides) -> dict:
    values = {
        "recipient": "Dinas Kesehatan Kota Depok",
        "organisation": "dinkes-depok",
        "purpose": "Undangan vaksinasi lansia.",
        "legal_basis": "tugas_publik",
        "legal_reference": "MoU 1/2026",
        "fields": ["nama", "usia", "alamat"],
        "aggregation": "individu",
        "region_code": "3276",
        "period_start": TODAY.isoformat(),
        "period_end": "2027-01-31",
        "dpia": SimpleUploadedFile("dpia-vaksinasi.pdf", PDF, content_type="application/pdf"),
    }
    return {**values, **overrides}


def test_draft_on_the_page_then_kpu_ri_approves_and_extracts(
    client, people, register, django_capture_on_commit_callbacks
):
    client.force_login(people["kpu_depok"])
    assert 'href="/petugas/berbagi-data/baru/"' in client.get(BASE).content.decode()
    created = client.post(BASE + "baru/", _form())
    assert created.status_code == 302
    made = Agreement.objects.get()
    assert made.fields == ["nama", "usia", "alamat"] and made.dpia_name == "dpia-vaksinasi.pdf"
    page = client.get(created["Location"]).content.decode()
    assert "Setujui perjanjian" not in page and "Draf (menunggu persetujuan KPU RI)" in page
    dpia = client.get(f"{BASE}{made.pk}/dpia/")
    assert dpia.status_code == 200 and b"".join(dpia.streaming_content) == PDF
    client.force_login(people["kpu_ri"])
    assert client.post(f"{BASE}{made.pk}/", {"action": "approve"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"{BASE}{made.pk}/", {"action": "extract", "region": "3276", "fields": ["nama", "usia"]})
    assert asked.status_code == 302
    record = Extract.objects.get()
    page = client.get(f"{BASE}{made.pk}/").content.decode()
    assert f'href="{BASE}ekstrak/{record.pk}/unduh/"' in page and "Berlaku" in page
    download = client.get(f"{BASE}ekstrak/{record.pk}/unduh/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"id_baris,nama,usia\n")
    issued = client.post(f"{BASE}{made.pk}/", {"action": "key", "username": "mitra_dinkes"})
    assert issued.status_code == 200 and "data-issued-key" in issued.content.decode()
    assert PartnerKey.objects.get().token.user == people["partner"]
    revoked = client.post(f"{BASE}{made.pk}/", {"action": "revoke", "reason": "Kampanye vaksinasi selesai."})
    assert revoked.status_code == 302 and Agreement.objects.get().status == "revoked"


def test_bad_input_on_the_pages_shows_its_code_and_writes_nothing(client, people, private_dir):
    client.force_login(people["kpu_depok"])
    for overrides, code in (({"fields": ["nama", "nik"]}, "sensitive_not_flagged"),
                            ({"dpia": SimpleUploadedFile("x.pdf", b"not a pdf")}, "dpia_not_pdf"),
                            ({"region_code": "3275"}, "forbidden"), ({"period_end": "2020-01-01"},
                                                                     "agreement_period_invalid")):  # fmt: skip
        page = client.post(BASE + "baru/", _form(**overrides))
        assert page.status_code in (400, 403) and f'data-code="{code}"' in page.content.decode()
    page = client.post(BASE + "baru/", {k: v for k, v in _form().items() if k != "dpia"})
    assert 'data-code="dpia_required"' in page.content.decode()
    assert not Agreement.objects.exists() and not (private_dir / "sharing").exists()
    made = agreement(people["kpu_depok"])
    refused = client.post(f"{BASE}{made.pk}/", {"action": "extract", "region": "3276"})
    assert refused.status_code == 403 and 'data-code="agreement_not_approved"' in refused.content.decode()
    same = agreement(people["kpu_ri"])
    client.force_login(people["kpu_ri"])
    refused = client.post(f"{BASE}{same.pk}/", {"action": "approve"})
    assert refused.status_code == 403 and 'data-code="approver_is_drafter"' in refused.content.decode()
    assert client.post(f"{BASE}{same.pk}/", {"action": "nothing"}).status_code == 404


def test_who_sees_what(client, people, register):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    client.force_login(people["kpu_bekasi"])
    assert f'data-agreement="{made.pk}"' not in client.get(BASE).content.decode()
    assert client.get(f"{BASE}{made.pk}/").status_code == 404
    assert client.get(f"{BASE}{made.pk}/dpia/").status_code == 404
    client.force_login(people["pps"])
    assert client.get(BASE).status_code == 403 and client.get(BASE + "baru/").status_code == 403
    client.force_login(people["kpu_depok"])
    page = client.get(f"{BASE}{made.pk}/").content.decode()
    assert "Cabut perjanjian" not in page and "Kunci API mitra" not in page and "Minta ekstrak" in page
    assert client.get(BASE + "ekstrak/999/unduh/").status_code == 404


def test_the_officer_api(client, people, register):
    _, depok = token_issue(user=people["kpu_depok"], name="t", actor=Actor.named("test"))
    _, ri = token_issue(user=people["kpu_ri"], name="t", actor=Actor.named("test"))
    as_depok, as_ri = {"HTTP_AUTHORIZATION": f"Bearer {depok}"}, {"HTTP_AUTHORIZATION": f"Bearer {ri}"}
    form = {k: v for k, v in _form().items() if k != "fields"}
    created = client.post("/api/v1/berbagi-data/perjanjian", {**form, "fields": "nama,usia"}, **as_depok)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["state"] == "draft" and created.json()["fields"] == ["nama", "usia"]
    again = {**_form(), "fields": "nama,nik", "dpia": SimpleUploadedFile("d.pdf", PDF)}
    bad = client.post("/api/v1/berbagi-data/perjanjian", again, **as_depok)
    assert bad.status_code == 400 and bad.json()["code"] == "sensitive_not_flagged"
    early = client.post(f"/api/v1/berbagi-data/perjanjian/{pk}/ekstrak", {}, "application/json", **as_depok)
    assert early.status_code == 403 and early.json()["code"] == "agreement_not_approved"
    assert client.post(f"/api/v1/berbagi-data/perjanjian/{pk}/setujui", **as_ri).json()["state"] == "active"
    job = client.post(f"/api/v1/berbagi-data/perjanjian/{pk}/ekstrak", {"fields": ["nama"]}, "application/json",
                      **as_depok)  # fmt: skip
    assert job.status_code == 202 and job.json()["kind"] == "sharing_extract"
    beyond = client.post(f"/api/v1/berbagi-data/perjanjian/{pk}/ekstrak", {"fields": ["alamat"]}, "application/json",
                         **as_depok)  # fmt: skip
    assert beyond.status_code == 403 and beyond.json()["code"] == "field_not_allowed"
    key = client.post(f"/api/v1/berbagi-data/perjanjian/{pk}/kunci-mitra", {"username": "mitra_dinkes"},
                      "application/json", **as_ri)  # fmt: skip
    assert key.status_code == 201 and key.json()["token"].startswith("suara_")
    revoked = client.post(f"/api/v1/berbagi-data/perjanjian/{pk}/cabut", {"reason": "Selesai."}, "application/json",
                          **as_ri)  # fmt: skip
    assert revoked.json()["state"] == "revoked"
    assert [a["id"] for a in client.get("/api/v1/berbagi-data/perjanjian", **as_depok).json()] == [pk]
    assert client.get(f"/api/v1/berbagi-data/perjanjian/{pk + 9}", **as_depok).json()["code"] == "agreement_not_found"
