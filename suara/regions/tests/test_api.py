"""The v1 region and TPS endpoints on the real Kota Depok / Kota Bekasi slice."""

from __future__ import annotations

import pytest

from suara.regions.models import Region, Tps

API = "/api/v1"


def get(client, path, **params):
    return client.get(f"{API}{path}", params)


def test_region_detail_at_each_level(client, geography):
    kota = get(client, "/regions/3276").json()
    assert kota["code"] == "3276"
    assert kota["name"] == "KOTA DEPOK"
    assert kota["level"] == "kabkota"
    assert kota["parent"] == {"code": "32", "name": "JAWA BARAT"}
    assert kota["ancestors"] == [{"code": "32", "name": "JAWA BARAT"}]
    assert kota["child_count"] == Region.objects.filter(parent_id="3276").count() == 11
    assert kota["tps_count"] == Tps.objects.filter(code__startswith="3276").count()
    assert kota["kemendagri_code"] is None
    assert kota["kemendagri_match"] is None

    desa = get(client, "/regions/3276011006").json()
    assert desa["level"] == "desa"
    assert desa["name"] == "DEPOK"
    assert desa["kemendagri_code"] == "3276011006"
    assert desa["kemendagri_match"] == "code"
    assert [a["code"] for a in desa["ancestors"]] == ["32", "3276", "327601"]
    assert desa["parent"]["code"] == "327601"
    assert desa["child_count"] == 0
    assert desa["tps_count"] == Tps.objects.filter(desa_id="3276011006").count() == 142

    province = get(client, "/regions/32").json()
    assert province["level"] == "provinsi"
    assert province["parent"] is None
    assert province["ancestors"] == []
    assert province["child_count"] == 2  # the slice holds only Kota Bekasi and Kota Depok


def test_children_with_their_own_counts_in_constant_queries(client, geography, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = get(client, "/regions/3276/children")

    assert response.status_code == 200
    kecamatan = response.json()
    expected = list(Region.objects.filter(parent_id="3276").order_by("code").values_list("code", flat=True))
    assert [c["code"] for c in kecamatan] == expected
    assert {c["level"] for c in kecamatan} == {"kecamatan"}
    for child in kecamatan:
        assert child["tps_count"] == Tps.objects.filter(code__startswith=child["code"]).count()
        assert child["child_count"] == Region.objects.filter(parent_id=child["code"]).count()
    assert sum(c["tps_count"] for c in kecamatan) == Tps.objects.filter(code__startswith="3276").count()

    # As many queries for the desa of a kecamatan, however many they are.
    with django_assert_max_num_queries(2):
        desa = get(client, "/regions/327601/children").json()
    assert len(desa) == Region.objects.filter(parent_id="327601").count() > 1
    assert all(d["kemendagri_code"] == d["code"] for d in desa)


def test_region_list_and_search(client, geography, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        provinces = get(client, "/regions").json()
    assert len(provinces) == 38
    assert {p["level"] for p in provinces} == {"provinsi"}
    assert [p["code"] for p in provinces] == sorted(p["code"] for p in provinces)

    with django_assert_max_num_queries(1):
        found = get(client, "/regions", search="depok").json()
    assert found[0]["code"] == "3276"
    assert "3276011006" in [r["code"] for r in found]
    order = ["provinsi", "kabkota", "kecamatan", "desa"]
    assert [r["level"] for r in found] == sorted((r["level"] for r in found), key=order.index)

    desa = get(client, "/regions", search="  jaya ", level="desa", limit=3).json()
    assert len(desa) == 3
    assert all(r["level"] == "desa" and "JAYA" in r["name"] for r in desa)


def test_tps_of_a_desa_in_number_order(client, geography, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        tps = get(client, "/regions/3276061005/tps").json()

    assert [t["number"] for t in tps] == sorted(t["number"] for t in tps)
    assert len(tps) == 36 + 3
    assert tps[0] == {"code": "3276061005001", "number": 1, "kind": "reguler"}
    assert [t["kind"] for t in tps if t["number"] >= 901] == ["khusus"] * 3

    response = get(client, "/regions/3276/tps")
    assert response.status_code == 400
    assert response.json()["code"] == "not_a_desa"


def test_tps_detail(client, geography):
    response = get(client, "/tps/3276011006001")

    assert response.status_code == 200
    assert response.json() == {
        "code": "3276011006001",
        "number": 1,
        "kind": "reguler",
        "desa": {"code": "3276011006", "name": "DEPOK"},
        "ancestors": [
            {"code": "32", "name": "JAWA BARAT"},
            {"code": "3276", "name": "KOTA DEPOK"},
            {"code": "327601", "name": "PANCORAN MAS"},
            {"code": "3276011006", "name": "DEPOK"},
        ],
    }
    missing = get(client, "/tps/3276011006999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "tps_not_found"


def test_unknown_regions_and_paths_are_json_404(client, geography):
    for path, code in [
        ("/regions/98", "region_not_found"),
        ("/regions/3299", "region_not_found"),
        ("/regions/3276019999/children", "region_not_found"),
        ("/regions/3276019999/tps", "region_not_found"),
        ("/regions/3276/x", "not_found"),
        ("/", "not_found"),
    ]:
        response = get(client, path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["code"] == code
        assert response.json()["message"]


@pytest.mark.parametrize("search", ["d", "  d  ", ""])
def test_search_needs_two_letters(client, db, search):
    response = get(client, "/regions", search=search)

    assert response.status_code == 400
    assert response.json()["code"] == "search_too_short"
    assert response.json()["field"] == "search"


@pytest.mark.parametrize("search", ["ab\x00", "a" * 101, "de\x1bpok"])
def test_search_refuses_control_characters_and_long_text(client, db, search):
    response = get(client, "/regions", search=search)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_search"


@pytest.mark.parametrize("params", [{"search": "depok", "level": "kota"}, {"search": "depok", "limit": "0"}])
def test_bad_filters_are_invalid_input(client, db, params):
    response = client.get(f"{API}/regions", params)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["message"]
    assert body["errors"][0]["field"] in params


@pytest.mark.parametrize(
    "path",
    ["/regions/x", "/regions/327", "/regions/32760110061", "/regions/３２", "/regions/٣٢", "/regions/-32"],
)
def test_malformed_region_codes(client, db, path):
    for suffix in ("", "/children", "/tps"):
        response = get(client, path + suffix)
        assert response.status_code == 400
        assert response.json() == {
            "code": "invalid_region_code",
            "message": "Kode wilayah harus berupa angka 2, 4, 6 atau 10 digit.",
            "field": "code",
        }


@pytest.mark.parametrize("code", ["327601100600", "x" * 13, "3276011006001x", "３２７６０１１００６００１"])
def test_malformed_tps_codes(client, db, code):
    response = get(client, f"/tps/{code}")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_tps_code"


def test_other_methods_answer_json_405(client, db):
    response = client.post(f"{API}/regions/32")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response["Allow"] == "GET"
