import pytest

from suara.regions.models import Level, Region, Tps

pytestmark = pytest.mark.django_db


def _overseas():
    """A bit of the overseas pseudo-province, which the geography fixture does not load."""
    ln = Region.objects.create(code="99", name="LUAR NEGERI", level=Level.PROVINSI, tps_count=1)
    country = Region.objects.create(code="9901", name="BRUNEI DARUSSALAM", level=Level.KABKOTA, parent=ln)
    mission = Region.objects.create(code="990101", name="KBRI BANDAR SERI BEGAWAN", level=3, parent=country)
    post = Region.objects.create(code="9901010001", name="TPS", level=Level.DESA, parent=mission, tps_count=1)
    Tps.objects.create(code="9901010001001", desa=post, number=1, kind=Tps.Kind.OVERSEAS_TPS)


def test_province_list(client, geography):
    _overseas()
    response = client.get("/wilayah/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.context["provinces"]) == 38
    assert ">Jawa Barat</a>" in html
    assert ">Daerah Istimewa Yogyakarta</a>" in html
    assert 'href="/wilayah/32/"' in html
    jabar = geography["32"].tps_count
    assert f"{jabar:,}".replace(",", ".") in html
    # Overseas comes last, under its own heading.
    assert html.index(">Papua Barat Daya</a>") < html.index('id="overseas-title"') < html.index(">Luar Negeri</a>")
    assert [r.code for r in response.context["overseas"]] == ["99"]


def test_region_page_shows_breadcrumbs_and_children(client, geography, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/wilayah/3276/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Kota Depok</h1>" in html
    assert 'href="/wilayah/32/">Jawa Barat</a>' in html
    assert '<li aria-current="page">Kota Depok</li>' in html
    assert 'href="/wilayah/327601/">Pancoran Mas</a>' in html
    assert "Kecamatan" in html
    children = response.context["children"]
    assert len(children) == 11
    assert sum(c.tps_count for c in children) == geography["3276"].tps_count


def test_desa_page_lists_its_tps_without_a_query_per_row(client, geography, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/wilayah/3276011006/")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["tps_list"]) == 142
    assert 'href="/tps/3276011006001/">TPS 001</a>' in html
    assert 'href="/tps/3276011006142/">TPS 142</a>' in html
    crumbs = ["Jawa Barat", "Kota Depok", "Pancoran Mas"]
    assert all(f">{name}</a>" in html for name in crumbs)


def test_desa_page_marks_special_tps(client, geography):
    html = client.get("/wilayah/3276061005/").content.decode()
    assert "TPS 901" in html
    assert "TPS lokasi khusus" in html


def test_tps_page(client, geography, django_assert_max_num_queries):
    # The TPS and its ancestors, then the featured election and its counted ballots (for the result links),
    # and its recorded place (voters.places).
    with django_assert_max_num_queries(5):
        response = client.get("/tps/3276011006007/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>TPS 007</h1>" in html
    assert "3276011006007" in html
    assert "TPS reguler" in html
    for code, name in [
        ("32", "Jawa Barat"),
        ("3276", "Kota Depok"),
        ("327601", "Pancoran Mas"),
        ("3276011006", "Depok"),
    ]:
        assert f'href="/wilayah/{code}/">{name}</a>' in html


def test_overseas_pages_use_overseas_labels(client, geography):
    _overseas()
    html = client.get("/wilayah/9901/").content.decode()
    assert "<h1>Brunei Darussalam</h1>" in html
    assert "Negara" in html and "Perwakilan RI" in html
    html = client.get("/tps/9901010001001/").content.decode()
    assert "TPS luar negeri" in html


@pytest.mark.parametrize(
    "path",
    [
        "/wilayah/00/",
        "/wilayah/abc/",
        "/wilayah/327/",
        "/wilayah/" + "9" * 500 + "/",
        "/wilayah/３２/",
        "/wilayah/32%00/",
        "/tps/3276011006999/",
        "/tps/123/",
        "/tps/x' or 1=1/",
        "/tidak-ada/",
    ],
)
def test_unknown_or_malformed_codes_are_404(client, geography, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert 'action="/i18n/setlang/"' in html


def test_404_in_english(english, geography):
    response = english.get("/wilayah/1234567890/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_search(client, geography):
    response = client.get("/wilayah/", {"q": "  Sukmajaya "})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["query"] == "Sukmajaya"
    assert 'value="Sukmajaya"' in html
    # The kecamatan before its namesake desa; only the loaded slice is searched.
    assert [r.code for r in response.context["results"]] == ["327605", "3276051001"]
    assert 'href="/wilayah/327605/">Sukmajaya</a>' in html
    assert "Kecamatan · Kota Depok" in html


def test_search_finds_by_level_then_name(client, geography):
    results = client.get("/wilayah/", {"q": "depok"}).context["results"]
    assert results[0].code == "3276"
    assert 'href="/wilayah/3276/">Kota Depok</a>' in client.get("/wilayah/", {"q": "depok"}).content.decode()


def test_search_too_short_and_nothing_found(client, geography):
    html = client.get("/wilayah/", {"q": "a"}).content.decode()
    assert "paling sedikit 2 huruf" in html
    html = client.get("/wilayah/", {"q": "zzzzqqq"}).content.decode()
    assert "Tidak ada wilayah dengan nama itu." in html


def test_search_escapes_the_query(client, geography):
    html = client.get("/wilayah/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_region_pages_refuse_post(client, geography):
    assert client.post("/wilayah/").status_code == 405
    assert client.post("/wilayah/32/").status_code == 405
