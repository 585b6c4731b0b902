"""The member-list upload over the API (POST /api/v1/partai/{id}/anggota): the same job as the page's,
followed through the job API with its refused-rows report; another party's id refused (403); a file that
cannot be a member list refused with its code before any job, file or audit event is made."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import make_officer
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.jobs.models import Job
from suara.parties.members.rows import COLUMNS
from suara.parties.models import Member


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    return settings.PRIVATE_DIR


def api(user) -> Client:
    _, plaintext = token_issue(user=user, name=f"unggah {user.username}", actor=Actor.named("test"))
    return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Posts a file as ``user`` to the party's endpoint and runs the job its commit queues."""

    def post(user, party_id, data: bytes, *, name="anggota.csv", delta=None):
        body = {"file": SimpleUploadedFile(name, data)}
        if delta is not None:
            body["delta"] = delta
        with django_capture_on_commit_callbacks(execute=True):
            return api(user).post(f"/api/v1/partai/{party_id}/anggota", body)

    return post


def xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_upload_starts_the_job_and_the_job_api_follows_it(parties, operators, members, csv_bytes, upload):
    pkb = parties["pkb"]
    rows = members(6)
    response = upload(operators["pkb"], pkb.pk, csv_bytes([*rows, rows[0]]))
    assert response.status_code == 202
    body = response.json()
    job = Job.objects.get()
    assert body["id"] == job.pk and body["kind"] == "party_members" and body["region"] == "pkb"
    assert (job.state, job.role, job.params) == (
        "done", "party_operator", {"party_id": pkb.pk, "delta": False, "file_name": "anggota.csv"},
    )  # fmt: skip
    client = api(operators["pkb"])
    state = client.get(f"/api/v1/tugas/{job.pk}").json()
    assert (state["status"], state["progress"], state["summary"]["added"], state["summary"]["rejected"]) == (
        "done", 100, 6, 1,
    )  # fmt: skip
    assert state["result"] == f"/api/v1/tugas/{job.pk}/hasil"
    report = client.get(state["result"])
    text = b"".join(report.streaming_content).decode()
    assert report.status_code == 200 and text.splitlines()[1].startswith("8,nik_duplicate_in_file,nik,")
    assert not any(r[0] in text for r in rows)
    assert Member.objects.filter(party=pkb, removed_at__isnull=True).count() == 6
    assert AuditEvent.objects.filter(action="jobs.start", actor="operator_pkb").count() == 1


def test_a_delta_and_an_xlsx(parties, operators, members, csv_bytes, upload):
    pkb = parties["pkb"]
    rows = members(5)
    assert upload(operators["pkb"], pkb.pk, xlsx(rows), name="anggota.xlsx").status_code == 202
    removal = csv_bytes(rows[:2], actions=["hapus", "hapus"])
    assert upload(operators["pkb"], pkb.pk, removal, delta="true").status_code == 202
    job = Job.objects.order_by("-pk").first()
    assert (job.state, job.params["delta"], job.summary["removed"], job.summary["version"]) == ("done", True, 2, 2)
    assert Member.objects.filter(party=pkb, removed_at__isnull=True).count() == 3


def test_another_partys_id_is_refused(parties, operators, members, csv_bytes, upload, private_dir):
    pkb = parties["pkb"]
    response = upload(operators["gerindra"], pkb.pk, csv_bytes(members(3)))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert upload(operators["gerindra"], 999_999, csv_bytes(members(3))).json()["code"] == "party_not_found"
    kpu = make_officer("kpu_ri", "kpu_ri", "")
    assert upload(kpu, pkb.pk, csv_bytes(members(3))).status_code == 403
    anonymous = Client().post(f"/api/v1/partai/{pkb.pk}/anggota", {"file": SimpleUploadedFile("a.csv", b"x")})
    assert anonymous.status_code == 401
    assert not Job.objects.exists() and not Member.objects.exists()
    assert not (private_dir / "jobs").exists() or not any((private_dir / "jobs").iterdir())


BAD_FILES = [
    ("anggota.csv", ",".join(COLUMNS).encode() + b"\n", 400, "members_file_empty"),
    ("anggota.csv", b"nik;nama\n1;2\n", 400, "members_bad_header"),
    ("anggota.csv", ",".join(COLUMNS).encode().replace(b"nama", b"n\xe9ma") + b"\n1\n", 400, "members_not_utf8"),
    ("anggota.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, 400, "members_xls_unsupported"),
    ("anggota.xlsx", b"PK\x03\x04 not really a zip", 400, "members_bad_xlsx"),
    ("anggota.xls", b"\xd0\xcf\x11\xe0", 400, "file_type"),
    ("anggota.pdf", b"%PDF-1.4", 400, "file_type"),
]


@pytest.mark.parametrize(("name", "data", "status", "code"), BAD_FILES)
def test_a_bad_file_is_refused_before_any_job(parties, operators, kemendagri, upload, private_dir, name, data,
                                              status, code):  # fmt: skip
    response = upload(operators["pkb"], parties["pkb"].pk, data, name=name)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["field"] == "file"
    assert not Job.objects.exists() and not Member.objects.exists()
    assert not AuditEvent.objects.filter(action="jobs.start").exists()
    assert not (private_dir / "jobs").exists() or not any((private_dir / "jobs").iterdir())


def test_a_delta_needs_its_action_column(parties, operators, members, csv_bytes, upload):
    response = upload(operators["pkb"], parties["pkb"].pk, csv_bytes(members(2)), delta="true")
    assert (response.status_code, response.json()["code"]) == (400, "members_bad_header")
    assert not Job.objects.exists()


def test_malformed_requests_are_4xx(parties, operators, members, csv_bytes, upload, settings):
    pkb = parties["pkb"]
    client = api(operators["pkb"])
    assert client.post(f"/api/v1/partai/{pkb.pk}/anggota", {}).status_code == 422  # no file
    bad_flag = upload(operators["pkb"], pkb.pk, csv_bytes(members(2)), delta="kadang")
    assert bad_flag.status_code == 422
    empty = upload(operators["pkb"], pkb.pk, b"")
    assert (empty.status_code, empty.json()["code"]) == (400, "members_file_empty")
    settings.SUARA_VOTER_UPLOAD_MAX_BYTES = 100
    too_big = upload(operators["pkb"], pkb.pk, csv_bytes(members(3)))
    assert (too_big.status_code, too_big.json()["code"]) == (413, "file_too_large")
    assert not Job.objects.exists()
