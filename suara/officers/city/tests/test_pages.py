"""The city's closed view: who sees it (the city's viewer only, within its city), its officers and their
completeness, health aggregates with small cells suppressed and no person's health, KPU's progress from
the published snapshots, and the city's count beside KPU's."""

import re

import pytest
from django.test import Client

from suara.audit.actors import Actor
from suara.officers.city.tests.support import DESA, KECAMATAN, TPS_1, TPS_2, kpu_publish, tps_row

pytestmark = pytest.mark.django_db

PAGES = ["/petugas/kota/wilayah/{}/", "/petugas/kota/wilayah/{}/kesehatan/", "/petugas/kota/wilayah/{}/hasil/",
         "/petugas/kota/wilayah/{}/banding/"]  # fmt: skip


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_sign_in(client, city, page):
    response = client.get(page.format(KECAMATAN))
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=")


def test_the_index_is_behind_sign_in_too(client, db):
    response = client.get("/petugas/kota/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


@pytest.mark.parametrize("page", PAGES)
def test_another_citys_code_is_refused_with_its_code(city, people, page):
    response = signed_in(people["pemkot_bekasi"]).get(page.format(KECAMATAN))
    assert response.status_code == 403
    html = response.content.decode()
    assert "city_area_forbidden" in html
    assert "Petugas Sintetis" not in html


@pytest.mark.parametrize("who", ["kpu_depok", "health", "kpps", "field"])
def test_other_roles_do_not_see_the_citys_view(city, people, who):
    client = signed_in(people[who])
    for page in PAGES:
        response = client.get(page.format(KECAMATAN))
        assert response.status_code == 403, (who, page)
        assert "Petugas Sintetis" not in response.content.decode()


def test_the_index_leads_the_viewer_to_its_city_and_the_field_officer_to_the_entry(city, people):
    response = signed_in(people["pemkot"]).get("/petugas/kota/")
    assert response.status_code == 200 and "KOTA DEPOK" in response.content.decode()
    assert signed_in(people["field"]).get("/petugas/kota/")["Location"] == "/petugas/kota/hitung/"
    assert signed_in(people["kpu_depok"]).get("/petugas/kota/").status_code == 403


@pytest.mark.parametrize("code", ["32760", "abc", "3276011006001999", "9999"])
def test_a_malformed_or_unknown_code_is_a_404(city, people, code):
    assert signed_in(people["pemkot"]).get(f"/petugas/kota/wilayah/{code}/").status_code in (403, 404)


def test_an_unknown_code_inside_the_city_is_a_404(city, people):
    assert signed_in(people["pemkot"]).get("/petugas/kota/wilayah/327699/").status_code == 404


def cells(html: str, code: str) -> list[str]:
    row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)


def test_the_city_page_counts_seats_per_kecamatan(city, people):
    html = signed_in(people["pemkot"]).get("/petugas/kota/wilayah/3276/").content.decode()
    # Pancoran Mas: PPK 5/5, PPS 3 of 3 × its desa, KPPS 13 of 7 × its TPS, Linmas 4 of 2 × its TPS
    ppk, pps, kpps, linmas, pantarlih = cells(html, KECAMATAN)
    assert ppk == "5/5"
    assert pps.startswith("3/") and kpps.startswith("13/") and linmas.startswith("4/") and pantarlih.startswith("0/")
    assert cells(html, "327602")[0] == "0/5"
    assert "Petugas Sintetis" not in html  # no officer is posted at the city itself


def test_a_desa_lists_its_pps_with_contacts_and_its_tps_completeness(city, people):
    html = signed_in(people["pemkot"]).get(f"/petugas/kota/wilayah/{DESA}/").content.decode()
    assert cells(html, TPS_1)[:2] == ["7/7", "2/2"]
    assert cells(html, TPS_2)[:2] == ["6/7", "2/2"]
    assert 'class="num city-incomplete">6/7' in html
    assert "Petugas Sintetis PPS 10" in html and "081200000010" in html
    assert "PPS (desa/kelurahan)" in html


def test_a_tps_lists_its_appointed_officers_contacts_and_nothing_else(city, people):
    html = signed_in(people["pemkot"]).get(f"/petugas/kota/wilayah/{TPS_2}/").content.decode()
    for o in city["kpps2"] + city["linmas"][2:]:
        assert o.name in html and o.phone in html
    assert city["reserve"].name not in html  # a reserve is not on duty
    for o in city["kpps2"]:
        assert o.nik not in html and o.address not in html and o.birth_date.isoformat() not in html


def test_health_aggregates_are_suppressed_and_name_nobody(city, people):
    client = signed_in(people["pemkot"])
    html = client.get(f"/petugas/kota/wilayah/{KECAMATAN}/kesehatan/").content.decode()
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>((?:<td class="num">[^<]*</td>)+)', html))
    kpps = re.findall(r"<td class=\"num\">([^<]*)</td>", rows["KPPS (TPS)"])
    # 13 KPPS: 5 low, 1 medium, 1 high, 6 not screened: medium and high under 5 hidden.
    assert kpps == ["5", "&lt;5", "&lt;5", "6", "13"]
    linmas = re.findall(r"<td class=\"num\">([^<]*)</td>", rows["Linmas (ketertiban TPS)"])
    assert linmas == ["&lt;5", "0", "&lt;5", "&lt;5", "4"]  # 1, 0, 1, 2 of 4: all small
    for o in city["kpps1"] + city["linmas"]:
        assert o.name not in html
    assert "182" not in html  # the high-risk officer's blood pressure


def test_the_health_alerts_count_uncleared_high_risk_per_child_suppressed(city, people):
    html = signed_in(people["pemkot"]).get(f"/petugas/kota/wilayah/{DESA}/kesehatan/").content.decode()
    assert re.search(rf'<tr data-code="{TPS_1}">.*?city-alert">&lt;5</td>', html, re.S)  # one, uncleared
    assert re.search(rf'<tr data-code="{TPS_2}">.*?<td class="num">0</td>', html, re.S)


def test_a_persons_health_record_cannot_be_seen_by_the_viewer(city, people):
    """On no page of the view, at no level down to the officer's own TPS, does a person's risk, screening
    or doctor's clearance appear beside a name."""
    client = signed_in(people["pemkot"])
    high = city["high"]
    for page in PAGES[:2]:
        for code in ("3276", KECAMATAN, DESA, TPS_1):
            html = client.get(page.format(code)).content.decode()
            if high.name in html:  # the contacts of its TPS: name, body, position, phone only
                row = re.search(rf"<tr><td>{high.name}</td>(.*?)</tr>", html, re.S).group(1)
                assert "tinggi" not in row.lower() and "182" not in row
            assert "dr. Sintetis" not in html and "182" not in html
    tps_health = client.get(PAGES[1].format(TPS_1)).content.decode()
    assert high.name not in tps_health
    # The health record pages are the health officers' (officers.health); the viewer holds no health action.
    from suara.accounts.authz import authorize
    from suara.accounts.roles import Action

    assert not authorize(people["pemkot"], Action.RECORD_HEALTH, TPS_1)


def test_results_progress_reads_the_published_snapshots(city, people):
    kpu_publish(
        "3276",
        level=2,
        name="KOTA DEPOK",
        votes=(300, 200, 100),
        reported=3,
        expected=40,
        children=[
            {
                "code": KECAMATAN,
                "name": "PANCORAN MAS",
                "level": 3,
                "votes": {"1": 300, "2": 200, "3": 100},
                "valid": 600,
                "invalid": 0,
                "total": 600,
                "tps_reported": 3,
                "tps_expected": 20,
                "flagged": 0,
            },
        ],  # fmt: skip
    )
    html = signed_in(people["pemkot"]).get("/petugas/kota/wilayah/3276/hasil/").content.decode()
    assert 'data-reported="3" data-expected="40"' in html
    assert re.search(rf'<tr data-code="{KECAMATAN}">.*?3/20</td>', html, re.S)
    assert ">300</td>" in html


def test_results_before_any_snapshot_show_the_empty_recap(city, people):
    response = signed_in(people["pemkot"]).get("/petugas/kota/wilayah/3276/hasil/")
    assert response.status_code == 200
    assert 'data-reported="0"' in response.content.decode()


def test_the_comparison_highlights_the_differences(city, people):
    from suara.officers.city import services

    field = Actor.of(people["field"])
    services.city_count_enter(actor=field, contest="ppwp-2024", tps=TPS_1, votes={1: 40, 2: 35, 3: 25},
                              valid=100, invalid=5, total=105)  # fmt: skip
    services.city_count_enter(actor=field, contest="ppwp-2024", tps=TPS_2, votes={1: 50, 2: 30, 3: 20},
                              valid=100, invalid=2, total=102)  # fmt: skip
    rows = [
        tps_row(TPS_1, 1, (40, 35, 25), 5),
        tps_row(TPS_2, 2, (50, 31, 20), 2),
        tps_row(f"{DESA}003", 3, (10, 10, 10)),
    ]
    kpu_publish(DESA, level=4, name="DEPOK", children=rows)
    for code in (KECAMATAN, DESA):
        html = signed_in(people["pemkot"]).get(f"/petugas/kota/wilayah/{code}/banding/").content.decode()
        assert "Dihitung kota: 2 TPS · dilaporkan KPU: 3 TPS · keduanya: 2 · berbeda: 1" in html
        assert f'<tr data-tps="{TPS_1}">' in html
        assert f'<tr data-tps="{TPS_2}" class="city-differs">' in html
        row = re.search(rf'<tr data-tps="{TPS_2}"[^>]*>(.*?)</tr>', html, re.S).group(1)
        assert '<td class="num city-diff">30</td>' in row  # pair 2: the city 30, KPU 31
        assert '<td class="num">50</td>' in row


def test_another_city_cannot_read_the_comparison(city, people):
    response = signed_in(people["pemkot_bekasi"]).get(f"/petugas/kota/wilayah/{DESA}/banding/")
    assert response.status_code == 403


# --- the field officer's entry page --------------------------------------------------------------------


def entry_post(client, tps=TPS_1, **numbers):
    data = {"tps": tps, "kontestasi": "ppwp-2024", "versi": "0", "votes_1": "40", "votes_2": "35", "votes_3": "25",
            "valid": "100", "invalid": "5", "total": "105"}  # fmt: skip
    return client.post("/petugas/kota/hitung/", data | numbers)


def test_the_field_officer_opens_a_tps_and_enters_its_numbers(city, people):
    from suara.officers.models import CityCount

    client = signed_in(people["field"])
    page = client.get(f"/petugas/kota/hitung/?tps={TPS_1}").content.decode()
    assert 'name="votes_1"' in page and 'name="versi" value="0"' in page
    response = entry_post(client)
    assert response.status_code == 302
    assert CityCount.objects.get().version == 1
    page = client.get(response["Location"]).content.decode()
    assert "versi 1" in page and 'name="versi" value="1"' in page and 'value="40"' in page


@pytest.mark.parametrize(
    ("numbers", "rules"),
    [({"valid": "101"}, ["R1", "R2"]), ({"votes_1": "100000", "valid": "100060", "total": "100065"}, ["R10"]),
     ({"votes_2": "tiga puluh lima"}, ["R0"]), ({"votes_3": ""}, ["R0"])],
)  # fmt: skip
def test_a_wrong_entry_is_refused_naming_each_rule_and_keeping_what_was_typed(city, people, numbers, rules):
    from suara.officers.models import CityCount

    response = entry_post(signed_in(people["field"]), **numbers)
    assert response.status_code == 422
    html = response.content.decode()
    assert "city_count_invalid" in html
    assert re.findall(r'data-rule="(\w+)"', html)[: len(rules)] == rules
    assert f'value="{next(iter(numbers.values()))}"' in html
    assert not CityCount.objects.exists()


def test_another_citys_tps_is_refused_on_the_entry_page(city, people):
    response = signed_in(people["field"]).get("/petugas/kota/hitung/?tps=3275011001001")
    assert response.status_code == 403 and "city_area_forbidden" in response.content.decode()
    response = entry_post(signed_in(people["field"]), tps="3275011001001")
    assert response.status_code == 403


def test_the_entry_page_is_the_field_officers(city, people):
    assert signed_in(people["pemkot"]).get("/petugas/kota/hitung/").status_code == 403
    assert signed_in(people["kpps"]).get("/petugas/kota/hitung/").status_code == 403


def test_the_viewer_creates_its_citys_field_officers_and_no_one_else(city, people):
    from suara.accounts.provisioning import account_create
    from suara.core.errors import PermissionDenied

    created = account_create(
        actor=Actor.of(people["pemkot"]), username="lapangan_baru", role="city_field_officer", scope="327601"
    )
    assert created is not None
    for role, scope in [("city_field_officer", "3275"), ("kpps", TPS_1), ("pemkot_viewer", "3276")]:
        with pytest.raises(PermissionDenied):
            account_create(actor=Actor.of(people["pemkot"]), username=f"x_{role}", role=role, scope=scope)


def _missed_rows(html: str) -> dict[str, str]:
    section = html[html.index('id="missed-title"') :]
    section = section[: section.index("</section>")]
    return dict(re.findall(r'<tr data-code="(\d+)">.*?<td class="num[^"]*">([^<]*)</td>', section, re.S))


def test_the_health_alerts_count_missed_checkins_per_kecamatan_suppressed(city, people):
    """Election night, 23:00: the chairs of TPS_1 and TPS_2 never checked in (five slots missed each), TPS_2
    answered its opening late (resolved), and one chair in another kecamatan missed one slot."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from conftest import make_officer
    from suara.officers.city.tests.support import officer_add
    from suara.officers.health.services_election_day import checkin_alerts_compute, checkin_record
    from suara.regions.models import Region, Tps

    election = city["election"]
    night = datetime.combine(election.voting_day, time(23, 0), tzinfo=ZoneInfo("Asia/Jakarta"))
    other_tps = Tps.objects.filter(code__startswith="327602").order_by("code").values_list("code", flat=True)[0]
    officer_add(election, "kpps", other_tps, 60, chair=True)
    other = make_officer("kpps_lain", "kpps", other_tps)
    for slot in ("buka", "tutup", "hitung-1", "hitung-2"):  # hitung-3 (22:00) missed
        checkin_record(actor=Actor.of(other), election=election, tps_code=other_tps, slot=slot, all_well=True,
                       unwell=[], now=night - timedelta(hours=1))  # fmt: skip
    checkin_alerts_compute(now=night)
    late = make_officer("kpps_002", "kpps", TPS_2)
    checkin_record(
        actor=Actor.of(late), election=election, tps_code=TPS_2, slot="buka", all_well=True, unwell=[], now=night
    )
    checkin_alerts_compute(now=night)

    client = signed_in(people["pemkot"])
    by_kecamatan = _missed_rows(client.get("/petugas/kota/wilayah/3276/kesehatan/").content.decode())
    assert by_kecamatan[KECAMATAN] == "9"  # 5 + 4 open
    assert by_kecamatan[other_tps[:6]] == "&lt;5"  # one
    assert set(by_kecamatan.values()) == {"9", "&lt;5", "0"}
    assert len(by_kecamatan) == Region.objects.filter(parent_id="3276").count()
    by_tps = _missed_rows(client.get(f"/petugas/kota/wilayah/{DESA}/kesehatan/").content.decode())
    assert by_tps[TPS_1] == "5" and by_tps[TPS_2] == "&lt;5"
    # Bekasi's viewer has no way in.
    refused = signed_in(people["pemkot_bekasi"]).get("/petugas/kota/wilayah/3276/kesehatan/")
    assert refused.status_code == 403
