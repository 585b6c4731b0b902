"""The city's count over the API: token required, the field officer's city only, every refusal a 4xx with
its code, and the read-back with KPU's published numbers beside the city's."""

import json

import pytest

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.officers.city.tests.support import CONTEST, DESA, TPS_1, TPS_2, TPS_BEKASI, kpu_publish, tps_row
from suara.officers.models import CityCount

pytestmark = pytest.mark.django_db
PATH = "/api/v1/kota/hitung"


def token(user) -> dict:
    _, plaintext = token_issue(user=user, name="uji", actor=Actor.named("test"))
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def body(**changes) -> dict:
    base = {"kontestasi": CONTEST, "tps": TPS_1, "suara": {"1": 40, "2": 35, "3": 25}, "sah": 100, "tidak_sah": 5,
            "jumlah": 105}  # fmt: skip
    return base | changes


def post(client, headers, payload):
    data = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(PATH, data=data, content_type="application/json", **headers)


def test_a_field_officer_enters_and_reads_back_with_kpus_numbers(client, people):
    headers = token(people["field"])
    response = post(client, headers, body())
    assert response.status_code == 201, response.content
    assert response.json()["versi"] == 1 and response.json()["kpu"] is None
    kpu_publish(DESA, level=4, name="DEPOK", children=[tps_row(TPS_1, 1, (40, 36, 25), 5)])
    read = client.get(f"{PATH}/{CONTEST}/{TPS_1}", **headers).json()
    assert read["suara"] == {"1": 40, "2": 35, "3": 25}
    assert read["kpu"]["votes.2"] == 36 and read["berbeda"] == ["total", "valid", "votes.2"]
    viewer = client.get(f"{PATH}/{CONTEST}/{TPS_1}", **token(people["pemkot"]))
    assert viewer.status_code == 200  # the city's viewer reads it too


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        (body(tps=TPS_BEKASI), 403, "city_area_forbidden"),
        (body(sah=101), 422, "city_count_invalid"),
        (body(suara={"1": 100000, "2": 0, "3": 0}, sah=100000, tidak_sah=0, jumlah=100000), 422, "city_count_invalid"),
        (body(suara={"1": 10**30, "2": 0, "3": 0}), 422, "city_count_invalid"),  # R10
        (body(suara={"x": 1}), 422, "city_count_invalid"),
        (body(tps="3276011006999"), 404, "city_region_not_found"),
        (body(kontestasi="tidak-ada"), 404, "city_election_not_found"),
        (body(sah=-1), 422, "invalid_input"),
        ("{not json", 400, None),
    ],
)
def test_bad_input_is_a_clear_4xx(client, people, payload, status, code):
    response = post(client, token(people["field"]), payload)
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
    assert not CityCount.objects.exists()


def test_a_stale_version_is_a_409(client, people):
    headers = token(people["field"])
    assert post(client, headers, body(versi=0)).status_code == 201
    response = post(client, headers, body(versi=0))
    assert response.status_code == 409 and response.json()["code"] == "city_count_stale"
    assert post(client, headers, body(versi=1)).json()["versi"] == 2


def test_without_a_token_or_with_another_role_it_is_refused(client, people):
    assert post(client, {}, body()).status_code == 401
    assert post(client, token(people["pemkot"]), body()).status_code == 403
    assert post(client, token(people["kpps"]), body()).status_code == 403


def test_reading_is_the_citys_only(client, people):
    post(client, token(people["field"]), body(tps=TPS_2))
    assert client.get(f"{PATH}/{CONTEST}/{TPS_2}", **token(people["pemkot_bekasi"])).status_code == 403
    assert client.get(f"{PATH}/{CONTEST}/{TPS_2}", **token(people["kpu_depok"])).status_code == 403
    assert client.get(f"{PATH}/{CONTEST}/{TPS_1}", **token(people["field"])).status_code == 404
    assert client.get(f"{PATH}/{CONTEST}/abc", **token(people["field"])).status_code == 404
