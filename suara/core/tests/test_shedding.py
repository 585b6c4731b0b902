"""Past capacity the server sheds: a request that waited in the queue past its deadline gets 503 with
Retry-After at once, the rest are served within the deadline plus their own time."""

import concurrent.futures
import http.client
import os
import socket
import subprocess
import sys
import time

from suara.core.shedding import RETRY_AFTER_SECONDS, shedding


def call(app, path="/api/v1/results"):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


def served(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"served"]


def test_a_request_within_its_deadline_is_served():
    assert call(shedding(served, budget=0.5, waited=lambda: 0.49))[2] == b"served"


def test_a_late_request_is_shed_with_retry_after_and_the_api_gets_json():
    status, headers, body = call(shedding(served, budget=0.5, waited=lambda: 0.51))
    assert status.startswith("503")
    assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS) and headers["Cache-Control"] == "no-store"
    assert headers["Content-Type"] == "application/json" and b'"code": "overloaded"' in body
    assert int(headers["Content-Length"]) == len(body)
    status, headers, body = call(shedding(served, budget=0.5, waited=lambda: 3.0), path="/hasil/")
    assert status.startswith("503") and headers["Content-Type"].startswith("text/html") and b"penuh" in body


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_with_the_worker_sheds_what_it_cannot_serve_in_time():
    port = free_port()
    env = {**os.environ, "SUARA_SHED_AFTER_MS": "200", "SLOW_WSGI_SECONDS": "0.15"}
    argv = [sys.executable, "-m", "gunicorn", "suara.core.tests.slow_wsgi:app", "--bind", f"127.0.0.1:{port}"]
    argv += ["--worker-class", "suara.core.shedding.SheddingWorker", "--workers", "1", "--threads", "1"]
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)

        def one(_):
            started = time.monotonic()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/api/v1/x")
            response = connection.getresponse()
            response.read()
            connection.close()
            return response.status, response.getheader("Retry-After"), time.monotonic() - started

        # Ten at once to one thread that serves one every 0.15 s: unbounded, the last would wait 1.5 s.
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            answers = list(pool.map(one, range(10)))
    finally:
        server.terminate()
        server.wait(30)
    served_ = [a for a in answers if a[0] == 200]
    shed = [a for a in answers if a[0] == 503]
    assert len(served_) + len(shed) == 10
    assert served_ and len(shed) >= 5
    assert all(retry == str(RETRY_AFTER_SECONDS) for _, retry, _ in shed)
    assert max(latency for *_, latency in answers) < 1.0
