"""The network readiness over the API: token required, every refusal a 4xx with its code, nothing written
by a refused request; a survey, a region's and a TPS's readiness, actions and their history, the import
started as a job, and election night's missing TPS."""

import io
import uuid

import pytest

from suara.network.models import Observation, Remediation
from suara.network.tests.conftest import DESA, KECAMATAN, TPS_1, TPS_2, token

pytestmark = pytest.mark.django_db
SURVEY = "/api/v1/jaringan/survei"


def post(client, path, body, user):
    return client.post(path, body, content_type="application/json", **token(user))


def test_the_probe_is_tiny_and_never_cached(client):
    answer = client.get("/api/v1/jaringan/uji")
    assert answer.status_code == 200 and answer.content == b"ok" and answer["Cache-Control"] == "no-store"


def test_a_survey_over_the_api(client, people):
    sid = str(uuid.uuid4())
    body = {"tps": TPS_1, "id": sid, "sinyal": [{"operator": "telkomsel", "jenis": "4g"}], "jenis_koneksi": "4g",
            "uji_ms": 180}  # fmt: skip
    first = post(client, SURVEY, body, people["kpps"])
    assert first.status_code == 201, first.content
    assert first.json()["kelas"] == "siap" and first.json()["tercatat"] == 1
    again = post(client, SURVEY, body, people["kpps"])
    assert again.status_code == 200 and Observation.objects.count() == 1
    changed = post(client, SURVEY, body | {"sinyal": [{"operator": "telkomsel", "jenis": "none"}]}, people["kpps"])
    assert changed.status_code == 409 and changed.json()["code"] == "survey_replayed"


@pytest.mark.parametrize(
    ("who", "changes", "status", "code"),
    [
        ("kpps", {"tps": TPS_2}, 403, "forbidden"),
        ("pemkot_bekasi", {}, 403, "forbidden"),
        ("kpps", {"sinyal": [{"operator": "axis", "jenis": "4g"}]}, 400, "operator_unknown"),
        ("kpps", {"sinyal": [{"operator": "xl", "jenis": "5g"}]}, 422, "invalid_input"),
        ("kpps", {"sinyal": []}, 400, "survey_empty"),
        ("kpps", {"jenis_koneksi": "wifi"}, 400, "survey_measure_invalid"),
        ("kpps", {"uji_ms": -5}, 422, "invalid_input"),
        ("kpps", {"id": "not-a-uuid"}, 422, "invalid_input"),
    ],
)
def test_survey_refusals(client, people, who, changes, status, code):
    body = {"tps": TPS_1, "sinyal": [{"operator": "xl", "jenis": "4g"}]} | changes
    answer = post(client, SURVEY, body, people[who])
    assert answer.status_code == status and answer.json()["code"] == code
    assert not Observation.objects.exists()


def test_no_token_no_survey(client, people):
    answer = client.post(SURVEY, {"tps": TPS_1, "sinyal": []}, content_type="application/json")
    assert answer.status_code == 401


def test_readiness_of_a_region_and_a_tps(client, people):
    post(client, SURVEY, {"tps": TPS_1, "sinyal": [{"operator": "xl", "jenis": "voice"}]}, people["kpps"])
    region = client.get(f"/api/v1/jaringan/wilayah/{KECAMATAN}", **token(people["ppk"]))
    assert region.status_code == 200
    total = region.json()["total"]
    assert total["kelas"]["terbatas"] == 1 and total["kelas"]["belum"] == total["tps"] - 1
    row = next(r for r in region.json()["wilayah"] if r["kode"] == DESA)
    assert row["kelas"]["terbatas"] == 1
    one = client.get(f"/api/v1/jaringan/tps/{TPS_1}", **token(people["pemkot"]))
    assert one.json()["kelas"] == "terbatas" and one.json()["operator"] == {"xl": "1"}
    assert client.get("/api/v1/jaringan/wilayah/3275", **token(people["pemkot"])).status_code == 403
    assert client.get("/api/v1/jaringan/wilayah/32", **token(people["pemkot"])).json()["code"] == (
        "network_region_invalid"
    )
    assert client.get("/api/v1/jaringan/wilayah/3276019999", **token(people["pemkot"])).status_code == 404
    assert client.get("/api/v1/jaringan/tps/3276011006999", **token(people["pemkot"])).status_code == 404


def test_actions_over_the_api(client, people):
    body = {"tps": [TPS_1, TPS_2], "tindakan": "satellite", "penanggung_jawab": "BAKTI", "tenggat": "2024-01-31"}
    created = post(client, "/api/v1/jaringan/tindakan", body, people["pemkot"])
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["tps"] == [TPS_1, TPS_2] and created.json()["riwayat"][0]["versi"] == 1
    changed = client.patch(f"/api/v1/jaringan/tindakan/{pk}", {"versi": 1, "status": "in_progress"},
                           content_type="application/json", **token(people["pemkot"]))  # fmt: skip
    assert changed.status_code == 200 and changed.json()["status"] == "in_progress"
    assert changed.json()["riwayat"][1]["perubahan"] == {"status": ["open", "in_progress"]}
    stale = client.patch(f"/api/v1/jaringan/tindakan/{pk}", {"versi": 1, "status": "done"},
                         content_type="application/json", **token(people["pemkot"]))  # fmt: skip
    assert stale.status_code == 409 and stale.json()["code"] == "remediation_stale"
    other = client.get(f"/api/v1/jaringan/tindakan/{pk}", **token(people["pemkot_bekasi"]))
    assert other.status_code == 404 and other.json()["code"] == "remediation_not_found"
    refused = post(client, "/api/v1/jaringan/tindakan", body, people["pemkot_bekasi"])
    assert refused.status_code == 403
    bad = post(client, "/api/v1/jaringan/tindakan", body | {"tindakan": "doa"}, people["pemkot"])
    assert bad.status_code == 400 and bad.json()["code"] == "remedy_unknown"
    assert Remediation.objects.count() == 1


def test_the_import_starts_a_job(client, people, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.PRIVATE_DIR = tmp_path
    upload = io.BytesIO(f"kode_tps,operator,sinyal,tanggal\n{TPS_1},xl,none,2024-01-01\n".encode())
    upload.name = "blank.csv"
    with django_capture_on_commit_callbacks(execute=False):
        answer = client.post("/api/v1/jaringan/impor", {"wilayah": "3276", "berkas": upload}, **token(people["pemkot"]))
    assert answer.status_code == 202, answer.content
    assert answer.json()["kind"] == "network_import"
    upload.seek(0)
    refused = client.post("/api/v1/jaringan/impor", {"wilayah": "3276", "berkas": upload}, **token(people["ppk"]))
    assert refused.status_code == 403
