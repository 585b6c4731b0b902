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


def test_region_browser_and_tps_page_show_the_place(client, geography):
    record("3276011006001", step_free=True)
    desa = client.get("/wilayah/3276011006/").content.decode()
    assert 'data-tps-address="3276011006001"' in desa and "Jl. Kenanga No. 7, Depok" in desa
    assert 'href="geo:-6.401000,106.820000"' in desa
    tps = client.get("/tps/3276011006001/").content.decode()
    assert "Jl. Kenanga No. 7, Depok" in tps and "Akses tanpa tangga" in tps
    other = client.get("/tps/3276011006002/").content.decode()
    assert "belum dicatat" in other


def test_pps_page_records_one_tps_and_imports_a_csv(client, place_officers):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from suara.voters.places.rules import CSV_COLUMNS

    client.force_login(place_officers["pps"])
    assert client.get("/petugas/lokasi-tps/").status_code == 200
    data = {"form": "place", "tps_code": "3276011006001", "address": "Jl. Mawar 3", "latitude": "-6.4"}
    bad = client.post("/petugas/lokasi-tps/", data | {"longitude": "150"})
    assert bad.status_code == 400 and "di luar wilayah Indonesia" in bad.content.decode()
    assert not TpsLocation.objects.exists()
    ok = client.post("/petugas/lokasi-tps/", data | {"longitude": "106.8", "help_physical": "on"})
    assert ok.status_code == 302 and TpsLocation.objects.get().help_physical
    edit = client.get("/petugas/lokasi-tps/?tps=3276011006001").content.decode()
    assert "Jl. Mawar 3" in edit
    header = ",".join(CSV_COLUMNS)
    text = f"{header}\n3276011006002,Jl. Dua 2,-6.4,106.8,1,0,0,0,0,0\n3275011001001,Jl. Bekasi,-6.2,107,0,0,0,0,0,0\n"
    upload = SimpleUploadedFile("l.csv", text.encode(), content_type="text/csv")
    refused = client.post("/petugas/lokasi-tps/", {"form": "import", "scope": "3276011006", "file": upload})
    assert refused.status_code == 400 and "<code>forbidden</code>" in refused.content.decode()
    assert TpsLocation.objects.count() == 1


def test_pps_page_refuses_other_roles(client, place_officers):
    client.force_login(place_officers["kpps"])
    assert client.get("/petugas/lokasi-tps/").status_code == 403


def test_tps_finder_widget_plain_and_embedded(client, geography):
    from suara.audit.actors import Actor
    from suara.integrations.services import integration_create, origin_add

    record("3276011006001", help_visual=True)
    page = client.get("/cari-tps/?tps=3276011006001")
    body = page.content.decode()
    assert page.status_code == 200 and "Jl. Kenanga No. 7, Depok" in body and "tunanetra" in body
    assert 'href="geo:-6.401000,106.820000"' in body and 'href="/cek-dpt/"' in body
    assert client.get("/cari-tps/?tps=123").status_code == 400
    assert client.get("/cari-tps/?tps=3276011006999").status_code == 404
    assert "belum dicatat" in client.get("/cari-tps/?tps=3276011006002").content.decode()

    from conftest import make_officer

    integrator = make_officer("depok_app_places", "integrator", "3276")
    integration = integration_create(actor=Actor.of(integrator), name="Depok")
    origin_add(actor=Actor.of(integrator), embed_id=integration.embed_id, origin="https://app.depok.go.id")
    framed = client.get(f"/sematkan/{integration.embed_id}/cari-tps/?tps=3276011006001")
    assert framed.status_code == 200 and "https://app.depok.go.id" in framed["Content-Security-Policy"]
    assert f'href="/sematkan/{integration.embed_id}/cek-dpt/"' in framed.content.decode()
