"""The health officer's dashboard and reports, the ministry's export (the role, audited), who sees a
person's health record (every view audited) and small-cell suppression."""

from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.officers.health import selectors, services_election_day, services_screening
from suara.officers.health.tests.support import TPS, TPS_OTHER
from suara.officers.models import HealthFacility

pytestmark = pytest.mark.django_db


def test_dashboard_numbers(election, roster, accounts, make_person):
    make_person(election, status="cadangan")
    services_screening.screening_record(
        actor=Actor.of(accounts["health"]), officer_id=roster["chair"].pk, screened_on=date(2024, 1, 10), conditions=2
    )
    services_screening.screening_record(
        actor=Actor.of(accounts["health"]),
        officer_id=roster["linmas"][0].pk,
        screened_on=date(2024, 1, 10),
        systolic=150,
        diastolic=85,
    )
    HealthFacility.objects.create(name="Puskesmas Contoh", kind="puskesmas", region_code=TPS[:6], phone="021-000")
    HealthFacility.objects.create(name="RS Contoh", kind="rs", region_code="3276")
    services_election_day.checkin_alerts_compute(
        now=datetime(2024, 2, 14, 1, 0, tzinfo=UTC)
    )  # 08:00 WIB: openings missed
    board = selectors.dashboard("3276", election)
    assert board.by_status == {"dilantik": 10, "cadangan": 1}  # the Bekasi chair is outside
    kpps = dict(board.table)["kpps"]
    # On 14 Feb 2024: the chair 54; members born 1960..1985 (March): 63, 58, 53, 48, 43, 38; the next door chair 43.
    assert kpps == {"<30": 0, "30-39": 1, "40-49": 3, "50-59": 3, ">=60": 1}
    assert dict(board.table)["linmas"]["30-39"] == 2
    assert board.by_body["kpps"] == 8 and board.by_band["30-39"] == 3
    assert board.risk == {"tinggi": 1, "sedang": 1, "belum": 8}
    assert [(r["tps"], r["count"], r["facility"].name) for r in board.high_risk_tps] == [(TPS, 1, "Puskesmas Contoh")]
    assert {a.tps_code for a in board.overdue} == {TPS, TPS_OTHER}


def test_the_dashboard_page_and_reports_are_the_region_health_officers(election, roster, accounts, client):
    client.force_login(accounts["health"])
    page = client.get("/petugas/adhoc/kesehatan/")
    assert page.status_code == 200 and b"Kesehatan petugas ad hoc" in page.content
    xlsx = client.get("/petugas/adhoc/kesehatan/laporan.xlsx")
    assert xlsx.status_code == 200
    import io

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert "3276" in sheet["A1"].value
    pdf = client.get("/petugas/adhoc/kesehatan/laporan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    for who in ("pemkot", "pps", "kpps"):
        client.force_login(accounts[who])
        assert client.get("/petugas/adhoc/kesehatan/").status_code == 403, who
        assert client.get("/petugas/adhoc/kesehatan/laporan.xlsx").status_code == 403, who
    client.force_login(accounts["health_bekasi"])
    assert client.get("/petugas/adhoc/kesehatan/?wilayah=3276").status_code == 403


def test_the_ministry_export_needs_the_health_officer_role_and_is_audited(election, roster, accounts, client):
    services_election_day.incident_record(
        actor=Actor.of(accounts["kpps"]), officer_id=roster["members"][0].pk, kind="rujuk", symptom="sesak_napas",
        occurred_at=datetime(2024, 2, 14, 15, 0, tzinfo=UTC),
    )  # fmt: skip
    client.force_login(accounts["health"])
    answer = client.get("/petugas/adhoc/kesehatan/ekspor-kemenkes.csv")
    assert answer.status_code == 200
    lines = answer.content.decode().splitlines()
    assert lines[0].startswith("tanggal,provinsi,kabupaten_kota,kecamatan,desa_kelurahan,tps,nama,nik")
    assert roster["members"][0].name in lines[1] and "2024-02-14" in lines[1] and "KOTA DEPOK" in lines[1]
    event = AuditEvent.objects.get(action="officers.health_export")
    assert (event.actor, event.object_code) == ("dinkes_depok", "3276")
    for who in ("kpu_depok", "pemkot", "health_bekasi"):
        client.force_login(accounts[who])
        assert client.get("/petugas/adhoc/kesehatan/ekspor-kemenkes.csv?wilayah=3276").status_code == 403, who
    assert AuditEvent.objects.filter(action="officers.health_export").count() == 1


def test_who_sees_a_persons_record_and_every_view_is_audited(election, roster, accounts, client):
    officer = roster["members"][1]
    url = f"/petugas/adhoc/kesehatan/petugas/{officer.pk}/"
    for who in ("health", "kpu_depok"):
        client.force_login(accounts[who])
        assert client.get(url).status_code == 200, who
    views = AuditEvent.objects.filter(action="officers.health_view", object_code=str(officer.pk))
    assert sorted(views.values_list("actor", flat=True)) == ["dinkes_depok", "kpu_depok"]
    for who in ("pemkot", "pps", "ppk", "kpps", "health_bekasi", "kpu_bekasi"):
        client.force_login(accounts[who])
        assert client.get(url).status_code == 404, who
    assert views.count() == 2


def test_the_screening_form_refuses_a_blood_pressure_of_900(election, roster, accounts, client):
    client.force_login(accounts["health"])
    url = f"/petugas/adhoc/kesehatan/petugas/{roster['chair'].pk}/"
    answer = client.post(url, {"screened_on": "2024-01-10", "systolic": "900", "diastolic": "80"})
    assert answer.status_code == 400 and b"antara 50 dan 300" in answer.content
    answer = client.post(url, {"screened_on": "2024-01-10", "systolic": "150", "diastolic": "95", "conditions": ["1"]})
    assert answer.status_code == 302
    answer = client.post(url, {"form": "clearance", "doctor": "dr. Contoh Saja", "cleared_on": "2024-01-12"})
    assert answer.status_code == 302
    assert not selectors.chair_blocked(roster["chair"])


def test_the_facilities_import(election, accounts):
    good = b"nama,jenis,kode_wilayah,telepon\nPuskesmas Contoh,puskesmas,327601,021-1\nRS Contoh,rs,3276,\n"
    assert services_election_day.facilities_import(actor=Actor.of(accounts["health"]), content=good) == 2
    bad = b"nama,jenis,kode_wilayah,telepon\nPuskesmas Lain,klinik,327601,\nRS Jauh,rs,3275,\n"
    with pytest.raises(DomainError) as caught:
        services_election_day.facilities_import(actor=Actor.of(accounts["health"]), content=bad)
    assert "baris 2: jenis_salah" in caught.value.message and "baris 3: wilayah_salah" in caught.value.message
    assert HealthFacility.objects.count() == 2
