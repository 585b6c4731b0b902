"""The pages: the dashboard per kab/kota, kecamatan and desa (TPS by class, open actions), the XLSX export,
election night's missing TPS read with their class, the TPS page, the survey page, the action pages, the
import page; another city's pemkot is refused (403)."""

import io
import uuid

import pytest
from openpyxl import load_workbook

from conftest import make_officer
from suara.audit.actors import Actor
from suara.network.models import Observation, Remediation
from suara.network.services import remediation_create, survey_record
from suara.network.tests.conftest import DESA, KECAMATAN, TPS_1, TPS_2, TPS_3

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed(people):
    survey_record(actor=Actor.of(people["kpps"]), tps=TPS_1, readings=[("telkomsel", "4g")])
    survey_record(actor=Actor.of(people["pps"]), tps=TPS_2, readings=[("telkomsel", "none"), ("xl", "none")])
    survey_record(actor=Actor.of(people["field"]), tps=TPS_3, readings=[("indosat", "voice")])
    return remediation_create(actor=Actor.of(people["pemkot"]), tps=[TPS_2], remedy="booster", owner="Diskominfo")


def cells(content: str, code: str) -> list[str]:
    import re

    row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', content, re.S).group(1)
    return re.findall(r'<td class="num">(\d+)</td>', row)


def test_the_dashboard_per_city_kecamatan_and_desa(client, people, surveyed):
    client.force_login(people["pemkot"])
    city = client.get("/petugas/jaringan/wilayah/3276/")
    assert city.status_code == 200
    content = city.content.decode()
    total, siap, terbatas, blank, belum, actions = map(int, cells(content, KECAMATAN))
    assert (siap, terbatas, blank, actions) == (1, 1, 1, 1) and belum == total - 3
    desa = client.get(f"/petugas/jaringan/wilayah/{DESA}/").content.decode()
    assert cells(desa, TPS_2) == ["1", "0", "0", "1", "0", "1"]  # a blank spot with its open action
    assert client.get("/petugas/jaringan/").url == "/petugas/jaringan/wilayah/3276/"


def test_another_citys_pemkot_is_refused(client, people, surveyed):
    client.force_login(people["pemkot_bekasi"])
    for path in ("/petugas/jaringan/wilayah/3276/", f"/petugas/jaringan/tps/{TPS_1}/",
                 "/petugas/jaringan/wilayah/3276/ekspor.xlsx", "/petugas/jaringan/wilayah/3276/malam/"):  # fmt: skip
        assert client.get(path).status_code == 403, path
    assert client.get(f"/petugas/jaringan/tindakan/{surveyed.pk}/").status_code == 404
    answer = client.post(f"/petugas/jaringan/tindakan/{surveyed.pk}/", {"status": "done", "penanggung_jawab": "x"})
    assert answer.status_code == 404 and Remediation.objects.get().status == "open"
    answer = client.post("/petugas/jaringan/tindakan/baru/", {"tps": TPS_1, "tindakan": "booster",
                                                               "penanggung_jawab": "x"})  # fmt: skip
    assert answer.status_code == 403 and Remediation.objects.count() == 1


def test_the_export_for_operators(client, people, surveyed):
    client.force_login(people["pemkot"])
    answer = client.get(f"/petugas/jaringan/wilayah/{DESA}/ekspor.xlsx")
    assert answer.status_code == 200 and answer["Content-Type"].endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(answer.content))
    rows = {r[0]: r for r in book["TPS"].iter_rows(min_row=5, values_only=True)}
    assert rows[TPS_1][3] == "Siap (data)" and rows[TPS_1][4] == "4G"  # Telkomsel's column
    assert rows[TPS_2][3] == "Blank spot" and rows[TPS_3][3].startswith("Terbatas")
    assert len(book.sheetnames) == 2 and book.worksheets[1].cell(row=2, column=1).value == surveyed.pk


def test_election_night_missing_tps_with_their_class(client, people, surveyed, counting):
    from suara.officers.city.tests.support import kpu_publish, tps_row

    codes = [f"{DESA}{n:03d}" for n in range(1, 4)]
    rows = [tps_row(codes[0], 1), tps_row(codes[1], 2), tps_row(codes[2], 3, votes=(1, 2, 3))]
    kpu_publish(DESA, level=4, name="DEPOK", children=rows, reported=1, expected=3)
    client.force_login(people["ppk"])  # the PPK of the kecamatan sees its missing TPS
    content = client.get(f"/petugas/jaringan/wilayah/{DESA}/malam/?kontestasi=ppwp-2024").content.decode()
    assert f'data-code="{TPS_1}" data-night="alarm"' in content  # 4G and silent: an alarm
    assert f'data-code="{TPS_2}" data-night="expected"' in content  # a blank spot: expected
    assert f'data-code="{TPS_3}"' not in content  # reported
    assert content.index(TPS_1) < content.index(TPS_2)  # alarms first


def test_the_tps_page_and_the_survey_page(client, people, surveyed):
    client.force_login(people["pemkot"])
    page = client.get(f"/petugas/jaringan/tps/{TPS_2}/").content.decode()
    assert 'data-class="blank_spot"' in page and f'data-action="{surveyed.pk}"' in page
    client.force_login(people["kpps"])
    form = client.get("/petugas/jaringan/survei/")
    assert form.status_code == 200 and TPS_1 in form.content.decode()
    sid = str(uuid.uuid4())
    sent = client.post("/petugas/jaringan/survei/", {"tps": TPS_1, "id": sid, "op_xl": "3g", "jenis_koneksi": "3g",
                                                      "uji_ms": "450"})  # fmt: skip
    assert sent.status_code == 302 and Observation.objects.get(submission=sid).probe_ms == 450
    refused = client.post("/petugas/jaringan/survei/", {"tps": TPS_2, "op_xl": "3g"})
    assert refused.status_code == 400 and b"forbidden" in refused.content
    client.force_login(make_officer("pps_lain", "ppk", "327602"))  # a PPK: no survey
    assert client.get("/petugas/jaringan/survei/").status_code == 403


def test_the_action_pages(client, people, surveyed):
    client.force_login(people["pemkot"])
    form = {"tps": f"{TPS_1} {TPS_3}", "tindakan": "fallback_sms", "penanggung_jawab": "PPS", "tenggat": "2024-02-10"}
    made = client.post("/petugas/jaringan/tindakan/baru/", form)
    action = Remediation.objects.latest("pk")
    assert made.status_code == 302 and made.url == f"/petugas/jaringan/tindakan/{action.pk}/"
    bad = client.post("/petugas/jaringan/tindakan/baru/", {"tps": TPS_1, "tindakan": "x", "penanggung_jawab": "P"})
    assert bad.status_code == 400 and b"remedy_unknown" in bad.content
    changed = client.post(f"/petugas/jaringan/tindakan/{action.pk}/", {"versi": "1", "status": "done",
                                                                        "penanggung_jawab": "PPS"})  # fmt: skip
    assert changed.status_code == 302
    page = client.get(f"/petugas/jaringan/tindakan/{action.pk}/").content.decode()
    assert 'data-status="done"' in page and 'data-version="2"' in page
    assert client.get("/petugas/jaringan/impor/").status_code == 200
    client.force_login(people["ppk"])
    assert client.get("/petugas/jaringan/impor/").status_code == 403
