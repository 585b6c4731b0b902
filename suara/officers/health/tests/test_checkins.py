"""Election day: the KPPS chair's check-ins over the API and from the phone page, refusals with their codes,
resends, missed check-ins raising alerts (frozen clock) for the PPS, PPK and health officer, incidents
including a death, and a TPS still counting after midnight flagged for relief."""

from datetime import UTC, datetime, timedelta

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.officers.health import selectors, services_election_day
from suara.officers.health.tests.support import TPS, TPS_BEKASI, TPS_OTHER
from suara.officers.models import CheckIn, HealthAlert, Incident, OfficerStatusChange

pytestmark = pytest.mark.django_db
URL = "/api/v1/kesehatan/checkin"
WIB = timedelta(hours=7)


def wib(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in WIB on February ``day``, 2024 (voting day was the 14th), as UTC."""
    return datetime(2024, 2, day, hour, minute, tzinfo=UTC) - WIB


def body(**extra):
    return {"pemilu": "pemilu-2024", "tps": TPS, "jadwal": "buka", "semua_sehat": True, **extra}


def test_a_chair_checks_in_and_a_resend_records_nothing(election, roster, accounts, api):
    client = api(accounts["kpps"])
    answer = client.post(URL, body(), content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["baru"] is True
    again = client.post(URL, body(semua_sehat=False), content_type="application/json")
    assert again.status_code == 200 and again.json()["baru"] is False and again.json()["semua_sehat"] is True
    assert CheckIn.objects.count() == 1
    assert AuditEvent.objects.filter(action="officers.checkin", object_code=TPS).count() == 1


def test_naming_who_is_unwell_opens_their_incidents(election, roster, accounts, api):
    sick = [roster["members"][0].pk, roster["linmas"][1].pk]
    answer = api(accounts["kpps"]).post(
        URL, body(jadwal="tutup", semua_sehat=False, tidak_sehat=sick), content_type="application/json"
    )
    assert answer.status_code == 201
    assert sorted(Incident.objects.values_list("officer_id", flat=True)) == sorted(sick)


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        (body(tps=TPS_OTHER), 403, "checkin_other_tps"),
        (body(jadwal="sore"), 400, "checkin_unknown_slot"),
        (body(semua_sehat=False, tidak_sehat=[999_999]), 400, "checkin_officer_not_in_roster"),
        (body(pemilu="pemilu-1999"), 404, "election_not_found"),
        (body(tps="123"), 422, "invalid_input"),
    ],
)
def test_refusals_with_their_codes(election, roster, accounts, api, payload, status, code):
    answer = api(accounts["kpps"]).post(URL, payload, content_type="application/json")
    assert answer.status_code == status, answer.content
    assert answer.json()["code"] == code
    assert not CheckIn.objects.exists()


def test_an_officer_of_another_tps_is_not_on_this_roster(election, roster, accounts, api):
    payload = body(semua_sehat=False, tidak_sehat=[roster["other"].pk])
    answer = api(accounts["kpps"]).post(URL, payload, content_type="application/json")
    assert answer.json()["code"] == "checkin_officer_not_in_roster"


def test_a_slot_is_not_open_before_its_time(election, roster, accounts):
    with pytest.raises(DomainError) as caught:
        services_election_day.checkin_record(
            actor=Actor.of(accounts["kpps"]),
            election=election,
            tps_code=TPS,
            slot="tutup",
            all_well=True,
            unwell=[],
            now=wib(14, 9),
        )
    assert caught.value.code == "checkin_slot_not_open"


def test_without_a_token_or_as_another_role(election, roster, accounts, api, client):
    assert client.post(URL, body(), content_type="application/json").status_code == 401
    answer = api(accounts["pps"]).post(URL, body(), content_type="application/json")
    assert (answer.status_code, answer.json()["code"]) == (403, "checkin_other_tps")


def test_a_missed_check_in_alerts_pps_ppk_and_health_officer(election, roster, accounts, client):
    services_election_day.checkin_record(
        actor=Actor.of(accounts["kpps"]),
        election=election,
        tps_code=TPS,
        slot="buka",
        all_well=True,
        unwell=[],
        now=wib(14, 7, 5),
    )
    assert services_election_day.checkin_alerts_compute(now=wib(14, 7, 20)) == 0  # within the grace
    # The TPS next door and the Bekasi one missed their opening.
    assert services_election_day.checkin_alerts_compute(now=wib(14, 7, 31)) == 2
    assert set(HealthAlert.objects.values_list("tps_code", "slot", "kind")) == {
        (TPS_OTHER, "buka", "missed"),
        (TPS_BEKASI, "buka", "missed"),
    }
    assert services_election_day.checkin_alerts_compute(now=wib(14, 7, 45)) == 0  # raised once
    services_election_day.checkin_alerts_compute(now=wib(14, 13, 31))  # now both missed the closing
    assert set(HealthAlert.objects.filter(slot="tutup").values_list("tps_code", flat=True)) == {
        TPS,
        TPS_OTHER,
        TPS_BEKASI,
    }
    assert AuditEvent.objects.filter(action="officers.health_alerts").count() == 2
    for who in ("pps", "ppk", "health", "kpu_depok"):
        assert {a.tps_code for a in selectors.alerts_for(accounts[who], election.pk)} == {TPS, TPS_OTHER}, who
    assert {a.tps_code for a in selectors.alerts_for(accounts["health_bekasi"], election.pk)} == {TPS_BEKASI}
    client.force_login(accounts["pps"])
    page = client.get("/petugas/adhoc/kesehatan/peringatan/")
    assert page.status_code == 200 and TPS_OTHER.encode() in page.content
    # A late check-in: the next periodic check resolves its slot's alert.
    services_election_day.checkin_record(
        actor=Actor.of(accounts["kpps"]),
        election=election,
        tps_code=TPS,
        slot="tutup",
        all_well=True,
        unwell=[],
        now=wib(14, 14),
    )
    assert services_election_day.checkin_alerts_compute(now=wib(14, 14, 1)) == 1
    assert not HealthAlert.objects.filter(tps_code=TPS, resolved_at__isnull=True).exists()
    assert HealthAlert.objects.filter(tps_code=TPS_OTHER, resolved_at__isnull=True).count() == 2


def test_a_finished_tps_is_not_expected_at_later_slots(election, roster, accounts):
    for slot in ("buka", "tutup", "selesai"):
        services_election_day.checkin_record(
            actor=Actor.of(accounts["kpps"]),
            election=election,
            tps_code=TPS,
            slot=slot,
            all_well=True,
            unwell=[],
            now=wib(14, 15),
        )
    services_election_day.checkin_alerts_compute(now=wib(15, 2))
    assert not HealthAlert.objects.filter(tps_code=TPS).exists()
    assert HealthAlert.objects.filter(tps_code=TPS_OTHER, kind="relief").exists()
    # The TPS next door finishes at last: the next check resolves its missed slots and its relief flag.
    services_election_day.checkin_record(
        actor=Actor.of(accounts["kpps_other"]), election=election, tps_code=TPS_OTHER, slot="selesai",
        all_well=True, unwell=[], now=wib(15, 2, 30),
    )  # fmt: skip
    services_election_day.checkin_alerts_compute(now=wib(15, 2, 31))
    assert not HealthAlert.objects.filter(tps_code=TPS_OTHER, resolved_at__isnull=True).exists()


def test_still_counting_after_midnight_is_flagged_until_the_results_are_in(election, roster, accounts, monkeypatch):
    services_election_day.checkin_alerts_compute(now=wib(14, 23, 50))
    assert not HealthAlert.objects.filter(kind="relief").exists()
    submitted: set[str] = set()
    monkeypatch.setattr(services_election_day, "tps_submitted", lambda election_id, codes: set(codes) & submitted)
    services_election_day.checkin_alerts_compute(now=wib(15, 0, 10))
    assert set(HealthAlert.objects.filter(kind="relief").values_list("tps_code", flat=True)) == {
        TPS,
        TPS_OTHER,
        TPS_BEKASI,
    }
    submitted.add(TPS)
    services_election_day.checkin_alerts_compute(now=wib(15, 1))
    open_relief = HealthAlert.objects.filter(kind="relief", resolved_at__isnull=True)
    assert set(open_relief.values_list("tps_code", flat=True)) == {TPS_OTHER, TPS_BEKASI}


def test_tps_submitted_asks_every_contest_of_the_tps(election):
    from suara.results.entry.selectors import tps_submitted

    assert tps_submitted(election.pk, {TPS}) == set()  # no results: still counting


def test_a_death_moves_the_officer_to_meninggal_in_the_same_transaction(election, roster, accounts, api):
    member = roster["members"][2]
    answer = api(accounts["kpps"]).post(
        "/api/v1/kesehatan/insiden",
        {"petugas": member.pk, "kejadian": "meninggal", "gejala": "nyeri_dada", "waktu": "2024-02-14T22:10:00+07:00"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    member.refresh_from_db()
    assert member.status == "meninggal"
    assert OfficerStatusChange.objects.filter(officer=member, status="meninggal").exists()
    assert AuditEvent.objects.filter(action="officers.incident", object_code=str(member.pk)).count() == 1
    # A second death cannot be recorded: nothing half-applied.
    again = api(accounts["kpps"]).post(
        "/api/v1/kesehatan/insiden",
        {"petugas": member.pk, "kejadian": "meninggal", "gejala": "nyeri_dada", "waktu": "2024-02-14T22:10:00+07:00"},
        content_type="application/json",
    )
    assert (again.status_code, again.json()["code"]) == (409, "status_move_refused")
    assert Incident.objects.filter(officer=member).count() == 1


def test_incident_refusals(election, roster, accounts, api):
    client = api(accounts["kpps"])
    url = "/api/v1/kesehatan/insiden"
    when = "2024-02-14T22:10:00+07:00"
    bad_kind = client.post(
        url,
        {"petugas": roster["members"][0].pk, "kejadian": "pusing", "gejala": "demam", "waktu": when},
        content_type="application/json",
    )
    assert bad_kind.json()["code"] == "incident_bad_kind"
    other = client.post(
        url,
        {"petugas": roster["other"].pk, "kejadian": "sakit", "gejala": "demam", "waktu": when},
        content_type="application/json",
    )
    assert (other.status_code, other.json()["code"]) == (403, "checkin_other_tps")
    unknown = client.post(
        url,
        {"petugas": 999_999, "kejadian": "sakit", "gejala": "demam", "waktu": when},
        content_type="application/json",
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "officer_not_found")
    assert not Incident.objects.exists()


def test_the_phone_page_checks_in(election, roster, accounts, client):
    client.force_login(accounts["kpps"])
    page = client.get("/petugas/adhoc/kesehatan/lapor/")
    assert page.status_code == 200 and roster["members"][0].name.encode() in page.content
    answer = client.post("/petugas/adhoc/kesehatan/lapor/", {"tps": TPS, "pemilu": "pemilu-2024", "slot": "buka"})
    assert answer.status_code == 302
    assert CheckIn.objects.get().all_well
    other = client.post("/petugas/adhoc/kesehatan/lapor/", {"tps": TPS_OTHER, "pemilu": "pemilu-2024", "slot": "buka"})
    assert other.status_code == 403 and CheckIn.objects.count() == 1
    client.force_login(accounts["pps"])
    assert client.get("/petugas/adhoc/kesehatan/lapor/").status_code == 403
