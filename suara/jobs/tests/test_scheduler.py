"""The scheduler of periodic jobs: the schedule in one place, the audit chain sealed within a second of a
commit by the running scheduler, a failing job logged once and kept in its row while the others run, cron
times in WIB, and long jobs handed to the task worker."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.audit.services import audit_record
from suara.jobs import scheduler
from suara.jobs.models import PeriodicRun
from suara.jobs.schedule import Periodic, schedule
from suara.jobs.selectors import periodic_failures

UTC = ZoneInfo("UTC")
calls: list[str] = []


def count_call() -> None:
    calls.append("ran")


def always_fails() -> None:
    raise RuntimeError("no luck")


@pytest.fixture(autouse=True)
def fresh():
    scheduler.periodic_outcomes_clear()
    calls.clear()


def test_the_schedule_seals_the_audit_chain_and_checks_for_stale_jobs(settings):
    entries = {p.name: p for p in schedule()}
    assert entries["audit_seal"].run == "suara.audit.services.audit_seal"
    assert entries["audit_seal"].every == settings.SUARA_AUDIT_SEAL_SECONDS <= 1
    assert entries["jobs_interrupt_stale"].run == "suara.jobs.services.jobs_interrupt_stale"
    with pytest.raises(ValueError):
        Periodic("both", "x.y", every=1, cron="0 17 * * *")


def test_the_running_scheduler_seals_a_committed_event_within_a_second(transactional_db, settings):
    settings.SUARA_AUDIT_SEAL_SECONDS = 0.2
    stop = threading.Event()
    running = threading.Thread(target=scheduler.scheduler_run, kwargs={"stop": stop})
    running.start()
    try:
        with transaction.atomic():
            event = audit_record(actor=Actor.named("tes"), action="tests.write", summary="perubahan")
        committed = time.monotonic()
        while AuditEvent.objects.filter(pk=event.pk, seq__isnull=True).exists():
            assert time.monotonic() - committed < 2, "not sealed within two seconds"
            time.sleep(0.05)
        assert time.monotonic() - committed < 1
    finally:
        stop.set()
        running.join(30)
    assert not running.is_alive()
    assert PeriodicRun.objects.get(name="audit_seal").ok_at is not None


def test_a_failing_periodic_job_is_logged_once_kept_in_its_row_and_stops_nothing(db, caplog, settings):
    settings.SUARA_PERIODIC_RECORD_SECONDS = 3600
    bad = Periodic("bad", f"{__name__}.always_fails", every=1)
    good = Periodic("good", f"{__name__}.count_call", every=1)
    for _ in range(3):
        assert not scheduler._run(bad)
        assert scheduler._run(good)
    assert calls == ["ran"] * 3
    assert caplog.text.count("periodic job bad failed") == 1
    row = PeriodicRun.objects.get(name="bad")
    assert row.error == "RuntimeError: no luck" and row.failed_at and row.ok_at is None
    assert [r.name for r in periodic_failures()] == ["bad"]
    assert PeriodicRun.objects.get(name="good").error == ""


def test_cron_times_are_wib(db):
    daily = Periodic("watch", f"{__name__}.count_call", cron="0 17 * * *")
    trigger = scheduler._trigger(daily)
    after = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)  # 16:00 WIB
    assert trigger.get_next_fire_time(None, after).astimezone(UTC) == datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
    built = scheduler.scheduler_build((daily, Periodic("seal", f"{__name__}.count_call", every=0.5)))
    assert {job.id for job in built.get_jobs()} == {"watch", "seal"}


def test_a_long_periodic_job_is_handed_to_the_task_worker(db, monkeypatch):
    """On the immediate backend the worker's task runs at once: the outcome is kept as for the others."""
    entry = Periodic("long", f"{__name__}.count_call", cron="0 17 * * *", on_worker=True)
    monkeypatch.setattr(scheduler, "schedule", lambda: (entry,))
    scheduler._enqueue(entry)
    assert calls == ["ran"] and PeriodicRun.objects.get(name="long").ok_at is not None
