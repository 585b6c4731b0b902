"""The quick count over the API and on its pages: the embargo until 15:00 WIB on voting day, the disclaimer
on every release, the organisation's own view before, the enumerator's report, and bad input as 4xx."""

from __future__ import annotations

import json

import pytest

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.quickcount.models import QuickCount, QuickCountReport, SampledTps
from suara.quickcount.tests.conftest import CONTEST

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _, plaintext = token_issue(user=user, name="uji", actor=Actor.named("test"))
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def report_body(tps: str, first=50, **changes) -> dict:
    return {"submission_id": "laporan-api-1", "tps": tps, "votes": {"1": first, "2": 30, "3": 20}, "valid": first + 50,
            "invalid": 3, "total": first + 53} | changes  # fmt: skip


def _first_sampled(drawn) -> SampledTps:
    return SampledTps.objects.filter(quick_count=drawn, kind=SampledTps.Kind.SAMPLE).order_by("tps_code").first()


def test_the_public_api_is_closed_until_15_wib_and_then_carries_the_disclaimer(client, drawn, at):
    at(14, 59)
    closed = client.get(f"/api/v1/hitung-cepat/{drawn.pk}")
    assert closed.status_code == 403 and closed.json()["code"] == "embargo"
    assert client.get(f"/api/v1/hitung-cepat/{drawn.pk}/desain").json()["code"] == "embargo"
    at(15, 0)
    opened = client.get(f"/api/v1/hitung-cepat/{drawn.pk}")
    assert opened.status_code == 200
    assert "bukan hasil resmi KPU" in opened.json()["disclaimer"]
    design = client.get(f"/api/v1/hitung-cepat/{drawn.pk}/desain").json()
    assert design["seed"] == drawn.seed and design["algorithm"] == "suara-acak-strata-v1"


def test_the_organisation_sees_its_quick_count_before_the_embargo(client, drawn, people, at):
    at(13, 30)
    assert client.get(f"/api/v1/hitung-cepat/{drawn.pk}", **bearer(people["operator"])).status_code == 200
    assert client.get(f"/api/v1/hitung-cepat/{drawn.pk}", **bearer(people["other_org"])).status_code == 403


def test_an_enumerator_reports_over_the_api(client, drawn):
    sampled = _first_sampled(drawn)
    headers = bearer(sampled.enumerator)
    path = f"/api/v1/hitung-cepat/{drawn.pk}/laporan"
    first = client.post(
        path, data=json.dumps(report_body(sampled.tps_code)), content_type="application/json", **headers
    )
    again = client.post(
        path, data=json.dumps(report_body(sampled.tps_code)), content_type="application/json", **headers
    )
    assert (first.status_code, again.status_code) == (201, 200)
    broken = client.post(path, data=json.dumps(report_body(sampled.tps_code, valid=1, submission_id="laporan-api-2")),
                         content_type="application/json", **headers)  # fmt: skip
    assert broken.status_code in (409, 422)
    assert QuickCountReport.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("not json", 400, None),
        ({"submission_id": "x"}, 400, None),
        ("OTHER_TPS", 403, "forbidden"),
        ("BIG", 422, "rules_broken"),
    ],
)
def test_bad_reports_are_4xx_and_leave_nothing(client, drawn, body, status, code):
    sampled = _first_sampled(drawn)
    if body == "OTHER_TPS":
        body = report_body("3275011001001")
    elif body == "BIG":
        body = report_body(sampled.tps_code, first=2**64, valid=2**64 + 50, total=2**64 + 53)
    data = body if isinstance(body, str) else json.dumps(body)
    answer = client.post(f"/api/v1/hitung-cepat/{drawn.pk}/laporan", data=data, content_type="application/json",
                         **bearer(sampled.enumerator))  # fmt: skip
    assert 400 <= answer.status_code < 500
    if code:
        assert answer.status_code == status and answer.json()["code"] == code
    assert not QuickCountReport.objects.exists()


def test_a_design_over_the_api_with_bad_numbers_is_refused(client, people):
    headers = bearer(people["operator"])
    base = {"organisation": "lembaga-uji", "contest": CONTEST, "name": "API"}
    too_big = client.post("/api/v1/hitung-cepat", data=json.dumps(base | {"sample_size": 10**6}),
                          content_type="application/json", **headers)  # fmt: skip
    assert too_big.status_code == 400 and too_big.json()["code"] == "sample_larger_than_frame"
    zero = client.post("/api/v1/hitung-cepat", data=json.dumps(base | {"sample_size": 0}),
                       content_type="application/json", **headers)  # fmt: skip
    assert zero.status_code in (400, 422)
    made = client.post("/api/v1/hitung-cepat", data=json.dumps(base | {"sample_size": 20}),
                       content_type="application/json", **headers)  # fmt: skip
    assert made.status_code == 201
    drawn = client.post(f"/api/v1/hitung-cepat/{made.json()['id']}/tarik", **headers)
    assert drawn.status_code == 200 and len(drawn.json()["seed"]) == 32
    assert client.post(f"/api/v1/hitung-cepat/{made.json()['id']}/tarik", **headers).json()["code"] == "already_drawn"
    assert QuickCount.objects.count() == 1


def test_an_unknown_quick_count_is_404(client):
    assert client.get("/api/v1/hitung-cepat/999999").status_code == 404


def test_the_public_page_stays_closed_until_15_wib(client, drawn, at):
    at(14, 0)
    page = client.get(f"/hitung-cepat/{drawn.pk}/").content.decode()
    assert "data-embargo" in page and "data-estimates" not in page
    assert client.get(f"/hitung-cepat/{drawn.pk}/desain/").status_code == 404
    at(15, 1)
    page = client.get(f"/hitung-cepat/{drawn.pk}/").content.decode()
    assert "bukan hasil resmi KPU" in page and "data-embargo" not in page
    assert client.get(f"/hitung-cepat/{drawn.pk}/desain/").status_code == 200


def test_the_institutions_page_shows_the_registry_and_the_scoreboard(client, institution):
    page = client.get("/hitung-cepat/lembaga/").content.decode()
    assert "Lembaga Survei Uji" in page and "Poltracking" in page and "58.59" in page.replace(",", ".")
    scoreboard = client.get("/api/v1/hitung-cepat/lembaga").json()["scoreboard"]
    year_2019 = next(e for e in scoreboard if e["year"] == 2019)
    indikator = next(i for i in year_2019["institutions"] if i["institution"].startswith("Indikator"))
    assert indikator["signed_errors"]["1"] == pytest.approx(-1.59) and indikator["winner_right"] is True
    year_2014 = next(e for e in scoreboard if e["year"] == 2014)
    wrong = sorted(i["institution"] for i in year_2014["institutions"] if i["winner_right"] is False)
    assert wrong == ["Jaringan Suara Indonesia (JSI)", "Lembaga Survei Nasional (LSN)", "Puskaptis"]
    assert all("republika.co.id" in i["source"] for i in year_2014["institutions"])


def test_the_operator_designs_draws_and_watches_on_its_pages(client, people):
    client.force_login(people["operator"])
    made = client.post("/petugas/hitung-cepat/", {"organisation": "lembaga-uji", "contest": CONTEST, "name": "Halaman",
                                                 "margin": "2", "sample_size": "12", "reserve": "10"})  # fmt: skip
    assert made.status_code == 302
    qc = QuickCount.objects.get()
    assert client.post(f"/petugas/hitung-cepat/{qc.pk}/tarik/").status_code == 302
    codes = client.post(f"/petugas/hitung-cepat/{qc.pk}/enumerator/")
    assert codes.content.decode().count("data-code") == 12
    page = client.get(f"/petugas/hitung-cepat/{qc.pk}/").content.decode()
    assert 'data-status="drawn"' in page and "data-seed" in page
    frame = client.get(f"/petugas/hitung-cepat/{qc.pk}/kerangka.csv").content.decode()
    assert frame.splitlines()[0] == "kode_tps,strata,dpt"
    bad = client.post("/petugas/hitung-cepat/", {"organisation": "lembaga-uji", "contest": CONTEST, "name": "X",
                                                "margin": "abc"})  # fmt: skip
    assert bad.status_code == 400


def test_other_organisations_and_officers_do_not_see_the_operator_pages(client, drawn, people):
    client.force_login(people["other_org"])
    assert client.get(f"/petugas/hitung-cepat/{drawn.pk}/").status_code == 404
    client.force_login(people["kpps"])
    assert client.get("/petugas/hitung-cepat/").status_code == 403


def test_an_enumerator_reports_on_its_page(client, drawn):
    sampled = _first_sampled(drawn)
    client.force_login(sampled.enumerator)
    page = client.get(f"/petugas/hitung-cepat/lapor/?tps={sampled.pk}").content.decode()
    assert sampled.tps_code in page
    post = {"assignment": str(sampled.pk), "submission_id": "halaman-0001", "votes_1": "50", "votes_2": "30",
            "votes_3": "20", "valid": "100", "invalid": "3", "total": "103"}  # fmt: skip
    assert client.post("/petugas/hitung-cepat/lapor/", post).status_code == 302
    assert QuickCountReport.objects.get().tps_code == sampled.tps_code
    wrong = client.post("/petugas/hitung-cepat/lapor/", post | {"assignment": "0"})
    assert wrong.status_code == 404
    broken = post | {"valid": "abc"}
    assert client.post("/petugas/hitung-cepat/lapor/", broken).status_code == 400


def test_once_the_official_result_is_signed_off_the_quick_count_is_scored_against_it(client, drawn, monkeypatch):
    from suara.quickcount import services
    from suara.quickcount.tests.conftest import tally_for
    from suara.results.public import selectors as public

    for i, tps in enumerate(SampledTps.objects.filter(quick_count=drawn, kind="sampel").order_by("tps_code")[:6]):
        services.report_submit(actor=Actor.of(tps.enumerator), quick_count_id=drawn.pk, tps=tps.tps_code,
                               tally=tally_for(50, 30, 20), submission_id=f"laporan-{i:04d}")  # fmt: skip
    real = public.region_recap

    def signed_off(contest, code=""):
        published = real(contest, code)
        body = dict(published.body)
        body["locked"] = {"by": "kpu_ri"}
        body["candidates"] = [
            {"number": n, "name": str(n), "votes": v, "share": ""} for n, v in ((1, 48), (2, 32), (3, 20))
        ]
        return type(published)(**{**published.__dict__, "body": body})

    assert client.get("/api/v1/hitung-cepat/lembaga").json()["live"] == []
    monkeypatch.setattr(public, "region_recap", signed_off)
    live = client.get("/api/v1/hitung-cepat/lembaga").json()["live"]
    assert len(live) == 1 and live[0]["official"] == {"1": 48.0, "2": 32.0, "3": 20.0}
    assert live[0]["signed_errors"]["1"] == pytest.approx(2.0) and live[0]["winner_right"] is True
    assert "data-live-scoreboard" in client.get("/hitung-cepat/lembaga/").content.decode()
