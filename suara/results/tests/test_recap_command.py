"""`suara recap prepare | fold | rebuild | worker | pdf`, as an operator runs them."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import threading
import time

import pytest
from django.core.management import CommandError, call_command

from conftest import consistent_tally
from suara.core.tests.support import SUARA, clean_env, migrate, recap_state, seed_one_delta
from suara.results.models import CountRegion, RecapDelta, RecapPointer, RegionTotal
from suara.results.recap.worker import worker_run
from suara.results.tests.support import body, record_results, tps_beneath


def recap(*args) -> str:
    out = io.StringIO()
    call_command("recap", *args, stdout=out)
    return out.getvalue()


def test_prepare_copies_the_counting_geography_and_publishes_every_region(geography, pemilu_2024):
    output = recap("prepare", "--election", "pemilu-2024")
    regions = CountRegion.objects.filter(election=pemilu_2024).count()
    assert f"{regions} regions" in output and "(copied)" in output
    assert f"ppwp-2024: {regions + 1} region snapshots published" in output
    assert body("3276")["tps_reported"] == 0 and body("3276")["tps_expected"] > 0
    again = recap("prepare", "--election", "pemilu-2024")
    assert "(already there)" in again
    assert RecapPointer.objects.get(contest__slug="ppwp-2024", code="3276").version == 2


def test_prepare_names_an_unknown_election(db):
    with pytest.raises(CommandError, match="pemilu-1999"):
        recap("prepare", "--election", "pemilu-1999")


def test_fold_folds_every_pending_delta(counting):
    record_results(tps_beneath("3276011006")[:25])
    output = recap("fold", "--contest", "ppwp-2024")
    assert output.startswith("Folded 25 deltas")
    assert not RecapDelta.objects.exists() and body("")["tps_reported"] == 25
    assert recap("fold").startswith("Folded 0 deltas")
    with pytest.raises(CommandError, match="contest_not_found"):
        recap("fold", "--contest", "ppwp-1999")


def test_rebuild_prints_the_totals_and_whether_the_kept_ones_matched(counting):
    record_results(tps_beneath("3276011006")[:4], lambda code: consistent_tally(votes=(60, 30, 10)))
    recap("fold")
    output = recap("rebuild", "--contest", "ppwp-2024")
    assert "from 4 TPS" in output and "The kept totals matched the rebuilt ones." in output
    assert "votes.1" in output and "240" in output
    row = RegionTotal.objects.get(region_code="3276")
    row.tps_reported = 9
    row.save()
    output = recap("rebuild", "--contest", "ppwp-2024")
    assert "DIFFERED in regions: 3276" in output
    assert RegionTotal.objects.get(region_code="3276").tps_reported == 4


def test_pdf_writes_the_document(counting, tmp_path):
    recap("prepare", "--election", "pemilu-2024")
    out = tmp_path / "pancoran-mas.pdf"
    output = recap("pdf", "--contest", "ppwp-2024", "--region", "327601", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF-") and str(out) in output
    with pytest.raises(CommandError, match="invalid_region_code"):
        recap("pdf", "--contest", "ppwp-2024", "--region", "3", "--out", str(out))


def test_the_worker_loop_folds_until_told_to_stop(counting):
    record_results(tps_beneath("3276011006")[:5])
    stop = threading.Event()
    timer = threading.Timer(1.0, stop.set)
    timer.start()
    try:
        assert worker_run(stop=stop, interval=0.05, limit=2, gather=0.05) == 5
    finally:
        timer.cancel()
    assert not RecapDelta.objects.exists() and body("")["tps_reported"] == 5


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs once, on SQLite")
@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_the_worker_command_folds_and_exits_cleanly_on_a_signal(tmp_path, stop_signal):
    env = clean_env(tmp_path, SUARA_SECRET_KEY="test-" + "x" * 40)
    migrate(env)
    seed_one_delta(env)
    worker = subprocess.Popen(
        [*SUARA, "recap", "worker", "--interval", "0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while recap_state(tmp_path)[0]:
            if time.monotonic() > deadline or worker.poll() is not None:
                pytest.fail("the worker did not fold the pending delta")
            time.sleep(0.2)
        worker.send_signal(stop_signal)
        assert worker.wait(timeout=20) == 0
        output = worker.stdout.read().decode()
        assert "Recap worker stopped after folding 1 deltas" in output and "Traceback" not in output
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
