import pytest


@pytest.fixture
def english(client):
    """Switches the test client to English the way a visitor does, through the language form."""
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client
