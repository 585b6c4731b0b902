"""The `suara` command and the production server, run as a user runs them: in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SUARA = [sys.executable, "-c", "from suara.cli import main; main()"]


def clean_env(tmp_path: Path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUARA_") and k != "DJANGO_SETTINGS_MODULE"}
    env.pop("DATABASE_URL", None)
    env["SUARA_VAR_DIR"] = str(tmp_path / "var")
    env.update(extra)
    return env


def run(args, env, **kwargs):
    return subprocess.run([*SUARA, *args], env=env, capture_output=True, text=True, timeout=300, **kwargs)


def test_without_a_secret_key_production_settings_refuse_to_start(tmp_path):
    result = run(["check"], clean_env(tmp_path))
    assert result.returncode != 0
    assert "SUARA_SECRET_KEY is not set" in result.stderr


def test_any_django_command_runs_with_hyphens(tmp_path):
    env = clean_env(tmp_path, SUARA_DEBUG="1")
    result = run(["check"], env)
    assert result.returncode == 0, result.stderr
    result = run(["load-elections", "--help"], env)
    assert result.returncode == 0 and "elections shipped as data" in result.stdout


def test_sqlite_runs_in_wal_mode(tmp_path):
    env = clean_env(tmp_path, SUARA_DEBUG="1")
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "suara.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "wal", result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, dict(response.headers), response.read()


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs once, on SQLite")
def test_serve_runs_gunicorn_with_static_files_and_security_headers(tmp_path):
    env = clean_env(tmp_path, SUARA_SECRET_KEY="test-" + "x" * 40)
    assert run(["migrate", "-v0"], env).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [*SUARA, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = fetch(base + "/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    output = server.stdout.read().decode() if server.poll() is not None else ""
                    pytest.fail(f"server did not come up: {output}")
                time.sleep(0.3)
        assert status == 200
        assert "gunicorn" in headers.get("Server", "")
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert b'lang="id"' in body
        stylesheet = body.decode().split('rel="stylesheet" href="')[1].split('"')[0]
        status, headers, _ = fetch(base + stylesheet)
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        assert "max-age" in headers.get("Cache-Control", "")  # hashed names, cached long
        status, _, body = fetch(base + "/api/v1/openapi.json")
        assert status == 200 and b'"openapi"' in body
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


# A counting geography of one TPS and one pending delta, written straight into a fresh database.
SEED_ONE_DELTA = """
import django
django.setup()
from django.core.management import call_command
from suara.elections.models import Contest
from suara.results.models import CountRegion, CountTps, RecapDelta

call_command("load_elections", verbosity=0)
contest = Contest.objects.get(slug="ppwp-2024")
for code, name, level, parent in [
    ("32", "JAWA BARAT", 1, ""),
    ("3276", "KOTA DEPOK", 2, "32"),
    ("327601", "PANCORAN MAS", 3, "3276"),
    ("3276011006", "DEPOK", 4, "327601"),
]:
    CountRegion.objects.create(
        election=contest.election, code=code, name=name, level=level, parent_code=parent, tps_expected=1
    )
CountTps.objects.create(election=contest.election, code="3276011006001", desa_code="3276011006", number=1)
RecapDelta.objects.create(
    contest=contest, tps_code="3276011006001", delta={"votes.1": 5, "valid": 5, "total": 5, "tps_reported": 1}
)
"""


def seed_one_delta(env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SEED_ONE_DELTA],
        env={**env, "DJANGO_SETTINGS_MODULE": "suara.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def recap_state(tmp_path: Path) -> tuple[int, str | None]:
    """Pending deltas and the national snapshot's body, read from the SQLite file as another client."""
    import sqlite3

    with sqlite3.connect(tmp_path / "var" / "suara.sqlite3", timeout=30) as db:
        pending = db.execute("SELECT count(*) FROM results_recapdelta").fetchone()[0]
        row = db.execute(
            "SELECT s.body FROM results_recappointer p JOIN results_recapsnapshot s ON s.id = p.snapshot_id "
            "WHERE p.code = ''"
        ).fetchone()
    return pending, row[0] if row else None


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs once, on SQLite")
def test_serve_runs_the_recap_worker_beside_gunicorn_and_a_sigterm_stops_both(tmp_path):
    env = clean_env(tmp_path, SUARA_SECRET_KEY="test-" + "x" * 40)
    assert run(["migrate", "-v0"], env).returncode == 0
    seed_one_delta(env)
    port = free_port()
    server = subprocess.Popen(
        [*SUARA, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while recap_state(tmp_path)[0]:
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("the recap worker did not fold the pending delta")
            time.sleep(0.3)
        national = json.loads(recap_state(tmp_path)[1])
        assert national["tps_reported"] == 1 and national["candidates"][0]["votes"] == 5
        while True:  # gunicorn is up too
            try:
                assert fetch(f"http://127.0.0.1:{port}/")[0] == 200
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not come up")
                time.sleep(0.3)
        os.kill(server.pid, signal.SIGTERM)  # to serve alone: it stops its children
        assert server.wait(timeout=40) == 0
        output = server.stdout.read().decode()
        assert "Recap worker stopped after folding 1 deltas" in output
        assert "Shutting down" in output or "Handling signal: term" in output  # gunicorn's own words
        with pytest.raises(OSError):
            fetch(f"http://127.0.0.1:{port}/")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)


@pytest.mark.parametrize(("cores", "workers"), [(None, 2), (1, 2), (2, 2), (8, 8)])
def test_serve_runs_one_process_per_core_and_never_fewer_than_two(monkeypatch, cores, workers):
    from suara.core.management.commands import serve

    monkeypatch.setattr(serve.os, "cpu_count", lambda: cores)
    parser = serve.Command().create_parser("suara", "serve")

    assert parser.parse_args([]).workers == workers
    assert parser.parse_args([]).threads == 4
    assert parser.parse_args(["--workers", "5"]).workers == 5
