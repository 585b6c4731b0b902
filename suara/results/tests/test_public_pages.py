"""The public real count pages: from the contest list down to one TPS with its form photos and history,
read from the published snapshots only, usable without JavaScript, and the open data as CSV."""

import csv
import io
import re

import pytest

from conftest import consistent_tally, photo_bytes
from suara.audit.actors import Actor
from suara.results.entry.corrections import correction_decide, correction_propose
from suara.results.entry.services import result_submit
from suara.results.public import selectors
from suara.results.tests.support import RAW_TABLES, publish_region

TPS = "3276011006001"
DESA = "3276011006"
PATH = [("32", "JAWA BARAT", 1), ("3276", "KOTA DEPOK", 2), ("327601", "PANCORAN MAS", 3), (DESA, "DEPOK", 4)]
VOTES = {"1": 40, "2": 35, "3": 25}


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    selectors.recap_cache_clear()


def child(code: str, name: str, level: int, *, reported=1, expected=10, flagged=0) -> dict:
    row = {"code": code, "level": level, "votes": VOTES if reported else {}, "valid": 100 if reported else 0}
    row |= {"invalid": 5 if reported else 0, "total": 105 if reported else 0}
    row |= {"tps_reported": reported, "tps_expected": expected, "flagged": flagged}
    if level == 5:
        row |= {"number": int(code[10:]), "flags": ["J2"] if flagged else []}
    else:
        row["name"] = name
    return row


@pytest.fixture
def published(officers):
    """One TPS reported (then corrected), and the regions above it published the way the recap folder
    publishes them: national -> Jawa Barat -> Kota Depok -> Pancoran Mas -> Depok (desa) -> its TPS."""
    result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(),
        photos=[photo_bytes(), photo_bytes("PNG")],
        submission_id="page-0001",
    )
    levels = [("", "INDONESIA", 0), *PATH]
    for index, (code, name, level) in enumerate(levels):
        ancestors = [{"code": c, "name": n} for c, n, _ in levels[1:index]]
        if level == 4:
            children = [child(TPS, "", 5, expected=1, flagged=1), child("3276011006002", "", 5, reported=0, expected=1)]
        else:
            below_code, below_name, below_level = levels[index + 1]
            children = [child(below_code, below_name, below_level, flagged=1)]
        publish_region(
            "ppwp-2024",
            code,
            name=name,
            level=level,
            ancestors=ancestors,
            votes=[40, 35, 25],
            invalid=5,
            dpt=200,
            tps_reported=1,
            tps_expected=820_161 if level == 0 else 142,
            children=children,
            flags={"J1": 0, "J2": 1, "J3": 0, "J4": 0, "J5": 0},
            flagged_tps=[{"code": TPS, "flags": ["J2"]}],
        )
    return officers


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    html = response.content.decode()
    assert not re.search(r"\sstyle=", html), path  # the CSP allows no inline style
    assert "<script>" not in html
    return html


def test_the_contest_list_links_to_each_national_recap(client, counting):
    html = page(client, "/hasil/")

    assert 'href="/hasil/ppwp-2024/"' in html
    assert "Pemilihan Presiden dan Wakil Presiden 2024" in html
    assert "<progress" in html


def test_the_national_page_shows_totals_shares_progress_chart_flags_and_provinces(client, published):
    html = page(client, "/hasil/ppwp-2024/")

    assert "<h1>Indonesia</h1>" in html
    assert "40,00%" in html and "35,00%" in html and "25,00%" in html
    assert '<progress class="progress" value="1" max="820161">' in html
    assert "<strong>1</strong> dari 820.161 TPS sudah melapor" in html
    chart = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    assert chart.count('class="chart__bar chart__bar--') == 3
    assert 'width="148.00"' in chart  # 40% of the 370-unit bar
    assert "Semua suara sah untuk satu pasangan calon di TPS besar." in html  # J2, explained
    assert f'href="/hasil/ppwp-2024/tps/{TPS}/"' in html  # the flagged TPS, linked
    assert 'href="/hasil/ppwp-2024/wilayah/32/">Jawa Barat</a>' in html
    assert 'href="/hasil/ppwp-2024/nasional.csv"' in html
    assert "versi 1" in html


def test_the_links_lead_from_the_nation_down_to_a_tps_and_the_breadcrumbs_back_up(client, published):
    html = page(client, "/hasil/ppwp-2024/")
    trail = []
    for code, name, _level in PATH:
        link = f'href="/hasil/ppwp-2024/wilayah/{code}/"'
        assert link in html, code
        html = page(client, f"/hasil/ppwp-2024/wilayah/{code}/")
        assert f'<li aria-current="page">{name.title()}</li>' in html
        for up_code, up_name in trail:
            assert f'<a href="/hasil/ppwp-2024/wilayah/{up_code}/">{up_name.title()}</a>' in html
        assert '<a href="/hasil/ppwp-2024/">Pemilihan Presiden dan Wakil Presiden 2024</a>' in html
        trail.append((code, name))
    assert f'href="/hasil/ppwp-2024/tps/{TPS}/">TPS 001</a>' in html
    assert 'href="/hasil/ppwp-2024/tps/3276011006002/">TPS 002</a>' in html
    assert ">belum<" in html  # TPS 002 has not reported

    html = page(client, f"/hasil/ppwp-2024/tps/{TPS}/")
    assert '<a href="/hasil/ppwp-2024/wilayah/3276011006/">Depok</a>' in html
    assert '<li aria-current="page">TPS 001</li>' in html


def test_the_tps_page_shows_the_numbers_beside_the_form_photos_and_the_history(client, published):
    officers = published
    corrected = consistent_tally(votes=(30, 45, 25))
    version = correction_propose(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=corrected,
        photos=[photo_bytes(color=(10, 10, 10))],
        reason="Salah baca angka pasangan 01 dan 02",
        reason_code="salah_baca",
        submission_id="page-corr-0001",
    ).version
    correction_decide(actor=Actor.of(officers["ppk"]), version_id=version.pk, approve=True, note="sesuai C.Hasil")

    html = page(client, f"/hasil/ppwp-2024/tps/{TPS}/")

    numbers = html.index('class="tps-result__numbers"')
    photos = html.index('class="tps-result__photos"')
    assert numbers < photos
    assert re.search(r'<img src="/foto/[0-9a-f]{64}\.jpg" alt="Foto formulir C.Hasil halaman 1"', html)
    assert "30,00%" in html and "45,00%" in html  # the current (corrected) numbers
    assert "Pemilih terdaftar (DPT)" in html and "Surat suara diterima" in html
    history = html[html.index('id="history-title"') :]
    assert history.index("Versi 2") < history.index("Versi 1")  # newest first
    # The reason's code is public; the proposer's own words are not (the PPK did not publish them).
    assert "Angka pada foto formulir salah dibaca" in history and "sesuai C.Hasil" in history
    assert "Salah baca angka pasangan 01 dan 02" not in html
    assert "Koreksi" in history and "Entri KPPS" in history
    # The correction stands; the entry it replaced is marked so, not "Berlaku" as well.
    assert history.count(">Berlaku<") == 1 and history.index(">Berlaku<") < history.index("Versi 1")
    assert history.count(">Digantikan<") == 1 and history.index(">Digantikan<") > history.index("Versi 1")
    assert "Koreksi mengubah banyak suara." in html  # J3 on this TPS, explained
    assert history.count('href="/foto/') == 3  # two pages of the entry, one of the correction


def test_a_tps_without_a_result_says_so(client, counting):
    html = page(client, "/hasil/ppwp-2024/tps/3276011006002/")

    assert "Belum ada hasil dari TPS ini." in html
    assert '<a href="/hasil/ppwp-2024/wilayah/327601/">Pancoran Mas</a>' in html  # from the geography


def test_before_the_first_snapshot_the_national_page_lists_every_province(client, counting):
    html = page(client, "/hasil/ppwp-2024/")

    assert "Belum ada hasil yang masuk." in html
    assert html.count('href="/hasil/ppwp-2024/wilayah/') == 38
    assert "0,00%" in html


def test_a_page_reads_only_the_snapshot(client, published, django_assert_max_num_queries):
    page(client, "/hasil/ppwp-2024/")  # the section is rendered and kept once
    with django_assert_max_num_queries(2) as captured:
        client.get("/hasil/ppwp-2024/")
    for query in captured.captured_queries:
        assert not any(table in query["sql"] for table in RAW_TABLES), query["sql"]


def test_pages_may_be_cached_briefly(client, published):
    response = client.get("/hasil/ppwp-2024/wilayah/3276/")

    assert "max-age=5" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response["Last-Modified"]


def test_the_pages_speak_english_when_chosen(client, published):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    html = page(client, "/hasil/ppwp-2024/")

    assert '<html lang="en">' in html
    assert "40.00%" in html  # English decimal point


@pytest.mark.parametrize(
    "path",
    [
        "/hasil/ppwp-1999/",
        "/hasil/ppwp-2024/wilayah/3299/",
        "/hasil/ppwp-2024/wilayah/327/",
        "/hasil/ppwp-2024/wilayah/abc/",
        "/hasil/ppwp-2024/tps/3276011006999/",
        "/hasil/ppwp-2024/tps/32760110/",
        "/hasil/ppwp-2024/wilayah/3299.csv",
        "/hasil/ppwp-1999/nasional.csv",
    ],
)
def test_unknown_or_malformed_addresses_are_404(client, counting, path):
    assert client.get(path).status_code == 404


def test_the_national_csv_has_a_row_per_province(client, counting):
    response = client.get("/hasil/ppwp-2024/nasional.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="ppwp-2024-nasional.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 38
    assert list(rows[0]) == [
        "code",
        "name",
        "votes_1",
        "votes_2",
        "votes_3",
        "valid",
        "invalid",
        "total",
        "tps_reported",
        "tps_expected",
        "flagged_tps",
        "flags",
    ]
    jabar = next(r for r in rows if r["code"] == "32")
    assert jabar["name"] == "JAWA BARAT" and jabar["tps_reported"] == "0"


def test_a_desa_csv_has_a_row_per_tps_from_the_snapshot(client, published):
    response = client.get(f"/hasil/ppwp-2024/wilayah/{DESA}.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0] == {
        "code": TPS,
        "name": "TPS 001",
        "votes_1": "40",
        "votes_2": "35",
        "votes_3": "25",
        "valid": "100",
        "invalid": "5",
        "total": "105",
        "tps_reported": "1",
        "tps_expected": "1",
        "flagged_tps": "1",
        "flags": "J2",
    }
    assert rows[1]["code"] == "3276011006002" and rows[1]["tps_reported"] == "0"
    assert response["ETag"]
    assert client.get(f"/hasil/ppwp-2024/wilayah/{DESA}.csv", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_page_kept_for_anonymous_visitors_sets_no_cookie_and_its_language_form_works(published):
    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    kept = first.get("/hasil/ppwp-2024/")
    again = second.get("/hasil/ppwp-2024/")

    # One page for every anonymous visitor, so a shared cache can keep it: no token, no cookie of its own.
    assert kept.content == again.content
    assert "csrfmiddlewaretoken" not in kept.content.decode()
    assert not kept.cookies and not again.cookies
    assert "public" in kept["Cache-Control"]
    switched = second.post("/i18n/setlang/", {"language": "en", "next": "/hasil/"})
    assert switched.status_code == 302
    assert '<html lang="en">' in page(second, "/hasil/ppwp-2024/")
    assert '<html lang="id">' in page(first, "/hasil/ppwp-2024/")


def test_a_kept_page_is_gzipped_once_for_clients_that_take_it(published):
    import gzip

    from django.test import Client

    visitor = Client()
    plain = visitor.get("/hasil/ppwp-2024/")
    zipped = visitor.get("/hasil/ppwp-2024/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3
    assert int(zipped["Content-Length"]) == len(zipped.content)


def test_a_signed_in_operator_gets_the_page_with_their_own_navigation(client, published):
    client.force_login(published["kpu_depok"])

    response = client.get("/hasil/ppwp-2024/")

    assert 'href="/dasbor/"' in response.content.decode()
    assert "private" in response["Cache-Control"]


# --- the fast path for anonymous reads ---------------------------------------------------------------

FAST = "suara.core.fastpath.FastPathMiddleware"


@pytest.fixture
def fast_path(settings):
    """The middleware where settings.py is to put it: after the security headers, before the rest."""
    middleware = [m for m in settings.MIDDLEWARE if m != FAST]
    at = middleware.index("suara.core.middleware.ContentSecurityPolicyMiddleware") + 1
    settings.MIDDLEWARE = [*middleware[:at], FAST, *middleware[at:]]


def comparable(response) -> tuple:
    """Status, body, headers and cookies; a body that GZipMiddleware compressed is compared uncompressed
    (its gzip header holds random bytes against BREACH)."""
    import gzip

    headers, body = dict(response.headers), response.content
    if headers.get("Content-Encoding") == "gzip" and body[3] & 0x08:  # FNAME set: GZipMiddleware's padding
        body = gzip.decompress(body)
        headers.pop("Content-Length", None)
    return response.status_code, body, headers, sorted(response.cookies)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/contests/ppwp-2024/recap",
        "/api/v1/contests/ppwp-2024/recap/3276",
        f"/api/v1/contests/ppwp-2024/tps/{TPS}",
        "/hasil/ppwp-2024/",
        "/hasil/ppwp-2024/wilayah/3276/",
        f"/hasil/ppwp-2024/tps/{TPS}/",
        "/hasil/ppwp-2024/wilayah/3299/",
        "/api/v1/contests/ppwp-2024/recap/3299",
    ],
)
@pytest.mark.parametrize("accept_encoding", ["", "gzip, deflate, br"])
def test_the_fast_path_answers_exactly_what_the_full_stack_answers(published, fast_path, path, accept_encoding):
    from django.conf import settings
    from django.test import Client, override_settings

    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != FAST]):
        full = Client().get(path, HTTP_ACCEPT_ENCODING=accept_encoding)  # also renders and keeps the page
    fast = Client().get(path, HTTP_ACCEPT_ENCODING=accept_encoding)

    assert comparable(fast) == comparable(full)


def test_the_fast_path_skips_the_url_resolver_and_the_session(client, published, fast_path, monkeypatch):
    client.get("/hasil/ppwp-2024/")  # rendered once by the full stack
    client.get("/api/v1/contests/ppwp-2024/recap")

    def refuse(*args, **kwargs):
        raise AssertionError("the full stack ran")

    monkeypatch.setattr("django.core.handlers.base.BaseHandler.resolve_request", refuse)
    assert client.get("/hasil/ppwp-2024/").status_code == 200
    assert client.get("/api/v1/contests/ppwp-2024/recap").status_code == 200


def test_the_fast_path_leaves_signed_in_visitors_tokens_and_query_strings_to_the_full_stack(
    client, published, fast_path, monkeypatch
):
    client.get("/hasil/ppwp-2024/")
    resolved = []
    original = __import__("django.core.handlers.base", fromlist=["BaseHandler"]).BaseHandler.resolve_request

    def counting(self, request):
        resolved.append(request.path)
        return original(self, request)

    monkeypatch.setattr("django.core.handlers.base.BaseHandler.resolve_request", counting)
    client.get("/hasil/ppwp-2024/?x=1")
    client.get("/api/v1/contests/ppwp-2024/recap", HTTP_AUTHORIZATION="Bearer nope")
    client.force_login(published["kpu_depok"])
    assert 'href="/dasbor/"' in client.get("/hasil/ppwp-2024/").content.decode()
    assert len(resolved) == 3


def test_the_fast_path_keeps_the_language_form_working(published, fast_path):
    from django.test import Client

    visitor = Client(enforce_csrf_checks=True)
    page(visitor, "/hasil/ppwp-2024/")  # the full stack renders and keeps the page
    page(visitor, "/hasil/ppwp-2024/")

    answer = visitor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert answer.status_code == 302
    page(visitor, "/hasil/ppwp-2024/")
    assert '<html lang="en">' in page(visitor, "/hasil/ppwp-2024/")


# --- with the recap folder's own snapshots ------------------------------------------------------------


def test_after_the_fold_the_pages_and_the_api_walk_from_the_nation_to_the_reporting_tps(client, officers):
    from suara.results.recap.fold import recap_fold
    from suara.results.recap.rebuild import recap_publish_all

    recap_publish_all(contest="ppwp-2024", actor=Actor.named("test"))
    result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(votes=(97, 121, 45), dpt=(150, 150)),
        photos=[photo_bytes()],
        submission_id="fold-0001",
    )
    recap_fold()

    national = client.get("/api/v1/contests/ppwp-2024/recap").json()
    assert [c["votes"] for c in national["candidates"]] == [97, 121, 45]
    assert national["tps_reported"] == 1 and national["valid"] == 263
    html = page(client, "/hasil/ppwp-2024/")
    assert "<strong>1</strong> dari" in html
    for code, name, _level in PATH:
        assert f'href="/hasil/ppwp-2024/wilayah/{code}/"' in html, code
        html = page(client, f"/hasil/ppwp-2024/wilayah/{code}/")
        assert f"<h1>{name.title()}</h1>" in html
    assert f'href="/hasil/ppwp-2024/tps/{TPS}/">TPS 001</a>' in html
    html = page(client, f"/hasil/ppwp-2024/tps/{TPS}/")
    assert "36,88%" in html  # 97 of 263
    rows = list(csv.DictReader(io.StringIO(client.get(f"/hasil/ppwp-2024/wilayah/{DESA}.csv").content.decode())))
    first = next(r for r in rows if r["code"] == TPS)
    assert (first["votes_1"], first["votes_2"], first["votes_3"], first["tps_reported"]) == ("97", "121", "45", "1")


def test_a_recap_page_links_to_the_comparison_with_kpus_numbers(client, published):
    assert 'href="/hasil/ppwp-2024/perbandingan/"' in page(client, "/hasil/ppwp-2024/")
    assert 'href="/hasil/ppwp-2024/perbandingan/3276/"' in page(client, "/hasil/ppwp-2024/wilayah/3276/")
