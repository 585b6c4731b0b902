"""Past capacity, shed instead of queueing: gunicorn's threaded worker with a deadline on the queue.

A gthread worker accepts every connection and hands each request to its thread pool, whose queue has no
bound: on a slower machine at 1.6 times what it could serve, requests waited 34 s at p99 and every answer
came too late to be of use. This worker notes when each request joined the pool's queue; a request that
waited longer than ``SUARA_SHED_AFTER_MS`` (500 ms) by the time a thread takes it is answered at once
with 503 and ``Retry-After``, without running Django. What is served is then served within the deadline
plus its own time, the shed requests cost a fraction of a millisecond each, and nothing is lost: a field
app retries a submission with the same id, which counts once.

Why by age and not by queue length: the age is what a client feels, whatever a request costs (a recap
read is a tenth of a submission); a length would have to guess the cost. Why not a library: no
maintained WSGI server or middleware sheds by queue age, and a middleware runs only after the wait.
"""

from __future__ import annotations

import threading
import time

from gunicorn.workers.gthread import ThreadWorker

from suara.core.errors import ErrorCode

RETRY_AFTER_SECONDS = 2
_waited = threading.local()

_API_BODY = (
    f'{{"code": "{ErrorCode.OVERLOADED}", "message": "Server sedang penuh. Coba lagi dalam '
    f'{RETRY_AFTER_SECONDS} detik."}}'
).encode()
_PAGE_BODY = (
    '<!doctype html><html lang="id"><meta charset="utf-8"><title>Server sedang penuh · Suara</title>'
    f"<h1>Server sedang penuh</h1><p>Coba lagi dalam {RETRY_AFTER_SECONDS} detik.</p>"
    f'<p lang="en">The server is busy. Try again in {RETRY_AFTER_SECONDS} seconds.</p></html>'
).encode()


def shed_after_seconds() -> float:
    from django.conf import settings  # configured once the worker has loaded the application

    return settings.SUARA_SHED_AFTER_MS / 1000


def shedding(app, *, budget: float, waited=lambda: getattr(_waited, "seconds", 0.0)):
    """The WSGI ``app``, answering 503 at once instead when the request waited over ``budget`` seconds."""

    def shed_when_late(environ, start_response):
        if waited() <= budget:
            return app(environ, start_response)
        api = environ.get("PATH_INFO", "").startswith("/api/")
        body = _API_BODY if api else _PAGE_BODY
        start_response(
            "503 Service Unavailable",
            [
                ("Content-Type", "application/json" if api else "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Retry-After", str(RETRY_AFTER_SECONDS)),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]

    return shed_when_late


class SheddingWorker(ThreadWorker):
    """gthread, with the queue deadline above (``--worker-class suara.core.shedding.SheddingWorker``)."""

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = shedding(self.wsgi, budget=shed_after_seconds())

    def enqueue_req(self, conn):
        conn.suara_enqueued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle(self, conn):
        # The time this request spent in the pool's queue; the wait for a slow client's bytes comes after
        # and is not the server's to count.
        _waited.seconds = time.monotonic() - getattr(conn, "suara_enqueued_at", time.monotonic())
        return super().handle(conn)
