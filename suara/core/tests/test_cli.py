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

import pytest

from suara.core.tests.support import SUARA, clean_env, migrate, recap_state, run, seed_one_delta


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
    migrate(env)
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


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs once, on SQLite")
def test_serve_runs_the_recap_worker_beside_gunicorn_and_a_sigterm_stops_both(tmp_path):
    env = clean_env(tmp_path, SUARA_SECRET_KEY="test-" + "x" * 40)
    migrate(env)
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
