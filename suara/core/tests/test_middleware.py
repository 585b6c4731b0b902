import os
import subprocess
import sys

import pytest


def test_indonesian_even_when_the_browser_asks_for_english(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    assert b'lang="id"' in response.content


def test_the_language_switch_still_chooses_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.headers["Content-Language"] == "en"


def test_security_headers_on_every_response(client, db):
    for path in ("/", "/api/v1/elections", "/api/v1/docs", "/tidak-ada/"):
        response = client.get(path)
        assert "default-src 'self'" in response.headers["Content-Security-Policy"], path
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["X-Frame-Options"] == "DENY", path


@pytest.mark.parametrize(("https", "hsts"), [("", "0"), ("1", "31536000")])
def test_hsts_only_behind_tls(https, hsts):
    code = "import suara.settings as s; print(s.SECURE_HSTS_SECONDS if hasattr(s, 'SECURE_HSTS_SECONDS') else 0)"
    env = {**os.environ, "SUARA_DEBUG": "1", "SUARA_HTTPS": https}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == hsts, result.stderr
