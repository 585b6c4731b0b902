import pytest

from conftest import make_officer


@pytest.fixture
def place_officers(geography):
    """The PPS of desa 3276011006 (Depok, Pancoran Mas), its PPK, a Bekasi PPS and a KPPS."""
    return {
        "pps": make_officer("pps_place", "pps", "3276011006"),
        "ppk": make_officer("ppk_place", "ppk", "327601"),
        "pps_bekasi": make_officer("pps_bekasi_place", "pps", "3275011001"),
        "kpps": make_officer("kpps_place", "kpps", "3276011006001"),
    }


@pytest.fixture
def tokens(place_officers):
    from suara.accounts.tokens import token_issue
    from suara.audit.actors import Actor

    return {
        who: {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user, name='uji', actor=Actor.named('test'))[1]}"}
        for who, user in place_officers.items()
    }
