"""The job kernel: a registered kind started, run through the tasks API (the immediate backend in tests) to
its result with its progress, refused before anything is stored, cancelled while queued or running, ended
as interrupted when its worker stops beating, seen only by its starter and those covering its scope, over
the pages (labels in the page's language) and the API."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.jobs import registry, selectors, services
from suara.jobs.live import Live, job_dir, live_read, live_write
from suara.jobs.models import Job
from suara.jobs.runner import job_run
from suara.jobs.tests.conftest import STEP


@pytest.fixture
def queued(monkeypatch):
    """Jobs stay queued until the test runs them (as a busy worker leaves them)."""
    monkeypatch.setattr(services, "_enqueue", lambda job_id: None)


def start(user, **kwargs) -> Job:
    return services.job_start(actor=Actor.of(user), kind=STEP, scope="", **kwargs)


def test_a_job_runs_to_its_result_with_one_audit_event_per_write(
    step_kind, people, private_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(people["kpu_ri"], params={"steps": 4})
    job.refresh_from_db()
    assert (job.state, job.progress_done, job.progress_total, job.summary) == ("done", 4, 4, {"steps": 4})
    assert job.task_id and job.started_at and job.finished_at and job.heartbeat_at
    assert selectors.job_progress(job).percent == 100
    path, name = services.job_result_file(actor=Actor.of(people["kpu_ri_2"]), job_id=job.pk)  # same scope, same action
    assert path == private_dir / "jobs" / str(job.pk) / "hasil.csv" and name == f"tugas-{job.pk}-hasil.csv"
    assert sorted(p.name for p in path.parent.iterdir()) == ["hasil.csv"]  # the live file is gone
    with pytest.raises(NotFound):
        services.job_result_file(actor=Actor.of(people["kpu_depok"]), job_id=job.pk)
    events = list(AuditEvent.objects.filter(action__startswith="jobs.").values_list("action", "actor", "summary"))
    assert events == [
        ("jobs.start", "kpu_ri", f"Tugas #{job.pk} (Rekap DPB) dimulai untuk wilayah nasional"),
        ("jobs.download", "kpu_ri_dua", f"Hasil tugas #{job.pk} (Rekap DPB) diunduh"),
    ]


@pytest.mark.parametrize(
    ("kind", "scope", "params", "error", "code"),
    [
        ("nope", "", {}, DomainError, "unknown_job_kind"),
        (STEP, "32", {}, DomainError, "invalid_region_code"),
        (STEP, "", {"steps": 0}, DomainError, "invalid_steps"),
        (STEP, "", {"steps": "3"}, DomainError, "invalid_steps"),
    ],
)
def test_a_job_is_refused_before_anything_is_stored(step_kind, people, kind, scope, params, error, code):
    before = AuditEvent.objects.count()
    with pytest.raises(error) as caught:
        services.job_start(actor=Actor.of(people["kpu_ri"]), kind=kind, scope=scope, params=params)
    assert caught.value.code == code
    with pytest.raises(PermissionDenied):
        start(people["kpu_depok"])  # a national job is KPU RI's
    assert not Job.objects.exists() and AuditEvent.objects.count() == before


def test_a_kind_is_registered_once(step_kind):
    registry.register(step_kind)  # the same declaration again (a module imported twice) is harmless
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(registry.JobKind(STEP, "x", step_kind.action, step_kind.run))
    assert {"import", "import_delta", "dedup", "allocate", "report_dpb"} <= set(registry.kinds())


def test_a_failure_shows_no_value_and_a_job_runs_once(step_kind, people, private_dir, queued, caplog):
    job = start(people["kpu_ri"], params={"steps": 2, "fail": True})
    assert job_run(job.pk) == "failed"
    job.refresh_from_db()
    assert (job.error_code, job.error_message) == ("internal_error", "Terjadi kesalahan pada server.")
    assert "must not reach" not in caplog.text and "RuntimeError" in caplog.text
    assert job_run(job.pk) == "skipped"


def test_a_queued_job_cancelled_never_runs(step_kind, people, private_dir, queued):
    job = start(people["kpu_ri"])
    with pytest.raises(NotFound):
        services.job_cancel(actor=Actor.of(people["kpu_depok"]), job_id=job.pk)
    services.job_cancel(actor=Actor.of(people["kpu_ri_2"]), job_id=job.pk)
    assert job_run(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.state == "cancelled" and job.finished_at
    with pytest.raises(Conflict):
        services.job_cancel(actor=Actor.of(people["kpu_ri"]), job_id=job.pk)
    assert AuditEvent.objects.filter(action="jobs.cancel", actor="kpu_ri_dua").count() == 1


def test_a_running_job_asked_to_cancel_stops_at_its_next_progress_report(
    transactional_db, step_kind, gate, people, private_dir, queued, settings
):
    settings.SUARA_JOB_HEARTBEAT_SECONDS = 0.05
    gate.release.clear()
    job = start(people["kpu_ri"], params={"steps": 5})
    outcome = []
    runner = threading.Thread(target=lambda: outcome.append(job_run(job.pk)))
    runner.start()
    assert gate.held.wait(10)
    services.job_cancel(actor=Actor.of(people["kpu_ri"]), job_id=job.pk)
    assert Job.objects.get(pk=job.pk).state == "running"  # asked, not yet stopped
    first = live_read(job.pk).beat
    time.sleep(0.5)  # ten heartbeats: the request has been read
    assert live_read(job.pk).beat > first  # the heartbeat goes on while the runner is held
    gate.release.set()
    runner.join(10)
    assert outcome == ["cancelled"]
    job.refresh_from_db()
    assert job.state == "cancelled" and not (private_dir / "jobs" / str(job.pk) / "hasil.csv").exists()


def test_a_running_job_whose_worker_stopped_beating_ends_interrupted(step_kind, people, private_dir, queued, settings):
    settings.SUARA_JOB_STALE_SECONDS = 60
    alive, dead, unheard = (start(people["kpu_ri"]) for _ in range(3))
    long_ago = timezone.now() - timedelta(minutes=10)
    Job.objects.filter(pk__in=[alive.pk, dead.pk, unheard.pk]).update(
        state="running", started_at=long_ago, heartbeat_at=long_ago
    )
    for job, beat in ((alive, time.time() - 5), (dead, time.time() - 120)):
        job_dir(job.pk).mkdir(parents=True)
        live_write(job.pk, Live(3, 10, "Langkah", beat))
    before = AuditEvent.objects.count()

    assert services.jobs_interrupt_stale() == 2
    assert services.jobs_interrupt_stale() == 0

    states = dict(Job.objects.values_list("pk", "state"))
    assert (states[alive.pk], states[dead.pk], states[unheard.pk]) == ("running", "failed", "failed")
    assert Job.objects.get(pk=dead.pk).error_code == "interrupted"
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "jobs.interrupted"


def test_an_interrupted_job_that_comes_back_stays_interrupted(step_kind, people, private_dir, queued, gate, settings):
    """A worker thought dead that ends after all leaves the job as the check ended it."""
    job = start(people["kpu_ri"])

    def stall(ctx):
        Job.objects.filter(pk=ctx.job.pk).update(state="failed", error_code="interrupted")  # the check, meanwhile
        return {}, ""

    step_kind_run = registry.kinds()[STEP]
    registry.unregister(STEP)
    registry.register(registry.JobKind(STEP, step_kind_run.label, step_kind_run.action, stall, (0,)))
    assert job_run(job.pk) == "failed"
    assert Job.objects.get(pk=job.pk).error_code == "interrupted"


def test_the_live_file_is_replaced_whole_and_never_read_half(private_dir):
    job_dir(7).mkdir(parents=True)
    assert live_read(7) is None
    live_write(7, Live(2, 5, "Langkah", 1.5))
    assert live_read(7) == Live(2, 5, "Langkah", 1.5)
    (job_dir(7) / "live.json").write_text('[1, 2, "x"')
    assert live_read(7) is None
    assert json.loads((job_dir(7) / "live.json").read_text() + "]") == [1, 2, "x"]  # (it was half)


def test_the_job_pages_in_english_show_translated_labels(client, step_kind, people, private_dir, queued):
    job = start(people["kpu_ri"])
    Job.objects.create(kind="report_dpb", started_by="kpu_ri", role="kpu_ri", scope="", created_at=timezone.now())
    client.force_login(people["kpu_ri"])
    client.cookies["django_language"] = "en"
    listing = client.get("/petugas/tugas/").content.decode()
    assert "DPB recap" in listing and "Rekap DPB" not in listing
    assert "Queued" in listing and "Menunggu" not in listing
    page = client.get(f"/petugas/tugas/{job.pk}/").content.decode()
    assert "<h1>DPB recap</h1>" in page and "Cancel job" in page
    assert client.get(f"/petugas/tugas/{job.pk}/status/").json()["label"] == "Queued"


def test_the_job_page_follows_a_running_job(client, step_kind, people, private_dir, queued):
    job = start(people["kpu_ri"], params={"steps": 4})
    Job.objects.filter(pk=job.pk).update(state="running", started_at=timezone.now(), heartbeat_at=timezone.now())
    job_dir(job.pk).mkdir(parents=True)
    live_write(job.pk, Live(1, 4, "Langkah", time.time()))
    client.force_login(people["kpu_ri_2"])
    status = client.get(f"/petugas/tugas/{job.pk}/status/").json()
    assert status == {
        "state": "running", "label": "Berjalan", "progress": 25, "done": 1, "total": 4, "message": "Langkah",
        "finished": False,
    }  # fmt: skip
    client.force_login(people["kpu_depok"])
    for url in ("", "status/", "unduh/"):
        assert client.get(f"/petugas/tugas/{job.pk}/{url}").status_code == 404
    assert client.post(f"/petugas/tugas/{job.pk}/batal/").status_code == 404
    assert client.get("/petugas/tugas/99999999999999999999/").status_code == 404


def test_jobs_over_the_api(client, step_kind, people, private_dir, django_capture_on_commit_callbacks):
    from suara.accounts.tokens import token_issue

    token = token_issue(user=people["kpu_ri"], name="tes", actor=Actor.named("test"))[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/api/v1/tugas",
            {"kind": STEP, "region": "", "params": {"steps": 2}},
            content_type="application/json",
            **auth,
        )
    assert started.status_code == 202, started.content
    job = client.get(f"/api/v1/tugas/{started.json()['id']}", **auth).json()
    assert (job["status"], job["progress"], job["label"]) == ("done", 100, "Rekap DPB")
    assert client.get(job["result"], **auth).status_code == 200
    assert [j["id"] for j in client.get("/api/v1/tugas", **auth).json()] == [job["id"]]
    refused = client.post(f"/api/v1/tugas/{job['id']}/batal", **auth)
    assert (refused.status_code, refused.json()["code"]) == (409, "job_finished")
    unknown = client.post("/api/v1/tugas", {"kind": "nope"}, content_type="application/json", **auth)
    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_job_kind")
