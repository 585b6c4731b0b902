import pytest

from suara.parties.services import parties_load


@pytest.fixture
def parties(pemilu_2024):
    """The 24 parties of Pemilu 2024, by ballot number."""
    parties_load(actor="test")
    return {party.number: party for party in pemilu_2024.parties.all()}
