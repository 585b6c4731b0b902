"""Where voters see a TPS's place: cek DPT's answer (and its embed)."""

from decimal import Decimal

from django.utils import timezone

from suara.regions.models import TpsLocation
from suara.voters.tests.support import NAME, synthetic_voter


def record(tps_code="3276011006003", **flags):
    return TpsLocation.objects.create(
        tps_id=tps_code,
        address="Jl. Kenanga No. 7, Depok",
        latitude=Decimal("-6.401000"),
        longitude=Decimal("106.820000"),
        updated_by="test",
        updated_at=timezone.now(),
        **flags,
    )


def test_cek_dpt_hit_shows_the_tps_address_and_map_links(client, geography):
    voter = synthetic_voter()
    record(help_hearing=True)
    body = client.post("/cek-dpt/", {"nik": voter.nik, "nama": NAME}).content.decode()
    assert 'data-registered="ya"' in body and "Jl. Kenanga No. 7, Depok" in body
    assert 'href="geo:-6.401000,106.820000"' in body
    assert (
        'href="https://www.openstreetmap.org/?mlat=-6.401000&amp;mlon=106.820000#map=18/-6.401000/106.820000"' in body
    )
    assert "tunarungu" in body
    assert '<script src="http' not in body and "<iframe" not in body  # nothing loaded from elsewhere


def test_cek_dpt_miss_shows_no_place(client, geography):
    voter = synthetic_voter()
    record()
    body = client.post("/cek-dpt/", {"nik": voter.nik, "nama": "Siti Aminah"}).content.decode()
    assert "Jl. Kenanga" not in body
