import pytest


@pytest.fixture
def integrator(geography):
    """An integrator account of Kota Depok's city app, with an API token."""
    from conftest import make_officer
    from suara.accounts.tokens import token_issue
    from suara.audit.actors import Actor

    user = make_officer("depok_app", "integrator", "3276")
    _, plaintext = token_issue(user=user, name="Depok Single Window", actor=Actor.named("test"))
    user.test_token = plaintext
    return user


@pytest.fixture
def registered(integrator):
    """The integrator's integration with one registered origin."""
    from suara.audit.actors import Actor
    from suara.integrations.services import integration_create, origin_add

    integration = integration_create(actor=Actor.of(integrator), name="Depok Single Window")
    origin_add(actor=Actor.of(integrator), embed_id=integration.embed_id, origin="https://app.depok.go.id")
    return integration
