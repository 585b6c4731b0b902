"""The officers' pages under /petugas/adhoc/, the public comment page under /rekrutmen/ and the API."""

import io
import json
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.officers.bodies import Body, Status
from suara.officers.models import Officer, PublicComment
from suara.officers.selection.services import comment_window_open
from suara.officers.selection.tests.support import DESA, KECAMATAN, TPS, make_adhoc, synthetic_nik
from suara.people.names import mask_name

pytestmark = pytest.mark.django_db
POSTING = f"/petugas/adhoc/pemilu-2024/pos/{TPS}/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def appoint_form(kpps, **extra):
    return {
        "officer": [str(o.pk) for o in kpps],
        "chair": str(kpps[0].pk),
        "number": "7/PPS/2024",
        "decreed_on": "2024-01-24",
        "signer": "Ketua PPS Depok",
        "term_start": "2024-01-25",
        "term_end": "2024-02-24",
        **extra,
    }


def test_a_pps_appoints_on_the_tps_roster_page_and_downloads_the_decree(staff, pemilu_2024):
    kpps = [make_adhoc(pemilu_2024, Body.KPPS, TPS, name=f"Sintetis Calon {n}") for n in range(7)]
    client = client_for(staff["pps"])
    page = client.get(POSTING)
    assert page.status_code == 200 and b"Lantik dengan SK" in page.content
    answer = client.post(f"{POSTING}kpps/lantik/", appoint_form(kpps))
    assert answer.status_code == 302
    page = client.get(POSTING).content.decode()
    assert "7 dari 7 kursi terisi" in page and "Unduh SK (PDF)" in page
    decree_id = AuditEvent.objects.get(action="officers.appoint").summary.split("SK ")[1].split(",")[0]
    pdf = client.get(f"/petugas/adhoc/pemilu-2024/sk/{decree_id}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    # "Buat akun": the chair's account, codes shown once.
    codes = client.post(f"{POSTING}kpps/akun/")
    assert codes.status_code == 200 and "no-store" in codes["Cache-Control"]
    assert f"kpps-{TPS}-{kpps[0].pk}".encode() in codes.content


def test_the_roster_page_refuses_beyond_the_seats_with_the_code(staff, pemilu_2024):
    kpps = [make_adhoc(pemilu_2024, Body.KPPS, TPS) for _ in range(8)]
    answer = client_for(staff["pps"]).post(f"{POSTING}kpps/lantik/", appoint_form(kpps))
    assert answer.status_code == 409 and b"seats_exceeded" in answer.content
    assert not Officer.objects.filter(status=Status.APPOINTED).exists()


def test_another_desa_s_pps_sees_nothing_and_appoints_nothing(staff, pemilu_2024):
    kpps = [make_adhoc(pemilu_2024, Body.KPPS, TPS) for _ in range(2)]
    client = client_for(staff["pps_next"])
    assert client.get(POSTING).status_code == 403
    assert client.post(f"{POSTING}kpps/lantik/", appoint_form(kpps)).status_code == 403
    assert client_for(staff["kpu"]).get(POSTING).content.count(b"Lantik dengan SK") == 0  # the KPU reads only


def test_the_region_pages_drill_down_and_the_honorarium_downloads(staff, pemilu_2024):
    make_adhoc(pemilu_2024, Body.PPS, DESA, status=Status.APPOINTED, position="ketua")
    client = client_for(staff["kpu"])
    assert client.get("/petugas/adhoc/").url == "/petugas/adhoc/pemilu-2024/wilayah/3276/"
    city = client.get("/petugas/adhoc/pemilu-2024/wilayah/3276/").content.decode()
    assert f"/petugas/adhoc/pemilu-2024/wilayah/{KECAMATAN}/" in city and "Unggah Linmas" in city
    kecamatan = client.get(f"/petugas/adhoc/pemilu-2024/wilayah/{KECAMATAN}/").content.decode()
    assert f"/petugas/adhoc/pemilu-2024/wilayah/{DESA}/" in kecamatan
    desa = client.get(f"/petugas/adhoc/pemilu-2024/wilayah/{DESA}/").content.decode()
    assert POSTING in desa
    xlsx = client.get(f"/petugas/adhoc/pemilu-2024/wilayah/{DESA}/honorarium.xlsx")
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert next(r for r in rows if r[1] == "JUMLAH")[5] == 1_500_000
    assert client_for(staff["kpu_bekasi"]).get("/petugas/adhoc/pemilu-2024/wilayah/3276/").status_code == 403
    assert client_for(staff["pps"]).get(f"/petugas/adhoc/pemilu-2024/wilayah/{DESA}/honorarium.xlsx").status_code == 200
    assert client.get("/petugas/adhoc/pemilu-2099/wilayah/3276/").status_code == 404


def test_the_linmas_upload_page(staff, pemilu_2024):
    client = client_for(staff["kpu"])
    good = f"nik,nama,tps,telepon\n{synthetic_nik(7001, sex='L')},Sintetis Linmas,{TPS},\n".encode()
    answer = client.post("/petugas/adhoc/pemilu-2024/wilayah/3276/linmas/", {"file": io.BytesIO(good)})
    assert answer.status_code == 302 and Officer.objects.filter(body=Body.LINMAS).count() == 1
    bad = f"nik,nama,tps,telepon\n123,Sintetis,{TPS},\n".encode()
    answer = client.post("/petugas/adhoc/pemilu-2024/wilayah/3276/linmas/", {"file": io.BytesIO(bad)})
    assert answer.status_code == 400 and b"nik_length" in answer.content


def test_the_public_comment_page_masks_names_and_records_a_comment(staff, pemilu_2024, fixed_today):
    candidate = make_adhoc(pemilu_2024, Body.PPS, DESA, status=Status.SHORTLISTED, name="Sintetis Wulandari")
    window = comment_window_open(
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="pps",
        posting=DESA,
        opens_on=date(2023, 1, 10),
        closes_on=date(2023, 1, 16),
    )
    fixed_today(date(2023, 1, 11))
    page = Client().get(f"/rekrutmen/tanggapan/{window.pk}/").content.decode()
    assert mask_name("Sintetis Wulandari") in page and "Wulandari" not in page
    answer = Client().post(
        f"/rekrutmen/tanggapan/{window.pk}/",
        {"officer": str(candidate.pk), "text": "Calon ini pengurus partai.", "contact": "0812000111"},
    )
    assert answer.status_code == 302 and PublicComment.objects.count() == 1
    empty = Client().post(f"/rekrutmen/tanggapan/{window.pk}/", {"text": "", "contact": "x"})
    assert empty.status_code == 400
    # The office reads it, with the contact; the PPS of the desa does not (the KPU kab/kota forms the PPS).
    read = client_for(staff["kpu"]).get(f"/petugas/adhoc/pemilu-2024/tanggapan/{window.pk}/")
    assert b"0812000111" in read.content and b"Sintetis Wulandari" in read.content
    assert client_for(staff["pps"]).get(f"/petugas/adhoc/pemilu-2024/tanggapan/{window.pk}/").status_code == 403


# --- API -------------------------------------------------------------------------------------------------


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user, name='uji', actor=Actor.named('test'))[1]}"}


def test_the_api_appoints_reads_the_roster_and_the_completeness(staff, pemilu_2024):
    kpps = [make_adhoc(pemilu_2024, Body.KPPS, TPS) for _ in range(8)]
    client, auth = Client(), bearer(staff["pps"])
    body = {
        "officer_ids": [o.pk for o in kpps],
        "number": "1",
        "decreed_on": "2024-01-24",
        "signer": "Ketua PPS",
        "term_start": "2024-01-25",
        "term_end": "2024-02-24",
    }
    url = f"/api/v1/adhoc/pemilu-2024/kpps/{TPS}/lantik"
    over = client.post(url, json.dumps(body), content_type="application/json", **auth)
    assert over.status_code == 409 and over.json()["code"] == "seats_exceeded"
    body["officer_ids"] = [o.pk for o in kpps[:7]]
    body["chair_id"] = kpps[0].pk
    made = client.post(url, json.dumps(body), content_type="application/json", **auth)
    assert made.status_code == 201 and len(made.json()["appointed"]) == 7
    roster = client.get(f"/api/v1/adhoc/pemilu-2024/susunan/{TPS}", **auth).json()
    assert roster["bodies"][0]["filled"] == 7 and roster["bodies"][0]["appointed"][0]["position"] == "ketua"
    page = client.get(f"/api/v1/adhoc/pemilu-2024/kelengkapan/{DESA}", **auth).json()
    first = page["children"][0]
    assert first["code"] == TPS and {"body": "kpps", "filled": 7, "seats": 7} in first["bodies"]
    wrong = client.get("/api/v1/adhoc/pemilu-2024/kelengkapan/3275", **auth)
    assert wrong.status_code == 403 and wrong.json()["code"] == "forbidden"
    promote = client.post(
        "/api/v1/adhoc/cadangan", json.dumps({"reserve_id": kpps[7].pk}), content_type="application/json", **auth
    )
    assert promote.status_code == 409 and promote.json()["code"] == "reserve_not_found"


def test_the_public_comment_api(staff, pemilu_2024, fixed_today):
    candidate = make_adhoc(pemilu_2024, Body.PPK, KECAMATAN, status=Status.SHORTLISTED)
    window = comment_window_open(
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="ppk",
        posting=KECAMATAN,
        opens_on=date(2022, 12, 1),
        closes_on=date(2022, 12, 7),
    )
    fixed_today(date(2022, 12, 2))
    url = f"/api/v1/rekrutmen/tanggapan/{window.pk}"
    sent = Client().post(
        url, json.dumps({"officer_id": candidate.pk, "text": "Baik.", "contact": "a@b.id"}), "application/json"
    )
    assert sent.status_code == 201
    fixed_today(date(2022, 12, 8))
    late = Client().post(url, json.dumps({"text": "Baik.", "contact": "a@b.id"}), "application/json")
    assert late.status_code == 409 and late.json()["code"] == "comment_window_closed"


def test_the_kpu_uploads_scores_draws_the_shortlist_and_opens_the_comments(staff, pemilu_2024):
    applicants = [make_adhoc(pemilu_2024, Body.PPS, DESA) for _ in range(11)]
    client = client_for(staff["kpu"])
    content = "nik,nilai\n" + "".join(f"{o.nik},{90 - n}\n" for n, o in enumerate(applicants))
    answer = client.post(
        "/petugas/adhoc/pemilu-2024/wilayah/3276/nilai/", {"body": "pps", "file": io.BytesIO(content.encode())}
    )
    assert answer.status_code == 302
    refused = client.post(
        "/petugas/adhoc/pemilu-2024/wilayah/3276/nilai/", {"body": "pps", "file": io.BytesIO(b"nik,nilai\n1,2\n")}
    )
    assert refused.status_code == 400 and b"applicant_unknown" in refused.content
    desa_roster = f"/petugas/adhoc/pemilu-2024/pos/{DESA}/"
    assert b"Tetapkan peserta wawancara" in client.get(desa_roster).content
    assert client.post(f"{desa_roster}pps/wawancara/").status_code == 302
    assert Officer.objects.filter(status=Status.SHORTLISTED).count() == 9
    opened = client.post(f"{desa_roster}pps/tanggapan/", {"opens_on": "2023-01-10", "closes_on": "2023-01-16"})
    assert opened.status_code == 302
    page = client.get(desa_roster).content.decode()
    assert "/rekrutmen/tanggapan/" in page and "Buka masa tanggapan" not in page
    bad = client.post(f"{desa_roster}pps/tanggapan/", {"opens_on": "2023-01-10", "closes_on": "x"})
    assert bad.status_code == 400 and b"comment_window_invalid" in bad.content
    # The PPS does not select its own peers.
    assert client_for(staff["pps"]).post(f"{desa_roster}pps/wawancara/").status_code == 403
