"""The TPS places API: a public GET, a token PUT refused clearly on bad input, the CSV import."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suara.regions.models import TpsLocation
from suara.voters.places import rules

URL = "/api/v1/tps/3276011006001/lokasi"
BODY = {"address": "Jl. Merdeka No. 5, Depok", "latitude": "-6.4021", "longitude": "106.8188", "step_free": True}


def put(client, headers, body, url=URL):
    return client.put(url, json.dumps(body), content_type="application/json", **headers)


def test_put_then_get(client, tokens):
    response = put(client, tokens["pps"], BODY)
    assert response.status_code == 200, response.content
    assert response.json()["geo_uri"] == "geo:-6.402100,106.818800"
    got = client.get(URL).json()
    assert got["address"] == BODY["address"] and got["step_free"] and not got["help_visual"]
    assert got["osm_url"].startswith("https://www.openstreetmap.org/?mlat=-6.402100&mlon=106.818800")


@pytest.mark.parametrize(
    ("who", "body", "url", "status", "code"),
    [
        ("pps", BODY | {"latitude": "-20"}, URL, 400, "coordinates_outside_indonesia"),
        ("pps", BODY | {"longitude": "abc"}, URL, 400, "invalid_input"),
        ("pps", BODY | {"address": ""}, URL, 400, "invalid_tps_address"),
        ("pps", {"address": "Jl. A 1"}, URL, 422, "invalid_input"),
        ("pps", BODY, "/api/v1/tps/32760110060/lokasi", 400, "invalid_tps_code"),
        ("pps", BODY, "/api/v1/tps/3276011006999/lokasi", 404, "tps_not_found"),
        ("pps_bekasi", BODY, URL, 403, "forbidden"),
        ("kpps", BODY, URL, 403, "forbidden"),
        (None, BODY, URL, 401, "unauthenticated"),
    ],
)
def test_put_refusals(client, tokens, who, body, url, status, code):
    response = put(client, tokens[who] if who else {}, body, url)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not TpsLocation.objects.exists()


def test_get_before_recorded_is_404(client, geography):
    response = client.get(URL)
    assert (response.status_code, response.json()["code"]) == (404, "tps_not_found")


def _upload(client, headers, text, scope="3276011006"):
    file = SimpleUploadedFile("lokasi.csv", text.encode(), content_type="text/csv")
    return client.post("/api/v1/tps-lokasi/impor", {"scope": scope, "file": file}, **headers)


def test_csv_import_over_the_api(client, tokens):
    header = ",".join(rules.CSV_COLUMNS)
    good = f"{header}\n3276011006001,Jl. Satu 1,-6.40,106.82,1,0,0,0,0,0\n"
    response = _upload(client, tokens["pps"], good)
    assert response.status_code == 200 and response.json() == {"saved": 1, "scope": "3276011006"}
    bad = f"{header}\n3276011006002,Jl. Dua 2,-6.40,106.82,1,0,0,0,0,0\n3276011006003,Jl. Tiga 3,9,106.82,0,0,0,0,0,0\n"
    refused = _upload(client, tokens["pps"], bad)
    assert refused.status_code == 400 and refused.json()["code"] == "tps_locations_invalid"
    assert refused.json()["details"] == [{"line": 3, "code": "coordinates_outside_indonesia", "field": "latitude"}]
    assert TpsLocation.objects.count() == 1
    assert _upload(client, tokens["pps"], good, scope="327601").status_code == 403
    assert _upload(client, tokens["pps"], "\xff").status_code == 400
