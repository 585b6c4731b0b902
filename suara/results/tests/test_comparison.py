"""The comparison of the count with KPU's published numbers: per region, how many TPS agree, which differ
(with both tallies), paginated, in a bounded number of queries, through the API and the page."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import consistent_tally, photo_bytes
from suara.audit.actors import Actor
from suara.core.errors import DomainError, NotFound
from suara.results.comparison.selectors import MAX_PAGE_SIZE, comparison_get, differing_fields
from suara.results.entry.services import result_submit
from suara.results.importers.load_kpu_json import kpu_json_import
from suara.results.models import CountTps, ExternalResult, RecapPointer, TpsResult
from suara.results.snapshots import snapshot_publish
from suara.results.tally import nest, unnest

SOURCE = "kpu_sirekap_2024"
DESA = "3276011006"
SAME, MISREAD, KPU_ONLY, OURS_ONLY = f"{DESA}001", f"{DESA}002", f"{DESA}003", "3275011001001"


def to_sirekap(tally: dict, chart: tuple | None = None) -> dict:
    """KPU's JSON for a TPS whose form says ``tally`` (its chart read as ``chart`` when given)."""
    votes = chart or tuple(tally[f"votes.{n}"] for n in (1, 2, 3))
    admin = {"suara_sah": tally["valid"], "suara_tidak_sah": tally["invalid"], "suara_total": tally["total"]}
    for source, group in (("pemilih_dpt", "dpt"), ("pengguna_dpt", "voted_dpt"), ("pengguna_dptb", "voted_dptb"),
                          ("pengguna_non_dpt", "voted_dpk"), ("pengguna_total", "voted_total")):  # fmt: skip
        admin.update({f"{source}_{part}": tally[f"{group}.{part}"] for part in ("l", "p", "j")})
    return {"chart": {"100025": votes[0], "100026": votes[1], "100027": votes[2], "null": None},
            "administrasi": admin, "images": [None, None, None], "ts": "2024-02-15 10:00:00",
            "status_suara": True, "status_adm": True, "psu": None}  # fmt: skip


@pytest.fixture
def compared(officers, settings, tmp_path):
    """Ours at three TPS, KPU's at three: one agrees, one misread (71/641/511 of 185 valid votes), one
    only KPU has, one (in Bekasi) only we have."""
    settings.VAR_DIR = tmp_path
    tally = consistent_tally(votes=(45, 95, 45))
    for user, tps, sid in ((officers["kpps"], SAME, "cmp-0001"), (officers["kpps_002"], MISREAD, "cmp-0002"),
                           (officers["kpps_bekasi"], OURS_ONLY, "cmp-0003")):  # fmt: skip
        result_submit(
            actor=Actor.of(user), contest="ppwp-2024", tps=tps, tally=tally, photos=[photo_bytes()], submission_id=sid
        )
    folder = tmp_path / "sirekap"
    folder.mkdir()
    (folder / f"{SAME}.json").write_text(json.dumps(to_sirekap(tally)))
    (folder / f"{MISREAD}.json").write_text(json.dumps(to_sirekap(tally, chart=(71, 641, 511))))
    (folder / f"{KPU_ONLY}.json").write_text(json.dumps(to_sirekap(consistent_tally())))
    kpu_json_import(directory=folder, contest="ppwp-2024", actor=Actor.named("test"))
    return tally


def counts(found) -> dict:
    return found.counts.as_dict()


def published_body(tps: str) -> dict:
    """The TPS's current snapshot body: what its public page and API show."""
    return RecapPointer.objects.select_related("snapshot").get(code=tps).snapshot.body


def test_national_counts_and_the_differing_tps_with_both_tallies(compared):
    found = comparison_get(contest="ppwp-2024", code="", source=SOURCE)
    assert counts(found) == {"compared": 2, "equal": 1, "different": 1, "external_only": 1, "ours_only": 1}
    assert found.name == "INDONESIA" and found.level == 0
    assert [(c.code, c.name) for c in found.children] == [("32", "JAWA BARAT")]
    [row] = found.rows
    assert row.code == MISREAD and row.fields == ["votes.1", "votes.2", "votes.3"]
    assert row.ours == unnest(published_body(MISREAD)["tally"]) == TpsResult.objects.get(tps_code=MISREAD).tally
    assert (row.ours["votes.2"], row.theirs["votes.2"], row.theirs["valid"]) == (95, 641, 185)


def test_a_region_counts_only_the_tps_beneath_it_and_a_desa_lists_its_tps(compared):
    depok = comparison_get(contest="ppwp-2024", code="3276", source=SOURCE)
    assert counts(depok) == {"compared": 2, "equal": 1, "different": 1, "external_only": 1, "ours_only": 0}
    assert depok.ancestors == [("32", "JAWA BARAT")] and depok.name == "KOTA DEPOK"
    bekasi = comparison_get(contest="ppwp-2024", code="3275", source=SOURCE)
    assert counts(bekasi) == {"compared": 0, "equal": 0, "different": 0, "external_only": 0, "ours_only": 1}
    assert bekasi.rows == []
    desa = comparison_get(contest="ppwp-2024", code=DESA, source=SOURCE)
    by_tps = {c.code: c.counts.as_dict() for c in desa.children}
    assert by_tps[MISREAD]["different"] == 1 and by_tps[SAME]["equal"] == 1 and by_tps[KPU_ONLY]["external_only"] == 1
    assert desa.children[0].name == "TPS 001"
    tps = comparison_get(contest="ppwp-2024", code=MISREAD, source=SOURCE)
    assert tps.level == 5 and counts(tps)["different"] == 1 and tps.children == [] and len(tps.rows) == 1


def test_the_register_alone_does_not_make_a_difference():
    assert differing_fields({"dpt.j": 200, "votes.1": 5}, {"dpt.j": 250, "votes.1": 5, "valid": 5}) == []
    assert differing_fields({"valid": 5}, {"valid": "5"}) == ["valid"]


def test_pages_hold_at_most_the_page_size(compared):
    first = comparison_get(contest="ppwp-2024", code="", source=SOURCE, page=1, page_size=1)
    assert first.pages == 1 and len(first.rows) == 1
    beyond = comparison_get(contest="ppwp-2024", code="", source=SOURCE, page=2, page_size=1)
    assert beyond.rows == []
    with pytest.raises(DomainError) as err:
        comparison_get(contest="ppwp-2024", code="", source=SOURCE, page_size=MAX_PAGE_SIZE + 1)
    assert err.value.code == "invalid_page"


@pytest.mark.parametrize(
    ("code", "source", "error"),
    [
        ("3276", "kpu_lain", "unknown_source"),
        ("32760", SOURCE, "invalid_region_code"),
        ("３２", SOURCE, "invalid_region_code"),
        ("3299", SOURCE, "region_not_found"),
        ("3276011006999", SOURCE, "region_not_found"),
    ],
)
def test_bad_input_is_refused_with_a_code(compared, code, source, error):
    with pytest.raises(DomainError) as err:
        comparison_get(contest="ppwp-2024", code=code, source=source)
    assert err.value.code == error
    assert isinstance(err.value, NotFound) == (error == "region_not_found")


@pytest.mark.parametrize("code", ["", "32", DESA, MISREAD])
def test_the_query_count_is_bounded_whatever_the_level(compared, django_assert_max_num_queries, code):
    with django_assert_max_num_queries(6):
        comparison_get(contest="ppwp-2024", code=code, source=SOURCE)


def test_the_api_answers_with_counts_children_and_rows(compared, client):
    response = client.get(f"/api/v1/contests/ppwp-2024/comparison/{DESA}", {"source": SOURCE})
    assert response.status_code == 200
    body = response.json()
    assert body["counts"] == {"compared": 2, "equal": 1, "different": 1, "external_only": 1, "ours_only": 0}
    assert body["source_label"] == "KPU Sirekap 2024" and body["level"] == 4
    assert [a["code"] for a in body["ancestors"]] == ["32", "3276", "327601"]
    assert body["rows"][0]["code"] == MISREAD and body["rows"][0]["theirs"]["votes.3"] == 511
    national = client.get("/api/v1/contests/ppwp-2024/comparison", {"source": SOURCE, "page_size": 200}).json()
    assert national["counts"]["ours_only"] == 1 and national["page_size"] == 200


@pytest.mark.parametrize(
    ("path", "query", "status", "code"),
    [
        ("/api/v1/contests/ppwp-2024/comparison/3276", {"source": "x"}, 400, "unknown_source"),
        ("/api/v1/contests/ppwp-2024/comparison/3276", {}, 422, "invalid_input"),
        ("/api/v1/contests/ppwp-2024/comparison/3276", {"source": SOURCE, "page_size": 201}, 422, "invalid_input"),
        ("/api/v1/contests/ppwp-2024/comparison/3299", {"source": SOURCE}, 404, "region_not_found"),
        ("/api/v1/contests/ppwp-2099/comparison", {"source": SOURCE}, 404, "contest_not_found"),
    ],
)
def test_the_api_refuses_bad_input_as_json(compared, client, path, query, status, code):
    response = client.get(path, query)
    assert response.status_code == status and response.json()["code"] == code


def test_the_page_shows_the_counts_the_regions_and_the_differing_numbers(compared, client):
    response = client.get("/hasil/ppwp-2024/perbandingan/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Perbandingan sumber" in page and "KPU Sirekap 2024" in page
    assert 'href="/hasil/ppwp-2024/perbandingan/32/?sumber=kpu_sirekap_2024"' in page
    desa = client.get(f"/hasil/ppwp-2024/perbandingan/{DESA}/", {"sumber": SOURCE}).content.decode()
    assert MISREAD in desa and "641" in desa and "Paslon 02" in desa
    assert f'href="/hasil/ppwp-2024/tps/{MISREAD}/"' in desa
    assert "<script" not in desa and "style=" not in desa


@pytest.mark.parametrize(
    "url",
    [
        "/hasil/ppwp-2024/perbandingan/3299/",
        "/hasil/ppwp-2024/perbandingan/32/?sumber=lain",
        "/hasil/ppwp-2024/perbandingan/32/?halaman=x",
        "/hasil/ppwp-2099/perbandingan/",
    ],
)
def test_the_page_is_a_404_for_what_does_not_exist(compared, client, url):
    assert client.get(url).status_code == 404


def test_the_2019_import_disagreements_are_the_comparisons_differences(geography, tmp_path):
    from suara.results.importers.load2019 import results_import_2019
    from suara.results.tests.support import crafted_rows, write

    header, rows = crafted_rows()
    results_import_2019(path=write(tmp_path, header, rows), actor=Actor.named("test"))
    found = comparison_get(contest="ppwp-2019", code="", source="kpu_situng_2019", page_size=MAX_PAGE_SIZE)
    flagged = sorted(r.tps_code for r in TpsResult.objects.all() if "J5" in r.flags)
    assert [row.code for row in found.rows] == flagged and found.counts.different == len(flagged) >= 1
    ours = set(TpsResult.objects.values_list("tps_code", flat=True))
    theirs = set(ExternalResult.objects.values_list("tps_code", flat=True))
    assert found.counts.external_only == len(theirs - ours) >= 1  # not reported, or breaking a rule
    assert found.counts.ours_only == len(ours - theirs) >= 1


def test_the_comparison_shows_the_published_numbers_not_the_raw_rows(compared, client):
    """Public reads come from snapshots: a result row that differs from what was published, or that was
    never published, changes nothing; a new snapshot of the TPS is what shows. (A submission publishes its
    TPS's snapshot in its own transaction, before any fold, so the fixture's unfolded results show, as
    they do on their public TPS pages, which the comparison links to.)"""
    unpublished = {**compared, "votes.1": compared["votes.1"] + 3, "votes.2": compared["votes.2"] - 3}
    TpsResult.objects.filter(tps_code=SAME).update(tally=unpublished)
    contest = TpsResult.objects.get(tps_code=SAME).contest
    TpsResult.objects.create(
        contest=contest,
        tps=CountTps.objects.get(election=contest.election, code=KPU_ONLY),
        tps_code=KPU_ONLY,
        version=1,
        tally=unpublished,
        updated_at=timezone.now(),
    )
    as_published = {"compared": 2, "equal": 1, "different": 1, "external_only": 1, "ours_only": 0}
    found = comparison_get(contest="ppwp-2024", code=DESA, source=SOURCE)
    assert counts(found) == as_published
    assert [(row.code, row.ours) for row in found.rows] == [(MISREAD, compared)]
    response = client.get(f"/api/v1/contests/ppwp-2024/comparison/{SAME}", {"source": SOURCE}).json()
    assert response["counts"]["equal"] == 1 and response["rows"] == []

    # What an approved correction publishes: the TPS's next snapshot, with the new numbers.
    snapshot_publish(contest_id=contest.pk, code=SAME, body={**published_body(SAME), "tally": nest(unpublished)})
    found = comparison_get(contest="ppwp-2024", code=DESA, source=SOURCE)
    assert counts(found) == as_published | {"equal": 0, "different": 2}
    assert [row.code for row in found.rows] == [SAME, MISREAD]
    assert found.rows[0].ours == unpublished and found.rows[0].fields == ["votes.1", "votes.2"]
    page = client.get(f"/hasil/ppwp-2024/perbandingan/{SAME}/", {"sumber": SOURCE}).content.decode()
    assert f">{unpublished['votes.1']}<" in page


def test_a_process_reuses_the_counts_beneath_a_region_for_a_while(compared, settings):
    """The counts cost seconds of database time at the national level: within
    SUARA_COMPARISON_CACHE_SECONDS a process answers from what it computed, and after it counts again."""
    settings.SUARA_COMPARISON_CACHE_SECONDS = 60
    before = counts(comparison_get(contest="ppwp-2024", code=DESA, source=SOURCE))
    contest = TpsResult.objects.get(tps_code=SAME).contest
    changed = {**compared, "votes.1": compared["votes.1"] + 3, "votes.2": compared["votes.2"] - 3}
    snapshot_publish(contest_id=contest.pk, code=SAME, body={**published_body(SAME), "tally": nest(changed)})
    assert counts(comparison_get(contest="ppwp-2024", code=DESA, source=SOURCE)) == before
    settings.SUARA_COMPARISON_CACHE_SECONDS = 0
    assert counts(comparison_get(contest="ppwp-2024", code=DESA, source=SOURCE))["different"] == before["different"] + 1


# What a source may say of a number: the same as ours, another, the same as a float, as text, or null.
ANSWERS = st.sampled_from(["same", "other", "float", "text", "null"])
EXTRA_KEYS = ["votes.9", "ballots.spare", "voted_other.j", "remarks", "dpt.j"]


def test_the_database_finds_a_difference_exactly_where_differing_fields_does(compared):
    """The database looks each of the source's numbers up in our nested snapshot tally; Python compares
    the flat tallies. For any source tally, both find the same difference (the rows' ``fields``)."""
    ours = unnest(published_body(MISREAD)["tally"])
    keys = sorted(ours) + EXTRA_KEYS

    def answer(key: str, kind: str):
        value = ours.get(key, 7)
        return {"same": value, "other": value + 1, "float": float(value), "text": str(value), "null": None}[kind]

    @given(st.dictionaries(st.sampled_from(keys), ANSWERS))
    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(answers):
        theirs = {key: answer(key, kind) for key, kind in answers.items()}
        ExternalResult.objects.filter(tps_code=MISREAD).update(tally=theirs)
        found = comparison_get(contest="ppwp-2024", code=MISREAD, source=SOURCE)
        expected = differing_fields(ours, theirs)
        assert counts(found)["compared"] == 1
        assert counts(found)["different"] == (1 if expected else 0)
        assert [row.fields for row in found.rows] == ([expected] if expected else [])

    run()


flat_keys = st.one_of(
    st.builds("votes.{}".format, st.integers(1, 20)),
    st.builds("ballots.{}".format, st.sampled_from(["received", "used", "unused", "damaged"])),
    st.builds("{}.{}".format, st.sampled_from(["dpt", "voted_dpt", "voted_total", "other"]), st.sampled_from("lpj")),
    st.sampled_from(["valid", "invalid", "total", "remarks"]),
)


@given(st.dictionaries(flat_keys, st.integers(0, 1000)))
def test_unnest_is_the_inverse_of_nest(tally):
    assert unnest(nest(tally)) == tally
