"""The register operators' pages under /petugas/pemilih/: who may open them, finding a voter by NIK (a
POST, audited without the NIK), a desa's register with NIKs masked (one shown in full, audited), and the
DPB forms, each showing the rule that refuses it at its field."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.jobs.models import Job
from suara.voters.models import DpbPeriodLock, Voter, VoterEvent
from suara.voters.register.reads import PAGE_SIZE, mask_number
from suara.voters.services import voter_add
from suara.voters.tests.register_fixtures import DESA, OTHER_DESA, person

BASE = "/petugas/pemilih/"
JOBS = "/petugas/tugas/"


def signed_in(client, user):
    client.force_login(user)
    return client


def no_nik_in_audit(*niks: str) -> bool:
    return not any(nik in summary for summary in AuditEvent.objects.values_list("summary", flat=True) for nik in niks)


@pytest.mark.parametrize("who", ["kpps", None])
def test_the_register_is_for_register_operators_only(client, dpb_officers, dpb_voters, who):
    if who:
        client.force_login(dpb_officers[who])
    for url in (
        BASE,
        f"{BASE}desa/{DESA}/",
        f"{BASE}{dpb_voters[0].pk}/",
        f"{BASE}tambah/",
        f"{BASE}periode/",
        f"{BASE}tugas/",
    ):
        response = client.get(url)
        assert response.status_code == (403 if who else 302), url


def test_finding_a_voter_by_nik_is_a_post_audited_without_the_nik(client, dpb_officers, dpb_voters):
    signed_in(client, dpb_officers["pps"])
    before = AuditEvent.objects.count()
    response = client.post(BASE, {"nik": dpb_voters[0].nik})
    assert response.status_code == 200
    html = response.content.decode()
    assert dpb_voters[0].name in html and f"{BASE}{dpb_voters[0].pk}/" in html
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.actor, event.role, event.object_code) == ("voters.find_nik", "pps_depok", "pps", DESA)
    assert f"#{dpb_voters[0].pk}" in event.summary
    assert no_nik_in_audit(dpb_voters[0].nik)
    assert client.get(BASE, {"nik": dpb_voters[0].nik}).status_code == 200  # a GET searches nothing
    assert AuditEvent.objects.count() == before + 1


def test_a_nik_outside_the_operators_region_is_answered_as_an_unknown_one(client, dpb_officers, dpb_voters):
    signed_in(client, dpb_officers["pps"])
    elsewhere = client.post(BASE, {"nik": dpb_voters[3].nik}).content.decode()  # Depok Jaya: another desa
    unknown = client.post(BASE, {"nik": dpb_voters[3].nik[:-4] + "0999"}).content.decode()
    message = "NIK ini tidak terdaftar di wilayah kerja Anda."
    assert message in elsewhere and message in unknown
    assert dpb_voters[3].name not in elsewhere
    assert no_nik_in_audit(dpb_voters[3].nik)
    refused = client.post(BASE, {"nik": "12345"})
    assert refused.status_code == 400 and "NIK harus berupa 16 digit angka." in refused.content.decode()


def test_a_desa_register_masks_niks_and_showing_one_is_audited(client, dpb_officers, dpb_voters):
    signed_in(client, dpb_officers["kpu_depok"])
    url = f"{BASE}desa/{DESA}/"
    html = client.get(url).content.decode()
    for voter in dpb_voters[:3]:
        assert voter.name in html
        assert voter.nik not in html and f"{voter.nik[:6]}······{voter.nik[-4:]}" in html
    assert dpb_voters[3].name not in html  # another desa
    before = AuditEvent.objects.count()
    shown = client.post(url, {"voter": dpb_voters[1].pk}).content.decode()
    assert dpb_voters[1].nik in shown and dpb_voters[0].nik not in shown and dpb_voters[2].nik not in shown
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.summary) == ("voters.reveal_nik", f"NIK pemilih #{dpb_voters[1].pk} ditampilkan")
    assert no_nik_in_audit(dpb_voters[1].nik)


def test_the_desa_register_pages_and_refuses_outsiders(client, dpb_officers, dpb_voters):
    for n in range(10, 10 + PAGE_SIZE):
        voter_add(actor=Actor.of(dpb_officers["kpu_ri"]), **person(n))
    signed_in(client, dpb_officers["pps"])
    first = client.get(f"{BASE}desa/{DESA}/").content.decode()
    second = client.get(f"{BASE}desa/{DESA}/", {"halaman": "2"}).content.decode()
    assert len(re.findall(r'name="voter"', first)) == PAGE_SIZE
    assert len(re.findall(r'name="voter"', second)) == 3
    for odd in ("²", "1e400", "-1", "99999999999"):
        assert client.get(f"{BASE}desa/{DESA}/", {"halaman": odd, "status": "tms"}).status_code == 200
    assert client.get(f"{BASE}desa/{DESA}/", {"status": "x"}).status_code == 200  # read as "all"
    assert client.get(f"{BASE}desa/{OTHER_DESA}/").status_code == 403
    assert client.get(f"{BASE}desa/9999999999/").status_code == 404
    assert client.get(f"{BASE}desa/abc/").status_code == 404


def test_marking_tms_shows_the_refusing_rule_at_its_field_then_succeeds(client, dpb_officers, dpb_voters):
    signed_in(client, dpb_officers["pps"])
    voter = dpb_voters[0]
    refused = client.post(f"{BASE}{voter.pk}/tms/", {"tms-tms_code": "1", "tms-note": ""})
    assert refused.status_code == 400
    html = refused.content.decode()
    # The service's rule, under the note field of the TMS form.
    assert re.search(r'name="tms-note".*?Keterangan dan dasar \(bukti\) perubahan wajib diisi\.', html, re.S)
    assert Voter.objects.get(pk=voter.pk).status == "aktif"
    done = client.post(f"{BASE}{voter.pk}/tms/", {"tms-tms_code": "1", "tms-note": "Akta kematian no. 12/2026"})
    assert done.status_code == 302 and done["Location"] == f"{BASE}{voter.pk}/"
    voter.refresh_from_db()
    assert (voter.status, voter.tms_code) == ("tms", 1)
    assert VoterEvent.objects.filter(voter=voter, kind="tms").count() == 1
    page = client.get(done["Location"]).content.decode()
    assert "Aktifkan kembali" in page and "Tandai TMS" not in page
    again = client.post(f"{BASE}{voter.pk}/aktifkan/", {"aktif-note": "Salah data: masih hidup"})
    assert again.status_code == 302
    voter.refresh_from_db()
    assert voter.status == "aktif"


def test_moving_and_correcting_go_through_the_services_and_their_rules(client, dpb_officers, dpb_voters):
    signed_in(client, dpb_officers["pps"])
    voter = dpb_voters[0]
    outside = client.post(f"{BASE}{voter.pk}/pindah/", {"pindah-desa": OTHER_DESA, "pindah-note": "pindah rumah"})
    assert outside.status_code == 403 and "Anda tidak berwenang" in outside.content.decode()
    moved = client.post(f"{BASE}{voter.pk}/pindah/", {"pindah-tps": f"{DESA}002", "pindah-note": ""})
    assert moved.status_code == 302
    assert Voter.objects.get(pk=voter.pk).tps_id == f"{DESA}002"
    form = {
        "ubah-name": "Sari Wulandari Putri",
        "ubah-birth_place": voter.birth_place,
        "ubah-birth_date": voter.birth_date.isoformat(),
        "ubah-sex": "L",  # the NIK says a woman: refused at the sex field? at the NIK, which no longer agrees
        "ubah-marital": voter.marital,
        "ubah-address": voter.address,
        "ubah-rt": voter.rt,
        "ubah-rw": voter.rw,
        "ubah-disability": "",
        "ubah-note": "KTP-el diperiksa",
    }
    refused = client.post(f"{BASE}{voter.pk}/perbaikan/", form)
    assert refused.status_code == 400
    assert re.search(r'name="ubah-nik".*?form__error', refused.content.decode(), re.S)
    assert voter.nik not in refused.content.decode()  # the correction form never shows the NIK
    corrected = client.post(f"{BASE}{voter.pk}/perbaikan/", {**form, "ubah-sex": "P"})
    assert corrected.status_code == 302
    assert Voter.objects.get(pk=voter.pk).name == "Sari Wulandari Putri"
    assert VoterEvent.objects.get(voter=voter, kind="ubah").changes == {"fields": ["name"]}


def test_adding_a_voter_from_the_page(client, dpb_officers):
    signed_in(client, dpb_officers["pps"])
    values = person(40)
    form = {k: v for k, v in values.items() if k not in ("kemendagri_desa_code", "voting_day")}
    form.update(desa=DESA, tps="", birth_date=values["birth_date"].isoformat(), note="")
    child = person(41, birth_date=date(2015, 1, 1), marital="B")
    young = {**form, "nik": child["nik"], "marital": "B", "birth_date": "2015-01-01"}
    refused = client.post(f"{BASE}tambah/", young)
    assert refused.status_code == 400 and "Belum berusia 17 tahun" in refused.content.decode()
    assert not Voter.objects.exists()
    added = client.post(f"{BASE}tambah/", form)
    assert added.status_code == 302
    voter = Voter.objects.get()
    assert (voter.desa_id, voter.name) == (DESA, values["name"])
    assert added["Location"] == f"{BASE}{voter.pk}/"
    twice = client.post(f"{BASE}tambah/", form)
    assert twice.status_code == 409 and "NIK ini sudah terdaftar sebagai pemilih." in twice.content.decode()


def test_a_kabkota_locks_and_reopens_its_dpb_period_and_a_pps_is_refused(client, dpb_officers, dpb_voters):
    period = {"tetapkan-region": "3276", "tetapkan-period_start": "2026-10-01", "tetapkan-period_end": "2026-12-31"}
    signed_in(client, dpb_officers["pps"])
    refused = client.post(f"{BASE}periode/", period)
    assert refused.status_code == 403 and "Anda tidak berwenang" in refused.content.decode()
    assert not DpbPeriodLock.objects.exists()
    signed_in(client, dpb_officers["kpu_depok"])
    assert 'value="3276"' in client.get(f"{BASE}periode/").content.decode()
    assert client.post(f"{BASE}periode/", period).status_code == 302
    lock = DpbPeriodLock.objects.get()
    overlapping = client.post(f"{BASE}periode/", period)
    assert overlapping.status_code == 409 and "bertumpang tindih" in overlapping.content.decode()
    # While the period stands, the TMS form answers with the lock's rule.
    signed_in(client, dpb_officers["pps"])
    locked = client.post(f"{BASE}{dpb_voters[0].pk}/tms/", {"tms-tms_code": "4", "tms-note": "pindah domisili"})
    assert locked.status_code == 409 and "sudah ditetapkan dalam rapat pleno" in locked.content.decode()
    signed_in(client, dpb_officers["kpu_depok"])
    no_reason = client.post(f"{BASE}periode/{lock.pk}/buka/", {f"buka{lock.pk}-reason": ""})
    assert no_reason.status_code == 400 and "Alasan membuka kembali periode wajib diisi." in no_reason.content.decode()
    assert client.post(f"{BASE}periode/{lock.pk}/buka/", {f"buka{lock.pk}-reason": "Salah tanggal"}).status_code == 302
    lock.refresh_from_db()
    assert lock.reopened_by == "kpu_depok"
    signed_in(client, dpb_officers["kpu_bekasi"])
    assert client.post(f"{BASE}periode/{lock.pk}/buka/", {f"buka{lock.pk}-reason": "x"}).status_code == 403


def test_a_pps_cannot_open_a_voter_of_another_desa(client, dpb_officers, dpb_voters):
    signed_in(client, dpb_officers["pps"])
    assert client.get(f"{BASE}{dpb_voters[3].pk}/").status_code == 403
    assert client.get(f"{BASE}999999/").status_code == 404
    response = client.post(f"{BASE}{dpb_voters[3].pk}/tms/", {"tms-tms_code": "1", "tms-note": "x"})
    assert response.status_code == 403
    assert Voter.objects.get(pk=dpb_voters[3].pk).status == "aktif"


def test_a_job_started_from_the_page_shows_its_progress_and_its_result(
    client, dpb_officers, dpb_voters, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_DIR = tmp_path / "private"
    signed_in(client, dpb_officers["kpu_depok"])
    page = client.get(f"{BASE}tugas/").content.decode()
    assert 'name="report_dpb-format"' in page and 'enctype="multipart/form-data"' in page
    refused = client.post(
        f"{BASE}tugas/", {"allocate-kind": "allocate", "allocate-region": "3275", "allocate-max_per_tps": "300"}
    )
    assert refused.status_code == 403 and "Anda tidak berwenang" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            f"{BASE}tugas/", {"report_dpb-kind": "report_dpb", "report_dpb-region": "3276", "report_dpb-format": "pdf"}
        )
    job = Job.objects.get()
    assert started.status_code == 302 and started["Location"] == f"{JOBS}{job.pk}/"  # the job kernel's page
    html = client.get(started["Location"]).content.decode()
    assert 'value="100"' in html and f"{JOBS}{job.pk}/unduh/" in html
    assert "<dt>Pemilih aktif</dt><dd>4</dd>" in html  # Depok's four voters, labelled
    assert "job.js" not in html and "refresh" not in html  # finished: nothing polls
    status = client.get(f"{JOBS}{job.pk}/status/").json()
    assert (status["state"], status["progress"], status["finished"]) == ("done", 100, True)
    download = client.get(f"{JOBS}{job.pk}/unduh/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:5] == b"%PDF-"
    assert download["Content-Disposition"].startswith("attachment")
    for old, new in (("", ""), ("status/", "status/"), ("unduh/", "unduh/")):  # the register's old addresses
        moved = client.get(f"{BASE}tugas/{job.pk}/{old}")
        assert (moved.status_code, moved["Location"]) == (301, f"{JOBS}{job.pk}/{new}")
    assert f"{JOBS}{job.pk}/" in client.get(f"{BASE}tugas/").content.decode()  # listed with the forms
    signed_in(client, dpb_officers["kpu_bekasi"])
    assert client.get(f"{JOBS}{job.pk}/").status_code == 404
    assert client.get(f"{JOBS}{job.pk}/unduh/").status_code == 404
    assert client.get(f"{JOBS}{job.pk}/status/").status_code == 404


def test_a_running_job_page_polls_with_a_static_script_and_a_noscript_refresh(client, dpb_officers):
    job = Job.objects.create(
        kind="report_dpb", started_by="pps_depok", role="pps", scope=DESA, created_at=timezone.now()
    )
    signed_in(client, dpb_officers["pps"])
    html = client.get(f"{JOBS}{job.pk}/").content.decode()
    assert '<script src="/static/jobs/job.js" defer></script>' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert f'data-status-url="{JOBS}{job.pk}/status/"' in html
    assert "<script>" not in html  # no inline script under the CSP


def test_an_upload_over_the_limit_is_refused_by_its_length(client, dpb_officers, settings):
    settings.SUARA_VOTER_UPLOAD_MAX_BYTES = 1024 * 1024
    signed_in(client, dpb_officers["pps"])
    body = {
        "import-kind": "import",
        "import-region": DESA,
        "import-file": SimpleUploadedFile("a.csv", b"x" * 1_200_000),
    }
    response = client.post(f"{BASE}tugas/", body)
    assert response.status_code == 413 and "import-voters" in response.content.decode()
    assert not Job.objects.exists()


@given(st.text(alphabet="0123456789", min_size=0, max_size=20))
def test_a_masked_number_keeps_only_the_region_and_the_serial(value):
    masked = mask_number(value)
    if len(value) == 16:
        assert masked == value[:6] + "······" + value[-4:]
    else:  # anything else shows nothing of itself
        assert set(masked) <= {"·"} and len(masked) == len(value)
