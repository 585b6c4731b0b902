"""The recruitment pages and API: the openings of a region, the form (a bad NIK, another region, missing
documents), the status by code (the reasons without the party) and the officer's page (with it)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import make_officer
from suara.audit.actors import Actor
from suara.officers.bodies import Status
from suara.officers.models import Officer
from suara.officers.recruitment.assessment import eligibility_assess
from suara.officers.recruitment.tests.conftest import DESA, TPS, applicant_values, party_listing
from suara.parties.services import parties_load

pytestmark = pytest.mark.django_db
DOCUMENTS = ["ktp", "ijazah", "surat_sehat", "bukan_anggota_partai", "surat_pernyataan"]


def form(serial: int = 1, **changes) -> dict:
    return {"pemilu": "pemilu-2024", "badan": "kpps", "penempatan": TPS, "dokumen": DOCUMENTS,
            **applicant_values(serial, **changes)}  # fmt: skip


def test_the_openings_of_a_desa_list_each_posting_with_its_seats(client, recruiting):
    page = client.get(f"/rekrutmen/?wilayah={DESA}")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-posting="{TPS}"' in html and 'data-posting="327601"' in html  # its TPS, and its kecamatan's PPK
    answer = client.get(f"/api/v1/rekrutmen/lowongan?wilayah={DESA}&pemilu=pemilu-2024").json()
    bodies = {b["badan"]: b for b in answer["badan"]}
    tps_count = bodies["kpps"]["penempatan"]
    assert tps_count > 0 and bodies["kpps"]["kursi"] == 7 * tps_count and bodies["linmas"]["kursi"] == 2 * tps_count
    assert bodies["pantarlih"]["kursi"] == tps_count and bodies["pps"]["kursi"] == 3 and bodies["ppk"]["kursi"] == 5
    assert client.get("/api/v1/rekrutmen/lowongan?wilayah=32760").json()["code"] == "invalid_region_code"
    assert client.get("/rekrutmen/?wilayah=9999999999").status_code == 404


def test_an_election_asked_for_with_a_nul_or_odd_characters_is_not_found(client, recruiting):
    for odd in ("a%00b", "pemilu-2024%00", "%C2%B2", "x%20y"):
        answer = client.get(f"/api/v1/rekrutmen/lowongan?wilayah={DESA}&pemilu={odd}")
        assert answer.status_code == 404 and answer.json()["code"] == "election_not_found", odd


def test_an_application_on_the_form_gives_a_code_and_refusals_name_the_problem(client, recruiting):
    page = client.post("/rekrutmen/daftar/", form())
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    code = page.content.decode().split('id="application-code">')[1].split("<")[0]
    assert Officer.objects.get().status == Status.APPLICANT
    bad_nik = client.post("/rekrutmen/daftar/", form(2, nik="32760112345"))
    assert bad_nik.status_code == 400 and 'data-code="nik_length"' in bad_nik.content.decode()
    assert "32760112345" in bad_nik.content.decode()  # given back to correct, in this no-store answer only
    other = client.post("/rekrutmen/daftar/", form(3, kode_desa_domisili="3275011001"))
    assert other.status_code == 400 and 'data-code="domicile_other_region"' in other.content.decode()
    missing = client.post("/rekrutmen/daftar/", {**form(4), "dokumen": ["ktp"]})
    assert missing.status_code == 400 and 'data-code="documents_missing"' in missing.content.decode()
    assert client.get("/rekrutmen/daftar/?pemilu=pemilu-2024&badan=kpps&penempatan=1").status_code == 404
    status = client.post("/rekrutmen/status/", {"kode": code})
    assert status.status_code == 200 and 'data-status="pendaftar"' in status.content.decode()


def test_the_status_shows_the_party_reason_and_only_the_officer_sees_the_party(client, recruiting):
    parties_load(actor=Actor.named("test"))
    answer = client.post("/api/v1/rekrutmen/pendaftaran", form(), content_type="application/json")
    assert answer.status_code == 201, answer.json()
    code = answer.json()["kode"]
    officer = Officer.objects.get()
    party_listing(recruiting, officer.nik)
    eligibility_assess(election=recruiting, actor=Actor.named("pps"))
    status = client.post("/api/v1/rekrutmen/status", {"kode": code}, content_type="application/json").json()
    assert status["status"] == "tidak_memenuhi_syarat"
    assert status["alasan"] == ["Tercatat sebagai anggota partai politik"]
    page = client.post("/rekrutmen/status/", {"kode": code}).content.decode()
    assert "Tercatat sebagai anggota partai politik" in page and "Kebangkitan" not in page
    make_officer("pps_lain", "pps", "3276011007")
    client.force_login(make_officer("pps_desa", "pps", DESA))
    officer_page = client.get(f"/petugas/adhoc/pendaftar/{officer.pk}/")
    assert officer_page.status_code == 200 and "Partai Kebangkitan Bangsa" in officer_page.content.decode()
    from suara.accounts.models import User

    client.force_login(User.objects.get(username="pps_lain"))
    assert client.get(f"/petugas/adhoc/pendaftar/{officer.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("body", "code", "status"),
    [
        ({"badan": "camat"}, "body_unknown", 400),
        ({"nik": 3276}, "nik_length", 400),
        ({"penempatan": "3276011006999"}, "posting_not_found", 404),
        ({"dokumen": []}, "documents_missing", 400),
        ({"pemilu": "pemilu-1955"}, "election_not_found", 404),
    ],
)
def test_the_api_refuses_bad_applications_with_their_code(client, recruiting, body, code, status):
    answer = client.post("/api/v1/rekrutmen/pendaftaran", {**form(), **body}, content_type="application/json")
    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert not Officer.objects.exists()


def test_a_pilkada_tps_with_over_400_voters_has_two_pantarlih(client, geography, pemilu_2024):
    from suara.elections.models import Election
    from suara.voters.models import Voter

    now = timezone.now()
    Voter.objects.bulk_create(
        Voter(nik=f"3276014101{n:06d}", kk="3276010000000001", name="Sintetis", birth_date="1990-01-01", sex="P",
              marital="S", kemendagri_desa_code=DESA, desa_id=DESA, tps_id=TPS, name_key="sintetis",
              created_at=now, updated_at=now)
        for n in range(401)
    )  # fmt: skip
    answer = client.get(f"/api/v1/rekrutmen/lowongan?wilayah={DESA}&pemilu=pilkada-2024").json()
    assert Election.objects.filter(slug="pilkada-2024").exists()
    pantarlih = next(b for b in answer["badan"] if b["badan"] == "pantarlih")
    seats = {p["kode"]: p["kursi"] for p in pantarlih["daftar"]}
    assert seats[TPS] == 2 and set(seats.values()) == {1, 2}
