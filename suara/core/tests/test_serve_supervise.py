"""`suara serve`'s supervisor, with small stand-in children: a crashed recap worker is started again with a
pause that doubles up to a cap while the web server runs on; the web server ending stops everything."""

from __future__ import annotations

import io
import re
import sys
import time

from suara.core.management.commands.serve import supervise


def child(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def crashing_worker(log) -> list[str]:
    """Notes each start, then dies as the worker did on 2^64 - 1."""
    return child(f"open({str(log)!r}, 'a').write('start\\n'); raise SystemExit(3)")


def test_a_crashed_worker_is_started_again_with_capped_backoff_and_the_server_runs_on(tmp_path):
    log = tmp_path / "starts"
    err = io.StringIO()
    began = time.monotonic()

    code = supervise(
        {"recap worker": crashing_worker(log), "gunicorn": child("import time; time.sleep(3)")},
        err,
        restart={"recap worker"},
        backoff_first=0.1,
        backoff_max=0.4,
        poll=0.02,
    )

    # The server ran its whole course: the worker's crashes did not stop it; its own end stopped all.
    assert time.monotonic() - began >= 3
    assert code == 1 and err.getvalue().endswith("gunicorn ended (exit status 0); the others were stopped.")
    delays = [
        float(d)
        for d in re.findall(r"recap worker ended \(exit status 3\); starting it again in ([0-9.]+) s", err.getvalue())
    ]
    assert delays[:4] == [0.1, 0.2, 0.4, 0.4]  # doubled, then capped
    assert set(delays[2:]) == {0.4}
    assert log.read_text().count("start") >= len(delays)  # each was started again


def test_a_worker_that_ran_long_enough_starts_again_at_the_first_pause(tmp_path):
    err = io.StringIO()
    supervise(
        {
            "recap worker": child("import time; time.sleep(0.3); raise SystemExit(1)"),
            "gunicorn": child("import time; time.sleep(2)"),
        },
        err,
        restart={"recap worker"},
        backoff_first=0.1,
        backoff_max=5,
        healthy_after=0.2,
        poll=0.02,
    )
    delays = re.findall(r"starting it again in ([0-9.]+) s", err.getvalue())
    assert len(delays) >= 2 and set(delays) == {"0.1"}


def test_the_server_ending_stops_the_worker_at_once(tmp_path):
    err = io.StringIO()
    began = time.monotonic()

    code = supervise(
        {"recap worker": child("import time; time.sleep(60)"), "gunicorn": child("raise SystemExit(4)")},
        err,
        restart={"recap worker"},
        poll=0.02,
    )

    assert code == 4 and time.monotonic() - began < 20
    assert "gunicorn ended (exit status 4)" in err.getvalue() and "starting it again" not in err.getvalue()


def test_without_restart_any_child_ending_stops_everything(tmp_path):
    err = io.StringIO()
    code = supervise(
        {"recap worker": child("raise SystemExit(3)"), "gunicorn": child("import time; time.sleep(60)")},
        err,
        poll=0.02,
    )
    assert code == 3 and "recap worker ended (exit status 3); the others were stopped." in err.getvalue()
