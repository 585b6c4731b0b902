"""The party operator's pages: the upload through the browser's form as a job, the home page's counts and
versions, the list as of a version and its export; another party's pages refused (403), bad files
refused with their code, NIKs masked on the pages and never in a URL."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_officer
from suara.audit.models import AuditEvent
from suara.jobs.models import Job
from suara.parties.members.rows import COLUMNS
from suara.parties.models import Member


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    return settings.PRIVATE_DIR


@pytest.fixture
def post_upload(client, django_capture_on_commit_callbacks):
    """Posts the upload form as ``user`` and runs the job its commit queues (the immediate backend)."""

    def post(user, party, data: bytes, *, name="anggota.csv", delta=False):
        client.force_login(user)
        upload = SimpleUploadedFile(name, data, content_type="text/csv")
        form = {"file": upload, **({"delta": "on"} if delta else {})}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/petugas/partai/{party.pk}/unggah/", form)
        return response

    return post


def test_an_operator_uploads_a_list_and_sees_its_counts(client, parties, operators, members, csv_bytes, post_upload):
    pkb = parties["pkb"]
    rows = members(12)
    response = post_upload(operators["pkb"], pkb, csv_bytes([*rows, rows[0]]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/petugas/tugas/{job.pk}/"
    assert (job.state, job.kind, job.scope, job.role) == ("done", "party_members", "pkb", "party_operator")
    assert job.summary["added"] == 12 and job.summary["rejected"] == 1 and job.summary["version"] == 1
    assert job.params == {"party_id": pkb.pk, "delta": False, "file_name": "anggota.csv"}
    report = client.get(f"/petugas/tugas/{job.pk}/unduh/")
    text = b"".join(report.streaming_content).decode()
    refused = "14,nik_duplicate_in_file,nik,NIK yang sama sudah ada pada baris 2 berkas ini."
    assert text.splitlines() == ["baris,kode,kolom,keterangan", refused]
    page = client.get("/petugas/partai/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert 'data-status="total"><th scope="row">Jumlah anggota</th><td class="num">12<' in html
    assert f"/petugas/partai/{pkb.pk}/versi/?versi=1" in html
    assert "Partai Kebangkitan Bangsa" in html and "Gerindra" not in html
    assert not any(r[0] in html for r in rows)


def test_a_delta_through_the_form(parties, operators, members, csv_bytes, post_upload):
    pkb = parties["pkb"]
    rows = members(5)
    post_upload(operators["pkb"], pkb, csv_bytes(rows))
    post_upload(operators["pkb"], pkb, csv_bytes(rows[:2], actions=["hapus", "hapus"]), delta=True)
    job = Job.objects.order_by("-pk").first()
    assert (job.state, job.summary["removed"], job.summary["version"]) == ("done", 2, 2)
    assert Member.objects.filter(party=pkb, removed_at__isnull=True).count() == 3


def test_another_partys_pages_are_refused(client, parties, operators, members, csv_bytes, post_upload):
    pkb, gerindra = parties["pkb"], parties["gerindra"]
    post_upload(operators["pkb"], pkb, csv_bytes(members(3)))
    response = post_upload(operators["gerindra"], pkb, csv_bytes(members(3, seed=5)))
    assert response.status_code == 403
    assert Job.objects.count() == 1 and Member.objects.filter(party=pkb).count() == 3
    client.force_login(operators["gerindra"])
    for url in (f"/petugas/partai/{pkb.pk}/versi/", f"/petugas/partai/{pkb.pk}/versi/1/unduh.csv"):
        assert client.get(url).status_code == 403
    assert client.get(f"/petugas/partai/{gerindra.pk}/versi/").status_code == 200
    assert client.get("/petugas/partai/999999/versi/").status_code == 404
    assert not AuditEvent.objects.filter(action="parties.members_export").exists()
    # Not a party operator at all.
    client.force_login(make_officer("kpu_ri", "kpu_ri", ""))
    assert client.get("/petugas/partai/").status_code == 403
    assert client.post(f"/petugas/partai/{pkb.pk}/unggah/").status_code == 403


def test_the_job_of_one_party_is_not_anothers(client, parties, operators, members, csv_bytes, post_upload):
    post_upload(operators["pkb"], parties["pkb"], csv_bytes(members(3)))
    job = Job.objects.get()
    client.force_login(operators["gerindra"])
    assert client.get(f"/petugas/tugas/{job.pk}/").status_code == 404
    assert client.get(f"/petugas/tugas/{job.pk}/unduh/").status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("anggota.csv", ",".join(COLUMNS).encode() + b"\n", "members_file_empty"),
        ("anggota.csv", b"nik;nama\n", "members_bad_header"),
        ("anggota.csv", ",".join(COLUMNS).encode().replace(b"nama", b"n\xe9ma") + b"\n", "members_not_utf8"),
        ("anggota.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "members_xls_unsupported"),
    ],
)
def test_a_bad_file_ends_its_job_with_the_code(parties, operators, kemendagri, post_upload, name, data, code):
    response = post_upload(operators["pkb"], parties["pkb"], data, name=name)
    job = Job.objects.get()
    assert response.status_code == 302
    assert (job.state, job.error_code) == ("failed", code)
    assert not Member.objects.exists()


def test_a_file_of_another_type_is_refused_on_the_form(client, parties, operators, post_upload):
    response = post_upload(operators["pkb"], parties["pkb"], b"\xd0\xcf\x11\xe0", name="anggota.xls")
    assert response.status_code == 400
    assert "Berkas harus CSV (.csv) atau Excel (.xlsx)." in response.content.decode()
    assert not Job.objects.exists()
    empty = post_upload(operators["pkb"], parties["pkb"], b"")  # Django's own check: an empty file
    assert empty.status_code == 400 and not Job.objects.exists()
    client.force_login(operators["pkb"])
    assert client.post(f"/petugas/partai/{parties['pkb'].pk}/unggah/", {}).status_code == 400


def test_versions_page_and_export(client, parties, operators, members, csv_bytes, post_upload):
    pkb = parties["pkb"]
    rows = members(8)
    post_upload(operators["pkb"], pkb, csv_bytes(rows))
    post_upload(operators["pkb"], pkb, csv_bytes(rows[:5]))
    client.force_login(operators["pkb"])
    page = client.get(f"/petugas/partai/{pkb.pk}/versi/?versi=1")
    html = page.content.decode()
    assert page.status_code == 200 and "Daftar pada versi 1: 8 anggota" in html
    assert not any(r[0] in html for r in rows)
    assert rows[0][0][:6] + "······" + rows[0][0][-4:] in html or rows[0][1] in html
    assert "Daftar pada versi 2: 5 anggota" in client.get(f"/petugas/partai/{pkb.pk}/versi/").content.decode()
    assert client.get(f"/petugas/partai/{pkb.pk}/versi/?versi=9").status_code == 404
    export = client.get(f"/petugas/partai/{pkb.pk}/versi/1/unduh.csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    exported = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert exported[0][:8] == list(COLUMNS) and {r[0] for r in exported[1:]} == {r[0] for r in rows}
    event = AuditEvent.objects.get(action="parties.members_export")
    assert (event.actor, event.role, event.object_code) == ("operator_pkb", "party_operator", "pkb")
    assert client.get(f"/petugas/partai/{pkb.pk}/versi/7/unduh.csv").status_code == 404
