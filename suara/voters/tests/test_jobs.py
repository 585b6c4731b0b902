"""The register's jobs on the job kernel (voters.job_kinds, jobs.services, jobs.runner): who may start which
job where, each kind run to its result file through the tasks API (the immediate backend in tests), a
refusal ending the job with its code, results only for the starter or an operator of the same region,
files kept private."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError, NotFound, PermissionDenied
from suara.jobs import selectors, services
from suara.jobs.models import Job
from suara.voters.allocation.services import tps_allocate
from suara.voters.importing.source import COLUMNS
from suara.voters.locks import dpb_period_lock
from suara.voters.models import Voter
from suara.voters.tests.register_fixtures import BEKASI_DESA, DESA, OTHER_DESA, TODAY, person


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    return settings.PRIVATE_DIR


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Starts a job and runs what its commit queues (the task, on the immediate backend)."""

    def start(**kwargs) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.job_start(**kwargs)
        job.refresh_from_db()
        return job

    return start


def csv_upload(people: list[dict], name: str = "pemilih.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in people:
        writer.writerow(
            [p["nik"], p["kk"], p["name"], p["birth_place"], p["birth_date"].isoformat(), p["sex"], p["marital"],
             p["address"], p["rt"], p["rw"], p["kemendagri_desa_code"], ""]
        )  # fmt: skip
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def test_a_dpb_report_job_runs_to_a_file_only_its_region_may_download(run_jobs, dpb_officers, dpb_voters, private_dir):
    job = run_jobs(
        actor=Actor.of(dpb_officers["kpu_depok"]), kind="report_dpb", scope="3276", params={"format": "xlsx"}
    )
    assert (job.state, job.started_by, job.role) == ("done", "kpu_depok", "kpu_kabkota")
    assert selectors.job_progress(job).percent == 100
    assert job.task_id and job.summary["active"] == 4  # Depok's four voters
    path, name = services.job_result_file(actor=Actor.of(dpb_officers["kpu_depok"]), job_id=job.pk)
    assert path.parent == private_dir / "jobs" / str(job.pk)
    assert path.read_bytes()[:2] == b"PK" and name == f"tugas-{job.pk}-rekap-dpb-3276.xlsx"
    assert services.job_result_file(actor=Actor.of(dpb_officers["kpu_ri"]), job_id=job.pk)  # covers Depok
    for outsider in ("kpu_bekasi", "pps", "kpps"):
        with pytest.raises(NotFound):
            services.job_result_file(actor=Actor.of(dpb_officers[outsider]), job_id=job.pk)
    actions = list(AuditEvent.objects.filter(action__startswith="jobs.").values_list("action", "actor"))
    assert actions == [("jobs.start", "kpu_depok"), ("jobs.download", "kpu_depok"),
                       ("jobs.download", "kpu_ri")]  # fmt: skip


def test_a_pdf_report_for_a_period(run_jobs, dpb_officers, dpb_voters):
    params = {"format": "pdf", "start": "2026-01-01", "end": TODAY.isoformat()}
    job = run_jobs(actor=Actor.of(dpb_officers["pps"]), kind="report_dpb", scope=DESA, params=params)
    assert job.state == "done" and job.params == params
    path, _ = services.job_result_file(actor=Actor.of(dpb_officers["pps"]), job_id=job.pk)
    assert path.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("who", "kind", "region", "params", "error", "code"),
    [
        ("pps", "dedup", "3276", {}, PermissionDenied, "forbidden"),  # duplicates are the kab/kota's
        ("pps", "report_dpb", "3276", {"format": "xlsx"}, PermissionDenied, "forbidden"),
        ("kpu_depok", "report_dpb", "3275", {"format": "xlsx"}, PermissionDenied, "forbidden"),
        ("kpu_depok", "report_dpb", "3276", {"format": "doc"}, DomainError, "invalid_format"),
        ("kpu_depok", "report_dpb", "3276", {"format": "pdf", "start": "2026-13-01"}, DomainError, "invalid_date"),
        ("kpu_depok", "allocate", "3276", {"max_per_tps": 0}, DomainError, "invalid_max_per_tps"),
        ("kpu_depok", "allocate", "32", {"max_per_tps": 300}, DomainError, "invalid_region_code"),
        ("kpu_depok", "allocate", "3299", {"max_per_tps": 300}, NotFound, "region_not_found"),
        ("kpu_depok", "mine_bitcoin", "3276", {}, DomainError, "unknown_job_kind"),
        ("kpu_depok", "import", "3276", {}, DomainError, "file_required"),
        ("kpps", "import", "3276", {}, PermissionDenied, "forbidden"),
    ],
)
def test_a_job_is_refused_before_anything_is_stored(dpb_officers, who, kind, region, params, error, code):
    before = AuditEvent.objects.count()
    with pytest.raises(error) as caught:
        services.job_start(actor=Actor.of(dpb_officers[who]), kind=kind, scope=region, params=params)
    assert caught.value.code == code
    assert not Job.objects.exists() and AuditEvent.objects.count() == before


def test_an_upload_must_be_a_voter_file_of_bounded_size(dpb_officers, settings, private_dir):
    exe = SimpleUploadedFile("pemilih.exe", b"MZ")
    with pytest.raises(DomainError) as caught:
        services.job_start(
            actor=Actor.of(dpb_officers["pps"]), kind="import", scope=DESA, upload=exe, upload_name=exe.name
        )
    assert caught.value.code == "file_type"
    settings.SUARA_VOTER_UPLOAD_MAX_BYTES = 10
    big = csv_upload([person(1)])
    with pytest.raises(DomainError) as caught:
        services.job_start(
            actor=Actor.of(dpb_officers["pps"]), kind="import", scope=DESA, upload=big, upload_name=big.name
        )
    assert (caught.value.code, caught.value.status) == ("file_too_large", 413)
    assert not Job.objects.exists() and not private_dir.exists()


def test_an_import_job_takes_only_rows_of_the_operators_region_and_drops_the_upload(
    run_jobs, dpb_officers, kemendagri, private_dir
):
    people = [person(1), person(2), person(3, desa=OTHER_DESA)]
    upload = csv_upload(people)
    job = run_jobs(
        actor=Actor.of(dpb_officers["pps"]), kind="import", scope=DESA, upload=upload, upload_name=upload.name
    )
    assert job.state == "done", job.error_message
    assert (job.summary["rows"], job.summary["added"], job.summary["rejected"]) == (3, 2, 1)
    assert job.summary["by_code"] == {"outside_scope": 1}
    assert set(Voter.objects.values_list("nik", flat=True)) == {people[0]["nik"], people[1]["nik"]}
    folder = private_dir / "jobs" / str(job.pk)
    assert sorted(p.name for p in folder.iterdir()) == ["baris-ditolak.csv"]  # the upload is gone
    report = (folder / "baris-ditolak.csv").read_text()
    assert report.splitlines()[1].startswith("4,outside_scope,kode_desa,")
    assert people[2]["nik"] not in report
    event = AuditEvent.objects.get(action="voters.import")
    assert (event.actor, event.role) == ("pps_depok", "pps")


def test_a_delta_import_job_leaves_voters_registered_elsewhere_alone(run_jobs, dpb_officers, dpb_voters, kemendagri):
    mine, elsewhere = person(1), person(5, desa=BEKASI_DESA)
    changed = [{**mine, "name": "Sari Wulandari Baru"}, {**elsewhere, "kemendagri_desa_code": DESA}]
    upload = csv_upload(changed)
    job = run_jobs(
        actor=Actor.of(dpb_officers["pps"]), kind="import_delta", scope=DESA, upload=upload, upload_name=upload.name
    )
    assert job.state == "done", job.error_message
    assert (job.summary["changed"], job.summary["rejected"]) == (1, 1)
    assert job.summary["by_code"] == {"registered_outside_scope": 1}
    assert Voter.objects.get(nik=mine["nik"]).name == "Sari Wulandari Baru"
    assert Voter.objects.get(nik=elsewhere["nik"]).desa_id == BEKASI_DESA  # not moved into Depok
    path, _ = services.job_result_file(actor=Actor.of(dpb_officers["pps"]), job_id=job.pk)
    with zipfile.ZipFile(path) as bundle:
        missing = bundle.read("tidak-ada-dalam-ekstrak.csv").decode().splitlines()
    # Voters 2 and 3 of the desa are missing from the extract; the other desa's and Bekasi's are not listed.
    assert missing == ["nik,kode_desa", *sorted(f"{v.nik},{DESA}" for v in dpb_voters[1:3])]


def test_an_allocation_job_places_the_desa_voters_under_the_operators_role(run_jobs, dpb_officers, dpb_voters):
    job = run_jobs(actor=Actor.of(dpb_officers["pps"]), kind="allocate", scope=DESA, params={"max_per_tps": "300"})
    assert job.state == "done", job.error_message
    assert (job.summary["voters"], job.summary["tps_used"], job.summary["placed"]) == (3, 1, 3)
    assert set(Voter.objects.filter(desa_id=DESA).values_list("tps_id", flat=True)) == {f"{DESA}001"}
    assert Voter.objects.get(pk=dpb_voters[3].pk).tps_id is None  # another desa
    event = AuditEvent.objects.get(action="voters.allocate_tps")
    assert (event.actor, event.role, event.object_code) == ("pps_depok", "pps", DESA)
    path, _ = services.job_result_file(actor=Actor.of(dpb_officers["pps"]), job_id=job.pk)
    assert path.read_text().splitlines()[1].startswith(f"{DESA},")


def test_tps_allocation_by_an_operator_needs_the_region(dpb_officers, dpb_voters):
    with pytest.raises(PermissionDenied):
        tps_allocate(actor=Actor.of(dpb_officers["pps"]), region_code=OTHER_DESA, max_per_tps=300)
    with pytest.raises(PermissionDenied):
        tps_allocate(actor=Actor.of(dpb_officers["kpps"]), region_code=DESA, max_per_tps=300)
    assert not Voter.objects.exclude(tps=None).exists()


def test_a_refused_job_ends_failed_with_the_rule_and_no_file(run_jobs, dpb_officers, dpb_voters):
    dpb_period_lock(actor=Actor.of(dpb_officers["kpu_depok"]), region_code="3276", period_start=TODAY, period_end=TODAY)
    job = run_jobs(actor=Actor.of(dpb_officers["pps"]), kind="allocate", scope=DESA, params={"max_per_tps": 300})
    assert (job.state, job.error_code, job.result_name) == ("failed", "dpb_period_locked", "")
    assert "sudah ditetapkan dalam rapat pleno" in job.error_message
    with pytest.raises(NotFound) as caught:
        services.job_result_file(actor=Actor.of(dpb_officers["pps"]), job_id=job.pk)
    assert caught.value.code == "result_not_ready"


def test_a_job_whose_starter_lost_the_role_fails(run_jobs, dpb_officers, dpb_voters, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda job_id: None)  # queued, not yet run
    job = services.job_start(
        actor=Actor.of(dpb_officers["pps"]), kind="report_dpb", scope=DESA, params={"format": "xlsx"}
    )
    dpb_officers["pps"].assignments.all().delete()
    from suara.jobs.runner import job_run

    assert job_run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error_code == "forbidden"
    assert job_run(job.pk) == "skipped"  # a job runs once


def test_a_dedup_job_writes_the_pairs_with_masked_niks(run_jobs, dpb_officers, dpb_voters):
    twin = {**person(9, desa=OTHER_DESA), "name": "Wulandari Sari 1", "kk": "3276010202100002"}
    from suara.voters.services import voter_add

    voter_add(actor=Actor.of(dpb_officers["kpu_ri"]), **twin)
    job = run_jobs(actor=Actor.of(dpb_officers["kpu_depok"]), kind="dedup", scope="3276")
    assert job.state == "done", job.error_message
    path, _ = services.job_result_file(actor=Actor.of(dpb_officers["kpu_depok"]), job_id=job.pk)
    text = path.read_text()
    assert text.splitlines()[0] == "pemilih_a,pemilih_b,wilayah_a,wilayah_b,nik_a,nik_b,peluang"
    assert not any(v.nik in text for v in Voter.objects.all())
    assert job.summary["proposed"] == len(text.splitlines()) - 1 >= 1


def test_jobs_are_listed_for_their_starter_and_their_region(run_jobs, dpb_officers, dpb_voters):
    mine = run_jobs(actor=Actor.of(dpb_officers["pps"]), kind="report_dpb", scope=DESA, params={"format": "xlsx"})
    other = run_jobs(
        actor=Actor.of(dpb_officers["kpu_bekasi"]), kind="report_dpb", scope="3275", params={"format": "xlsx"}
    )
    assert selectors.jobs_for(dpb_officers["pps"]) == [mine]
    assert selectors.jobs_for(dpb_officers["kpu_depok"]) == [mine]
    assert selectors.jobs_for(dpb_officers["kpu_ri"]) == [other, mine]
    with pytest.raises(NotFound):
        selectors.job_for(dpb_officers["pps"], other.pk)
