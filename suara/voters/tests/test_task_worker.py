"""Operator jobs on the real task queue: a job started with the database backend waits in django-tasks'
table until `suara db-worker` (what `suara serve` starts beside gunicorn) runs it to its result file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from suara.core.tests.support import clean_env, migrate, run

SETUP = """
import django; django.setup()
from suara.accounts.models import RoleAssignment, User
from suara.regions.models import Region
from suara.audit.actors import Actor
from suara.jobs.services import job_start
Region.objects.create(code="32", name="JAWA BARAT", level=1)
Region.objects.create(code="3276", name="KOTA DEPOK", level=2, parent_id="32")
user = User.objects.create_user("kpu_depok", password=None)
RoleAssignment.objects.create(user=user, role="kpu_kabkota", scope="3276")
print(job_start(actor=Actor.of(user), kind="report_dpb", scope="3276", params={"format": "xlsx"}).pk)
"""

STATE = """
import django; django.setup()
from django_tasks_db.models import DBTaskResult
from suara.jobs.models import Job
job = Job.objects.get(pk={job_id})
print(job.state, job.result_name, DBTaskResult.objects.get().status)
"""


def python(code: str, env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "suara.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs once, on SQLite")
def test_a_queued_job_waits_for_the_db_worker_which_runs_it_to_its_result(tmp_path):
    env = clean_env(tmp_path, SUARA_DEBUG="1", SUARA_TASKS_BACKEND="database")
    migrate(env)
    job_id = python(SETUP, env)
    assert python(STATE.format(job_id=job_id), env) == "queued  READY"
    worker = run(["db-worker", "--batch", "--no-startup-delay", "--no-reload"], env)
    assert worker.returncode == 0, worker.stderr
    assert python(STATE.format(job_id=job_id), env) == "done rekap-dpb-3276.xlsx SUCCESSFUL"
    result = Path(env["SUARA_VAR_DIR"]) / "private" / "jobs" / job_id / "rekap-dpb-3276.xlsx"
    assert result.read_bytes()[:2] == b"PK"


def test_serve_starts_the_task_worker_and_the_scheduler_beside_gunicorn_and_the_recap_worker(monkeypatch):
    from django.core.management import call_command

    from suara.core.management.commands import serve

    started = {}
    monkeypatch.setattr(serve, "call_command", lambda *args, **kwargs: None)  # no collectstatic
    monkeypatch.setattr(serve, "supervise", lambda commands, err, **kw: started.update(commands) or 0)
    monkeypatch.setattr(serve.settings, "DEBUG", False)
    call_command("serve", "--port", "8123", "--workers", "1")
    assert started["task worker"][2:] == ["suara.cli", "db-worker", "--no-reload", "--interval", "1"]
    assert started["scheduler"][2:] == ["suara.cli", "scheduler"]
    assert {"recap worker", "gunicorn"} <= set(started)
