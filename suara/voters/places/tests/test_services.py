"""Recording a TPS's place: range checks, scope, one audit event, the CSV all or nothing."""

from decimal import Decimal

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError, PermissionDenied
from suara.regions.models import TpsLocation
from suara.voters.places import rules
from suara.voters.places.services import tps_location_set, tps_locations_import

TPS = "3276011006001"
HEADER = ",".join(rules.CSV_COLUMNS)


def _set(user, **changes):
    fields = {"address": "Jl. Merdeka No. 5, Depok", "latitude": "-6.4021", "longitude": "106.8188"}
    return tps_location_set(actor=Actor.of(user), tps_code=TPS, **(fields | changes))


def test_pps_records_its_tps_place_with_one_audit_event(place_officers):
    before = AuditEvent.objects.count()
    location = _set(place_officers["pps"], step_free=True, help_visual=True)
    assert location.latitude == Decimal("-6.402100") and location.step_free and not location.help_mental
    assert location.updated_by == "pps_place"
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_code, event.role) == ("regions.set_tps_location", TPS, "pps")
    _set(place_officers["ppk"], address="Jl. Baru 1, Depok")  # the PPK above may correct it
    assert TpsLocation.objects.get(tps_id=TPS).address == "Jl. Baru 1, Depok"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"latitude": "-12.0"}, "coordinates_outside_indonesia"),
        ({"latitude": "7"}, "coordinates_outside_indonesia"),
        ({"longitude": "94.9"}, "coordinates_outside_indonesia"),
        ({"longitude": "141.5"}, "coordinates_outside_indonesia"),
        ({"longitude": "timur"}, "invalid_input"),
        ({"latitude": "NaN"}, "invalid_input"),
        ({"address": "Jl"}, "invalid_tps_address"),
        ({"address": "x" * 301}, "invalid_tps_address"),
    ],
)
def test_bad_place_refused_and_nothing_recorded(place_officers, changes, code):
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        _set(place_officers["pps"], **changes)
    assert refused.value.code == code
    assert not TpsLocation.objects.exists() and AuditEvent.objects.count() == before


@pytest.mark.parametrize("who", ["pps_bekasi", "kpps"])
def test_outside_scope_refused(place_officers, who):
    with pytest.raises(PermissionDenied):
        _set(place_officers[who])
    assert not TpsLocation.objects.exists()


def test_unknown_tps_refused(place_officers):
    with pytest.raises(DomainError) as refused:
        tps_location_set(
            actor=Actor.of(place_officers["pps"]),
            tps_code="3276011006999",
            address="Jl. A 1",
            latitude=-6,
            longitude=106,
        )
    assert refused.value.code == "tps_not_found"


def test_csv_import_records_every_row(place_officers):
    text = (
        f"{HEADER}\n{TPS},Jl. Satu 1,-6.40,106.82,1,ya,0,tidak,0,0\n3276011006002,Jl. Dua 2,-6.41,106.83,0,0,0,0,0,1\n"
    )
    result = tps_locations_import(actor=Actor.of(place_officers["pps"]), scope="3276011006", text=text)
    assert result.saved == 2
    assert TpsLocation.objects.get(tps_id=TPS).help_visual
    assert TpsLocation.objects.get(tps_id="3276011006002").help_mental
    assert AuditEvent.objects.filter(action="regions.import_tps_locations").count() == 1


def test_csv_bad_rows_refuse_the_file_with_line_and_code(place_officers):
    text = (
        f"{HEADER}\n"
        f"{TPS},Jl. Satu 1,-6.40,106.82,1,0,0,0,0,0\n"
        "3276011006002,Jl. Dua 2,-6.41,200,0,0,0,0,0,0\n"  # line 3: outside Indonesia
        "3275011001001,Jl. Bekasi 3,-6.2,107.0,0,0,0,0,0,0\n"  # line 4: another desa
        "3276011006999,Jl. Tiga 3,-6.4,106.8,0,0,0,0,0,0\n"  # line 5: no such TPS
        "12345,Jl. Empat 4,-6.4,106.8,0,0,0,0,0,0\n"  # line 6: not a TPS code
        "3276011006003,Jl. Lima 5,-6.4,106.8,mungkin,0,0,0,0,0\n"  # line 7: not a flag
    )
    with pytest.raises(DomainError) as refused:
        tps_locations_import(actor=Actor.of(place_officers["pps"]), scope="3276011006", text=text)
    assert refused.value.code == "tps_locations_invalid"
    assert [(d["line"], d["code"]) for d in refused.value.details] == [
        (3, "coordinates_outside_indonesia"),
        (4, "forbidden"),
        (5, "tps_not_found"),
        (6, "invalid_tps_code"),
        (7, "invalid_input"),
    ]
    assert not TpsLocation.objects.exists()
    assert not AuditEvent.objects.filter(action="regions.import_tps_locations").exists()


def test_csv_bad_header_and_scope(place_officers):
    with pytest.raises(DomainError) as refused:
        tps_locations_import(actor=Actor.of(place_officers["pps"]), scope="3276011006", text="kode,alamat\n")
    assert refused.value.details == [{"line": 1, "code": "invalid_input", "field": "header"}]
    with pytest.raises(PermissionDenied):
        tps_locations_import(actor=Actor.of(place_officers["pps"]), scope="327601", text=HEADER)


def test_map_links():
    assert rules.geo_uri(Decimal("-6.400000"), Decimal("106.820000")) == "geo:-6.400000,106.820000"
    assert rules.osm_url(Decimal("-6.4"), Decimal("106.82")) == (
        "https://www.openstreetmap.org/?mlat=-6.4&mlon=106.82#map=18/-6.4/106.82"
    )


def test_demo_places_the_kecamatan_once(geography):
    from suara.voters.places.demo import places_demo_ensure

    placed = places_demo_ensure(kecamatan="327601")
    assert placed > 0 and TpsLocation.objects.count() == placed
    assert all(
        Decimal("-6.43") < loc.latitude < Decimal("-6.37") and Decimal("106.79") < loc.longitude < Decimal("106.85")
        for loc in TpsLocation.objects.all()
    )
    assert places_demo_ensure(kecamatan="327601") == 0
