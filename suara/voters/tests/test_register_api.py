"""The register over the API (/api/v1/pemilih...): the same operations as the pages, with an operator's
token; the NIK only in bodies, masked in answers unless asked for (audited); refusals as JSON with the
service's code and field; jobs started, followed and downloaded."""

from __future__ import annotations

import pytest

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.voters.models import DpbPeriodLock, Voter
from suara.voters.tests.register_fixtures import DESA, OTHER_DESA, person

API = "/api/v1"


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"


@pytest.fixture
def tokens(dpb_officers):
    return {
        who: {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user, name='uji', actor=Actor.named('test'))[1]}"}
        for who, user in dpb_officers.items()
    }


def test_the_register_needs_an_operator_token(client, tokens, dpb_voters):
    voter = dpb_voters[0]
    assert client.get(f"{API}/pemilih/{voter.pk}").status_code == 401
    refused = client.get(f"{API}/pemilih/{voter.pk}", **tokens["kpps"])
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert client.get(f"{API}/pemilih/{dpb_voters[3].pk}", **tokens["pps"]).status_code == 403
    assert client.get(f"{API}/pemilih/999999", **tokens["pps"]).json()["code"] == "voter_not_found"


def test_finding_by_nik_in_the_body_and_revealing_one_nik_are_audited(client, tokens, dpb_voters):
    voter = dpb_voters[0]
    found = client.post(f"{API}/pemilih/cari", {"nik": voter.nik}, content_type="application/json", **tokens["pps"])
    assert found.status_code == 200
    body = found.json()
    assert (body["id"], body["name"], body["nik"]) == (voter.pk, voter.name, f"{voter.nik[:6]}······{voter.nik[-4:]}")
    elsewhere = client.post(
        f"{API}/pemilih/cari", {"nik": dpb_voters[3].nik}, content_type="application/json", **tokens["pps"]
    )
    assert elsewhere.status_code == 404 and elsewhere.json()["code"] == "voter_not_found"
    shown = client.post(f"{API}/pemilih/{voter.pk}/nik", **tokens["pps"])
    assert shown.json() == {"nik": voter.nik}
    actions = list(AuditEvent.objects.filter(actor="pps_depok").values_list("action", flat=True))
    assert actions == ["voters.find_nik", "voters.find_nik", "voters.reveal_nik"]
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert voter.nik not in summaries and dpb_voters[3].nik not in summaries


def test_a_desa_page_lists_its_voters_masked(client, tokens, dpb_voters):
    body = client.get(f"{API}/pemilih/desa/{DESA}?page=1&status=aktif", **tokens["kpu_depok"]).json()
    assert (body["desa"], body["count"], body["pages"]) == (DESA, 3, 1)
    assert {v["id"] for v in body["voters"]} == {v.pk for v in dpb_voters[:3]}
    assert not any(v.nik in str(body) for v in dpb_voters)
    assert client.get(f"{API}/pemilih/desa/{OTHER_DESA}", **tokens["pps"]).status_code == 403
    assert client.get(f"{API}/pemilih/desa/{DESA}?page=0", **tokens["pps"]).status_code == 422


def test_the_dpb_writes_and_their_refusals(client, tokens, dpb_voters):
    voter = dpb_voters[0]
    post = lambda path, body, who="pps": client.post(  # noqa: E731
        f"{API}{path}", body, content_type="application/json", **tokens[who]
    )
    refused = post(f"/pemilih/{voter.pk}/tms", {"tms_code": 1, "note": ""})
    assert refused.status_code == 400
    assert (refused.json()["code"], refused.json()["field"]) == ("evidence_required", "note")
    marked = post(f"/pemilih/{voter.pk}/tms", {"tms_code": 1, "note": "akta kematian"})
    assert marked.status_code == 200 and (marked.json()["status"], marked.json()["tms_code"]) == ("tms", 1)
    assert marked.json()["history"][0]["kind"] == "tms"
    assert post(f"/pemilih/{voter.pk}/tms", {"tms_code": 1, "note": "x"}).json()["code"] == "already_tms"
    assert post(f"/pemilih/{voter.pk}/aktifkan", {"note": "keliru"}).json()["status"] == "aktif"
    moved = post(f"/pemilih/{voter.pk}/pindah", {"tps": f"{DESA}002"})
    assert moved.json()["tps"] == f"{DESA}002"
    corrected = post(f"/pemilih/{voter.pk}/perbaikan", {"changes": {"name": "Sari W."}, "note": "KTP-el"})
    assert corrected.json()["name"] == "Sari W."
    bad_date = post(f"/pemilih/{voter.pk}/perbaikan", {"changes": {"birth_date": "kemarin"}, "note": "x"})
    assert (bad_date.status_code, bad_date.json()["field"]) == (400, "birth_date")
    odd = post(f"/pemilih/{voter.pk}/perbaikan", {"changes": {"name": ["x"]}, "note": "x"})
    assert odd.status_code == 400
    values = person(60)
    new = {k: v for k, v in values.items() if k not in ("kemendagri_desa_code", "voting_day")}
    new.update(desa=DESA, birth_date=values["birth_date"].isoformat())
    added = post("/pemilih", new)
    assert added.status_code == 201 and Voter.objects.filter(nik=values["nik"]).exists()
    twice = post("/pemilih", new)
    assert (twice.status_code, twice.json()["code"], twice.json()["field"]) == (409, "nik_registered", "nik")


def test_a_kabkota_locks_and_reopens_a_period_over_the_api(client, tokens, dpb_voters):
    period = {"region": "3276", "period_start": "2026-10-01", "period_end": "2026-12-31"}
    post = lambda path, body, who: client.post(  # noqa: E731
        f"{API}{path}", body, content_type="application/json", **tokens[who]
    )
    assert post("/pemilih/periode-dpb", period, "pps").status_code == 403
    locked = post("/pemilih/periode-dpb", period, "kpu_depok")
    assert locked.status_code == 201
    lock_id = locked.json()["id"]
    tms = post(f"/pemilih/{dpb_voters[0].pk}/tms", {"tms_code": 4, "note": "pindah"}, "pps")
    assert (tms.status_code, tms.json()["code"]) == (409, "dpb_period_locked")
    assert post(f"/pemilih/periode-dpb/{lock_id}/buka", {"reason": ""}, "kpu_depok").json()["code"] == "reason_required"
    reopened = post(f"/pemilih/periode-dpb/{lock_id}/buka", {"reason": "salah tanggal"}, "kpu_depok")
    assert reopened.json()["reopened_by"] == "kpu_depok"
    assert DpbPeriodLock.objects.get().reopened_at is not None


def test_jobs_over_the_api(client, tokens, dpb_voters, kemendagri, django_capture_on_commit_callbacks):
    body = {"kind": "allocate", "region": DESA, "max_per_tps": 300}
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{API}/pemilih/tugas", body, content_type="application/json", **tokens["pps"])
    assert started.status_code == 202, started.content
    job_id = started.json()["id"]
    job = client.get(f"{API}/pemilih/tugas/{job_id}", **tokens["pps"]).json()
    assert (job["status"], job["progress"], job["result"]) == ("done", 100, f"/api/v1/pemilih/tugas/{job_id}/hasil")
    download = client.get(job["result"], **tokens["pps"])
    assert download.status_code == 200 and b"kode_desa" in b"".join(download.streaming_content)
    assert client.get(job["result"], **tokens["kpu_bekasi"]).json()["code"] == "job_not_found"
    refused = client.post(
        f"{API}/pemilih/tugas", {**body, "max_per_tps": 5000}, content_type="application/json", **tokens["pps"]
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid_max_per_tps")
    row = f"{person(70)['nik']},3276010101100070,Budi Santoso,Depok,1990-05-17,P,S,Jl. Mawar,1,2,{DESA},\n"
    upload = ("nik,kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,status_kawin,alamat,rt,rw,kode_desa,disabilitas\n"
              + row).encode()  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        imported = client.post(
            f"{API}/pemilih/tugas/impor",
            {"file": SimpleUploadedFile("pemilih.csv", upload), "region": DESA},
            **tokens["pps"],
        )
    assert imported.status_code == 202, imported.content
    job = client.get(f"{API}/pemilih/tugas/{imported.json()['id']}", **tokens["pps"]).json()
    assert (job["kind"], job["status"], job["summary"]["added"]) == ("import", "done", 1)


def test_fuzz_the_register_operations_with_an_operators_token(wsgi_app, dpb_voters, tokens):
    """Any input to any register operation, with a real KPU RI token (so the handlers run, not only the
    401): never a 5xx, always as documented."""
    import schemathesis

    from suara.core.tests.support import fuzz

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    mine = [op for op in operations if op.path.startswith("/api/v1/pemilih")]
    assert len(mine) == 15
    header = tokens["kpu_ri"]["HTTP_AUTHORIZATION"]
    for operation in mine:
        fuzz(operation, {"Authorization": header})()
