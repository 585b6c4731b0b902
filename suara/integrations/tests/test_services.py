"""Integrations and their origins: who may register what, each write audited, bad input refused."""

import pytest

from conftest import make_officer
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.integrations import selectors
from suara.integrations.models import AllowedOrigin, Integration
from suara.integrations.services import MAX_ORIGINS, integration_create, origin_add, origin_remove


def test_an_integrator_registers_an_origin_and_it_is_allowed_at_once(integrator, django_capture_on_commit_callbacks):
    integration = integration_create(actor=Actor.of(integrator), name="  Depok   Single Window ")
    assert integration.name == "Depok Single Window"
    assert selectors.frame_origins(integration.embed_id) == ()  # the process now keeps the origins
    with django_capture_on_commit_callbacks(execute=True):  # the commit empties the process's copy
        origin_add(actor=Actor.of(integrator), embed_id=integration.embed_id, origin="HTTPS://App.Depok.go.id/")
    assert selectors.cors_origin_allowed("https://app.depok.go.id")
    assert selectors.frame_origins(integration.embed_id) == ("https://app.depok.go.id",)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["integrations.create", "integrations.origin_add"]


def test_a_removed_origin_is_no_longer_allowed(registered, integrator):
    origin_remove(actor=Actor.of(integrator), embed_id=registered.embed_id, origin="https://app.depok.go.id")
    assert not selectors.cors_origin_allowed("https://app.depok.go.id")
    assert AuditEvent.objects.filter(action="integrations.origin_remove").count() == 1
    with pytest.raises(NotFound):
        origin_remove(actor=Actor.of(integrator), embed_id=registered.embed_id, origin="https://app.depok.go.id")


def test_only_an_integrator_manages_integrations(geography):
    kpu = make_officer("kpu_depok_ops", "kpu_kabkota", "3276")
    with pytest.raises(PermissionDenied):
        integration_create(actor=Actor.of(kpu), name="Bukan aplikasi")
    assert not Integration.objects.exists()


def test_an_integrator_cannot_touch_another_integrators_integration(registered):
    other = make_officer("bekasi_app", "integrator", "3275")
    before = AuditEvent.objects.count()
    with pytest.raises(NotFound):
        origin_add(actor=Actor.of(other), embed_id=registered.embed_id, origin="https://evil.example")
    with pytest.raises(NotFound):
        origin_remove(actor=Actor.of(other), embed_id=registered.embed_id, origin="https://app.depok.go.id")
    assert AuditEvent.objects.count() == before
    assert list(AllowedOrigin.objects.values_list("origin", flat=True)) == ["https://app.depok.go.id"]


def test_bad_or_repeated_origins_are_refused_and_leave_nothing(registered, integrator):
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as bad:
        origin_add(actor=Actor.of(integrator), embed_id=registered.embed_id, origin="http://app.depok.go.id")
    assert bad.value.code == "invalid_origin" and "https" in bad.value.message
    with pytest.raises(Conflict) as repeated:
        origin_add(actor=Actor.of(integrator), embed_id=registered.embed_id, origin="https://APP.depok.go.id:443")
    assert repeated.value.code == "origin_exists"
    with pytest.raises(DomainError) as nameless:
        integration_create(actor=Actor.of(integrator), name=" \t")
    assert nameless.value.code == "invalid_name"
    assert AuditEvent.objects.count() == before
    assert AllowedOrigin.objects.count() == 1


def test_origins_per_integration_are_bounded(registered, integrator):
    for n in range(1, MAX_ORIGINS):
        origin_add(actor=Actor.of(integrator), embed_id=registered.embed_id, origin=f"https://app{n}.depok.go.id")
    with pytest.raises(Conflict) as full:
        origin_add(actor=Actor.of(integrator), embed_id=registered.embed_id, origin="https://one-more.depok.go.id")
    assert full.value.code == "too_many_origins"
