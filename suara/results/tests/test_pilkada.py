"""The 2024 Pilkada counted: each regional contest is its own subtree (a mayor's contest tops at its kota,
a governor's at its province), with its pages, API, recap, locks and PDF; an election may load a TPS list
of its own (`import-geography --election`); and a contest whose TPS or candidates are not loaded says so,
on its page and in the API, instead of a 404 or a count of 0 of 0 TPS."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import consistent_tally, make_officer, photo_bytes
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError
from suara.elections.models import Contest, Election
from suara.results.entry.services import result_submit
from suara.results.geography import count_geography_import, count_geography_prepare
from suara.results.models import CountRegion, CountTps, RecapPointer
from suara.results.public import selectors
from suara.results.recap.fold import recap_fold
from suara.results.recap.locks import recap_lock
from suara.results.recap.pdf import recap_document

DEPOK = "pilbup-2024-3276"
JABAR = "pilgub-2024-32"
TPS = "3276011006001"


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    selectors.recap_cache_clear()


def pilkada() -> Election:
    return Election.objects.get(slug="pilkada-2024")


@pytest.fixture
def pilkada_counting(counting):
    """The Pilkada counting at the electoral geography's TPS (no TPS list of its own)."""
    count_geography_prepare(election=pilkada(), actor=Actor.named("test"))
    return pilkada()


def submit(user, tps=TPS, votes=(70, 30), sid="pilkada-depok-0001", contest=DEPOK):
    return result_submit(
        actor=Actor.of(user),
        contest=contest,
        tps=tps,
        tally=consistent_tally(votes=votes),
        photos=[photo_bytes()],
        submission_id=sid,
    )


# -- Pages and API -------------------------------------------------------------------------------------------


def test_the_contest_list_links_every_regional_contest_to_a_page_that_answers(client, pilkada_counting):
    html = client.get("/hasil/").content.decode()
    assert f'href="/hasil/{DEPOK}/"' in html and f'href="/hasil/{JABAR}/"' in html
    for slug in (DEPOK, JABAR, "pilbup-2024-3275"):
        assert client.get(f"/hasil/{slug}/").status_code == 200, slug


def test_the_depok_page_heads_with_its_kota_and_moves_with_a_submitted_result(client, officers, pilkada_counting):
    tps_expected = CountRegion.objects.get(election=pilkada(), code="3276").tps_expected
    html = client.get(f"/hasil/{DEPOK}/").content.decode()
    assert "<h1>Kota Depok</h1>" in html and "NASIONAL" not in html and "Nasional" not in html
    assert f"dari {tps_expected:,} TPS".replace(",", ".") in html
    assert "Imam Budi Hartono – Ririn Farabi Arafiq" in html and "Supian Suri – Chandra Rahmansyah" in html
    assert "Pancoran Mas" in html  # drill-down from its own top: its kecamatan

    submit(officers["kpps"])
    assert recap_fold() == 1
    html = client.get(f"/hasil/{DEPOK}/").content.decode()
    assert "<strong>1</strong> dari" in html and "70,00%" in html
    assert client.get(f"/hasil/{DEPOK}/wilayah/3276/").status_code == 200
    kecamatan = client.get(f"/hasil/{DEPOK}/wilayah/327601/").content.decode()
    assert 'href="/hasil/pilbup-2024-3276/"' in kecamatan  # its crumbs begin at the contest's own top
    assert f"/hasil/{DEPOK}/wilayah/32/" not in kecamatan
    assert client.get(f"/hasil/{DEPOK}/tps/{TPS}/").status_code == 200


def test_the_api_answers_the_contest_top_and_nothing_above_it(client, officers, pilkada_counting):
    submit(officers["kpps"])
    recap_fold()
    body = client.get(f"/api/v1/contests/{DEPOK}/recap").json()
    assert (body["code"], body["level"], body["name"], body["ancestors"]) == ("3276", 2, "KOTA DEPOK", [])
    assert body["tps_reported"] == 1 and body["missing"] == []
    assert [c["votes"] for c in body["candidates"]] == [70, 30]
    assert client.get(f"/api/v1/contests/{DEPOK}/recap/3276").json()["version"] == body["version"]
    for above in ("32", "3275"):
        response = client.get(f"/api/v1/contests/{DEPOK}/recap/{above}")
        assert (response.status_code, response.json()["code"]) == (404, "region_not_found"), above
    assert client.get(f"/hasil/{DEPOK}/wilayah/32/").status_code == 404
    jabar = client.get(f"/api/v1/contests/{JABAR}/recap").json()
    assert (jabar["code"], jabar["level"], len(jabar["candidates"])) == ("32", 1, 4)


def test_a_contest_without_its_tps_says_so_on_its_page_and_in_the_api(client, geography, pemilu_2024):
    response = client.get(f"/hasil/{DEPOK}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Daftar TPS kontestasi ini belum dimuat" in html and "dari 0 TPS" not in html
    assert "<h1>Kota Depok</h1>" in html
    body = client.get(f"/api/v1/contests/{DEPOK}/recap").json()
    assert body["missing"] == ["tps"] and body["code"] == "3276" and body["tps_expected"] == 0


def test_a_contest_without_candidates_says_so_and_refuses_entries(client, officers, pilkada_counting):
    bekasi = "pilbup-2024-3275"
    html = client.get(f"/hasil/{bekasi}/").content.decode()
    assert "Pasangan calon kontestasi ini belum dimuat" in html
    assert client.get(f"/api/v1/contests/{bekasi}/recap").json()["missing"] == ["candidates"]
    with pytest.raises(Conflict) as err:
        submit(officers["kpps_bekasi"], tps="3275011001001", contest=bekasi, sid="pilkada-bekasi-0001")
    assert err.value.code == "candidates_not_loaded"


# -- Recap: locks and the document ---------------------------------------------------------------------------


def test_kpu_kota_depok_signs_off_its_mayoral_contest_at_its_top(pilkada_counting, officers):
    contest = Contest.objects.get(slug=DEPOK)
    CountTps.objects.filter(election=pilkada(), code__startswith="3276").exclude(code=TPS).delete()
    CountRegion.objects.filter(election=pilkada(), code__in=["3276", "327601", "3276011006"]).update(tps_expected=1)
    submit(officers["kpps"])
    recap_fold()
    lock = recap_lock(actor=Actor.of(officers["kpu_depok"]), contest=contest, region_code="3276")
    assert lock.region_code == "3276"
    assert selectors.region_recap(DEPOK, "").body["locked"]["role"] == "kpu_kabkota"
    with pytest.raises(DomainError) as err:
        recap_lock(actor=Actor.of(officers["kpu_ri"]), contest=contest, region_code="")
    assert err.value.code == "region_outside_contest"


def test_the_recap_document_of_the_contest_top(pilkada_counting, officers, client):
    submit(officers["kpps"])
    recap_fold()
    data = recap_document(contest=DEPOK, region_code="")
    assert data.startswith(b"%PDF")  # '' is the contest's top, which is published under its own code
    assert not RecapPointer.objects.filter(contest__slug=DEPOK, code="").exists()
    _, plaintext = token_issue(user=officers["kpu_depok"], name="tes", rate_per_minute=1000, actor=Actor.named("test"))
    response = client.get(
        f"/api/v1/contests/{DEPOK}/recap/nasional/recap.pdf", HTTP_AUTHORIZATION=f"Bearer {plaintext}"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "rekap-pilbup-2024-3276-3276.pdf" in response["Content-Disposition"]


# -- An election's own TPS list ------------------------------------------------------------------------------

WILAYAH = "kode,nama,tingkat\n32,JAWA BARAT,provinsi\n3276,KOTA DEPOK,kabkota\n327601,PANCORAN MAS,kecamatan\n"
WILAYAH += "3276011006,DEPOK,desa\n"


def write_files(tmp_path, regular=2, wilayah=WILAYAH):
    wilayah_path, tps_path = tmp_path / "pilkada_wilayah.csv", tmp_path / "pilkada_tps.csv"
    wilayah_path.write_text(wilayah)
    tps_path.write_text(f"kode_desa,jumlah_tps_reguler,tps_khusus_dari,tps_khusus_sampai\n3276011006,{regular},,\n")
    return wilayah_path, tps_path


def test_an_election_loads_its_own_tps_list_which_its_contests_count_at(client, counting, tmp_path):
    wilayah, tps = write_files(tmp_path)
    out = io.StringIO()
    call_command("import_geography", str(wilayah), str(tps), election="pilkada-2024", stdout=out)
    assert "4 regions, 2 TPS (loaded)" in out.getvalue()
    assert sorted(CountTps.objects.filter(election=pilkada()).values_list("code", flat=True)) == [
        "3276011006001",
        "3276011006002",
    ]
    assert CountTps.objects.filter(election__slug="pemilu-2024").count() > 2  # the Pemilu's are untouched
    assert client.get(f"/api/v1/contests/{DEPOK}/recap").json()["tps_expected"] == 2
    again = io.StringIO()
    call_command("import_geography", str(wilayah), str(tps), election="pilkada-2024", stdout=again)
    assert "nothing changed" in again.getvalue()
    assert AuditEvent.objects.filter(action="results.import_count_geography").count() == 1


def test_an_own_tps_list_is_replaced_before_counting_and_never_after(counting, officers, tmp_path):
    wilayah, tps = write_files(tmp_path)
    count_geography_import(election=pilkada(), wilayah_path=wilayah, tps_path=tps, actor=Actor.named("t"))
    wilayah, tps = write_files(tmp_path, regular=3)
    assert (
        count_geography_import(election=pilkada(), wilayah_path=wilayah, tps_path=tps, actor=Actor.named("t")).tps == 3
    )
    submit(officers["kpps"])
    wilayah, tps = write_files(tmp_path, regular=4)
    with pytest.raises(Conflict) as err:
        count_geography_import(election=pilkada(), wilayah_path=wilayah, tps_path=tps, actor=Actor.named("t"))
    assert err.value.code == "count_geography_in_use"
    assert CountTps.objects.filter(election=pilkada()).count() == 3


def test_a_broken_tps_list_is_refused_whole_with_its_lines(counting, tmp_path):
    wilayah, tps = write_files(tmp_path, wilayah=WILAYAH + "32769,SALAH,desa\n")
    with pytest.raises(CommandError) as err:
        call_command("import_geography", str(wilayah), str(tps), election="pilkada-2024")
    assert "baris 6" in str(err.value)
    assert not CountTps.objects.filter(election=pilkada()).exists()
    with pytest.raises(CommandError, match="not found"):
        call_command("import_geography", str(wilayah), str(tps), election="pilkada-2099")


def test_the_officers_recap_pages_of_a_regional_contest(client, pilkada_counting, officers):
    submit(officers["kpps"])
    recap_fold()
    client.force_login(officers["kpu_depok"])
    assert client.get(f"/petugas/rekap/{DEPOK}/3276/").status_code == 200
    assert client.get(f"/petugas/rekap/{DEPOK}/3276/rekap.pdf").status_code == 200
    client.force_login(make_officer("kpu_jabar", "kpu_provinsi", "32"))
    assert client.get(f"/petugas/rekap/{JABAR}/32/").status_code == 200


def test_the_not_loaded_state_reads_in_english_too(client, geography, pemilu_2024):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/hasil/{DEPOK}/").content.decode()
    assert "This contest's polling stations are not loaded yet" in html
