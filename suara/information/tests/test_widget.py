"""The "cek hoaks" widget, framed by a city app's registered origin only, its links staying embedded."""

import pytest

from conftest import make_officer
from suara.audit.actors import Actor
from suara.information.services import clarification_publish
from suara.information.tests.conftest import make
from suara.integrations.services import integration_create, origin_add

pytestmark = pytest.mark.django_db


def test_widget_embedded_for_its_origin_only(client, writers):
    draft = make(writers["author"])
    clarification_publish(actor=Actor.of(writers["second"]), pk=draft.pk)
    app = make_officer("depok_app", "integrator", "3276")
    integration = integration_create(actor=Actor.of(app), name="Depok Single Window")
    origin_add(actor=Actor.of(app), embed_id=integration.embed_id, origin="https://app.depok.go.id")

    framed = client.get(f"/sematkan/{integration.embed_id}/hoaks/cek/", {"q": "dicoblos"})
    assert framed.status_code == 200
    assert "frame-ancestors https://app.depok.go.id" in framed["Content-Security-Policy"]
    assert f'href="/sematkan/{integration.embed_id}/hoaks/{draft.pk}/"' in framed.content.decode()

    plain = client.get("/hoaks/cek/", {"q": "dicoblos"})
    assert "frame-ancestors 'none'" in plain["Content-Security-Policy"]
    assert client.get("/sematkan/ffffff/hoaks/cek/").status_code == 404
