"""The integrator's integrations over the API, with its own token."""

from conftest import make_officer
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {user.test_token}"}


def test_an_integrator_registers_its_app_and_origin_over_the_api(integrator, client):
    created = client.post(
        "/api/v1/integrations", {"name": "Depok Single Window"}, "application/json", **auth(integrator)
    )
    assert created.status_code == 201, created.content
    embed_id = created.json()["embed_id"]
    assert created.json()["origins"] == []
    assert f"/sematkan/{embed_id}/cek-dpt/" in created.json()["embed_paths"]
    added = client.post(
        f"/api/v1/integrations/{embed_id}/origins",
        {"origin": "https://App.Depok.go.id"},
        "application/json",
        **auth(integrator),
    )
    assert added.status_code == 201
    assert added.json()["origins"] == ["https://app.depok.go.id"]
    listed = client.get("/api/v1/integrations", **auth(integrator))
    assert [i["embed_id"] for i in listed.json()] == [embed_id]
    removed = client.delete(
        f"/api/v1/integrations/{embed_id}/origins?origin=https://app.depok.go.id", **auth(integrator)
    )
    assert removed.status_code == 200 and removed.json()["origins"] == []


def test_refusals_have_their_codes(registered, integrator, client):
    base = f"/api/v1/integrations/{registered.embed_id}/origins"
    assert client.get("/api/v1/integrations").status_code == 401
    bad = client.post(base, {"origin": "https://x.example/path"}, "application/json", **auth(integrator))
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_origin"
    again = client.post(base, {"origin": "https://app.depok.go.id"}, "application/json", **auth(integrator))
    assert again.status_code == 409 and again.json()["code"] == "origin_exists"
    missing = client.post(base, {}, "application/json", **auth(integrator))
    assert missing.status_code == 422
    unknown = client.post(
        "/api/v1/integrations/ffffffffffff/origins",
        {"origin": "https://a.example"},
        "application/json",
        **auth(integrator),
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "integration_not_found"


def test_only_integrators_use_it_and_only_on_their_own(registered, client):
    kpu = make_officer("kpu_depok_api", "kpu_kabkota", "3276")
    _, kpu_token = token_issue(user=kpu, name="ops", actor=Actor.named("test"))
    refused = client.post(
        "/api/v1/integrations", {"name": "x"}, "application/json", HTTP_AUTHORIZATION=f"Bearer {kpu_token}"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    other = make_officer("bekasi_app_api", "integrator", "3275")
    _, other_token = token_issue(user=other, name="bekasi", actor=Actor.named("test"))
    assert client.get("/api/v1/integrations", HTTP_AUTHORIZATION=f"Bearer {other_token}").json() == []
    taken = client.delete(
        f"/api/v1/integrations/{registered.embed_id}/origins?origin=https://app.depok.go.id",
        HTTP_AUTHORIZATION=f"Bearer {other_token}",
    )
    assert taken.status_code == 404


def test_the_page_lets_an_integrator_register_an_origin(integrator, client):
    client.force_login(integrator)
    assert client.post("/petugas/integrasi/", {"action": "create", "name": "Depok Single Window"}).status_code == 302
    page = client.get("/petugas/integrasi/").content.decode()
    assert "Depok Single Window" in page and "/sematkan/" in page
    from suara.integrations.models import Integration

    embed_id = Integration.objects.get().embed_id
    bad = client.post(
        "/petugas/integrasi/", {"action": "add_origin", "embed_id": embed_id, "origin": "http://x.example"}
    )
    assert bad.status_code == 400 and "https" in bad.content.decode()
    ok = client.post(
        "/petugas/integrasi/", {"action": "add_origin", "embed_id": embed_id, "origin": "https://app.depok.go.id"}
    )
    assert ok.status_code == 302
    assert "https://app.depok.go.id" in client.get("/petugas/integrasi/").content.decode()


def test_the_page_is_for_integrators(geography, client):
    client.force_login(make_officer("kpu_depok_page", "kpu_kabkota", "3276"))
    assert client.get("/petugas/integrasi/").status_code == 403
    client.logout()
    assert client.get("/petugas/integrasi/").status_code == 302
