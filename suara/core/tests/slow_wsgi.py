"""A WSGI app that takes a fixed time per request, for the load-shedding test (not a test module)."""

import os
import time

SECONDS = float(os.environ.get("SLOW_WSGI_SECONDS", "0.15"))


def app(environ, start_response):
    time.sleep(SECONDS)
    body = b'{"ok": true}'
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
