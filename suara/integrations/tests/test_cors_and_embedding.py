"""A city app calls the API from its own origin and frames the embeddable pages; nothing else crosses."""

import pytest
from django.test import Client

APP = "https://app.depok.go.id"


def frame_ancestors(response) -> str:
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return policy["frame-ancestors"]


def test_a_preflight_from_a_registered_origin_is_answered(registered, client):
    response = client.options(
        "/api/v1/cek-dpt",
        HTTP_ORIGIN=APP,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type, x-api-key",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "x-api-key" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_an_api_answer_names_a_registered_origin_only(registered, client):
    allowed = client.get("/api/v1/elections", HTTP_ORIGIN=APP)
    assert allowed.status_code == 200
    assert allowed["Access-Control-Allow-Origin"] == APP
    assert "origin" in allowed["Vary"].lower()
    for stranger in ("https://evil.example", "null", "https://app.depok.go.id.evil.example"):
        refused = client.get("/api/v1/elections", HTTP_ORIGIN=stranger)
        assert "Access-Control-Allow-Origin" not in refused
    preflight = client.options(
        "/api/v1/cek-dpt", HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "Access-Control-Allow-Origin" not in preflight


def test_pages_never_answer_cors(registered, client):
    response = client.get("/cek-dpt/", HTTP_ORIGIN=APP)
    assert "Access-Control-Allow-Origin" not in response


def test_an_errors_answer_carries_cors_so_the_app_can_read_it(registered, client):
    response = client.post("/api/v1/cek-dpt", {"nik": "123"}, content_type="application/json", HTTP_ORIGIN=APP)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == APP


@pytest.mark.parametrize("path", ["/cek-dpt/", "/", "/wilayah/", "/wilayah/3276/", "/tps/3276011006001/"])
def test_an_embeddable_page_may_be_framed_by_its_integrations_origins_only(registered, pemilu_2024, client, path):
    embedded = client.get(f"/sematkan/{registered.embed_id}{path}")
    assert embedded.status_code == 200
    assert frame_ancestors(embedded) == APP
    assert "X-Frame-Options" not in embedded
    plain = client.get(path)
    assert frame_ancestors(plain) == "'none'"
    assert plain["X-Frame-Options"] == "DENY"


def test_an_embedded_pages_links_stay_embedded(registered, client):
    page = client.get(f"/sematkan/{registered.embed_id}/wilayah/3276/").content.decode()
    assert f'href="/sematkan/{registered.embed_id}/wilayah/327601/"' in page
    assert 'href="/wilayah/327601/"' not in page
    assert 'class="site-nav' not in page  # the city app has its own navigation
    assert f'href="/sematkan/{registered.embed_id}/static/' not in page  # assets come from the site's root


def test_other_pages_stay_unframable_even_under_the_embed_prefix(registered, client):
    response = client.get(f"/sematkan/{registered.embed_id}/masuk/")
    assert response.status_code == 200
    assert frame_ancestors(response) == "'none'"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("embed_id", ["000000000000", "xyz", "", "0" * 40, "%00"])
def test_an_unknown_embed_id_is_404(registered, client, embed_id):
    assert client.get(f"/sematkan/{embed_id}/cek-dpt/").status_code == 404


def test_an_integration_without_origins_frames_nowhere(integrator, client):
    from suara.audit.actors import Actor
    from suara.integrations.services import integration_create

    integration = integration_create(actor=Actor.of(integrator), name="Belum siap")
    response = client.get(f"/sematkan/{integration.embed_id}/cek-dpt/")
    assert frame_ancestors(response) == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_cek_dpt_works_framed_without_a_cookie(registered, db):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/sematkan/{registered.embed_id}/cek-dpt/", {"nik": "3276010101900001", "nama": "Budi"})
    assert response.status_code == 200
    assert "Data tidak ditemukan" in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_a_framed_real_count_page_is_not_the_kept_public_page(registered, counting, client):
    plain = client.get("/hasil/ppwp-2024/")
    embedded = client.get(f"/sematkan/{registered.embed_id}/hasil/ppwp-2024/")
    again = client.get("/hasil/ppwp-2024/")
    assert embedded.status_code == plain.status_code == again.status_code == 200
    assert f"/sematkan/{registered.embed_id}/hasil/ppwp-2024/wilayah/32/" in embedded.content.decode()
    assert "/sematkan/" not in again.content.decode()
    assert frame_ancestors(embedded) == APP and frame_ancestors(again) == "'none'"
