import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/wilayah/", "/wilayah/32/", "/masuk/", "/wilayah/bukan-kode/"])
def test_pages_carry_security_headers(client, geography, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/wilayah/", "/wilayah/3276/", "/masuk/", "/tidak-ada/"])
def test_pages_have_no_inline_code_or_outside_resources(client, geography, path):
    # The CSP would block these; catching them here beats a silently unstyled page.
    html = client.get(path).content.decode()
    assert "<style" not in html
    assert " style=" not in html
    assert "<script>" not in html
    assert " on" + "click=" not in html
    assert "http://" not in html and "https://" not in html.replace('xmlns="http', "")
    assert "/static/portal/suara.css" in html


def test_every_page_has_the_language_switch(client, geography):
    for path in ["/", "/wilayah/", "/wilayah/32/", "/tps/3276011006001/", "/masuk/", "/tidak-ada/"]:
        html = client.get(path).content.decode()
        assert 'action="/i18n/setlang/" method="post"' in html, path
        assert 'name="language" value="en"' in html, path
        assert f'name="next" value="{path}"' in html, path


def test_language_switch_keeps_the_page(client, geography):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/wilayah/32/"})
    assert response.status_code == 302
    assert response["Location"] == "/wilayah/32/"
    html = client.get("/wilayah/32/").content.decode()
    assert '<html lang="en">' in html
    assert "Regencies and cities" in html
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert '<html lang="id">' in client.get("/").content.decode()


def test_language_switch_refuses_outside_redirects(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://contoh.example/"})
    assert response["Location"] == "/"


def test_static_files_are_served(client):
    response = client.get("/static/portal/suara.css")
    assert response.status_code == 200
    assert b".timeline" in b"".join(response.streaming_content)
    assert client.get("/static/portal/countdown.js").status_code == 200


def test_500_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan" in html
    assert "/static/portal/suara.css" in html


def test_indonesian_is_the_default(client):
    html = client.get("/masuk/").content.decode()
    assert '<html lang="id">' in html
    assert 'value="id" lang="id" aria-pressed="true"' in html
