"""The recapitulation up the tiers: deltas folded into every level's kept totals exactly once, a snapshot
of every region touched (and of every region at all once counting is prepared), janggal flags counted up
the chain, and a rebuild from the TPS results that equals the kept totals."""

from __future__ import annotations

import random
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from conftest import consistent_tally, make_officer, photo_bytes
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.region_codes import ancestor_codes, codes_above, covers
from suara.elections.models import Contest, Election
from suara.results import anomalies
from suara.results.entry.corrections import correction_decide, correction_propose
from suara.results.entry.services import result_submit
from suara.results.geography import count_geography_prepare
from suara.results.models import (
    CountRegion,
    CountTps,
    ExternalResult,
    RecapDelta,
    RecapPointer,
    RegionTotal,
)
from suara.results.recap.bodies import (
    add_change,
    flag_summary,
    merge_summaries,
    summed_part,
)
from suara.results.recap.fold import fold_lock_try, recap_fold
from suara.results.recap.rebuild import recap_publish_all, recap_rebuild
from suara.results.tests.support import body, record_results

TPS = "3276011006001"
DESA, KECAMATAN, KOTA, PROVINSI = TPS[:10], TPS[:6], TPS[:4], TPS[:2]


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def ppwp() -> Contest:
    return Contest.objects.select_related("election").get(slug="ppwp-2024")


def submit(user, tps: str, tally: dict, sid: str):
    return result_submit(
        actor=Actor.of(user), contest="ppwp-2024", tps=tps, tally=tally, photos=[photo_bytes()], submission_id=sid
    ).version


def kept(code: str) -> RegionTotal:
    return RegionTotal.objects.get(contest__slug="ppwp-2024", region_code=code)


def kept_state() -> dict:
    return {
        r.region_code: (summed_part(r.totals), r.tps_reported)
        for r in RegionTotal.objects.filter(contest__slug="ppwp-2024")
    }


def fold_everything() -> int:
    folded = 0
    while batch := recap_fold():
        folded += batch
    return folded


# -- Pure parts ------------------------------------------------------------------------------------------------

numbers_dict = st.dictionaries(st.sampled_from(["votes.1", "votes.2", "valid", "dpt.j"]), st.integers(-50, 50))


@given(st.lists(numbers_dict, max_size=8))
def test_adding_changes_one_by_one_equals_adding_their_sum_and_drops_zeros(changes):
    one_by_one: dict = {}
    for change in changes:
        add_change(one_by_one, change)
    expected = {}
    for key in {k for c in changes for k in c}:
        value = sum(c.get(key, 0) for c in changes)
        if value:
            expected[key] = value
    assert one_by_one == expected


flags_by_tps = st.dictionaries(
    st.from_regex(r"3276011006[0-9]{3}", fullmatch=True),
    st.lists(st.sampled_from(sorted(anomalies.FLAGS)), unique=True, max_size=3),
    max_size=300,
)


@given(flags_by_tps, st.integers(0, 300))
def test_a_parent_summary_merged_from_its_children_equals_the_summary_of_all_its_tps(flags, cut):
    codes = sorted(flags)
    left = {c: flags[c] for c in codes[:cut]}
    right = {c: flags[c] for c in codes[cut:]}
    assert merge_summaries([flag_summary(left), flag_summary(right)]) == flag_summary(flags)


def test_a_tps_counts_towards_every_level_from_the_nation_down():
    assert codes_above(TPS) == ["", PROVINSI, KOTA, KECAMATAN, DESA]


def test_in_a_pilkada_a_tps_counts_from_the_contest_top_down():
    assert codes_above(TPS, KOTA) == [KOTA, KECAMATAN, DESA]
    assert codes_above(TPS, PROVINSI) == [PROVINSI, KOTA, KECAMATAN, DESA]


tps_codes = st.from_regex(r"[0-9]{13}", fullmatch=True)


@given(tps_codes, st.sampled_from([0, 2, 4]))
def test_every_region_a_tps_counts_towards_lies_in_the_area_and_has_its_crumbs_from_the_top(tps, cut):
    top = tps[:cut]
    above = codes_above(tps, top)
    assert above[0] == top and above[-1] == tps[:10]
    assert all(covers(top, code) for code in above)
    assert not any(covers(top, top[:n]) for n in (0, 2) if n < len(top))  # above the area: not counted
    for code in above:
        crumbs = ancestor_codes(code, top)
        assert crumbs == [c for c in above if len(c) < len(code) and c != ""]


# -- Folding ---------------------------------------------------------------------------------------------------


def test_a_fold_adds_every_delta_into_every_level_once_and_deletes_them(officers):
    submit(officers["kpps"], TPS, consistent_tally(votes=(40, 35, 25)), "sub-a-000001")
    submit(officers["kpps_002"], "3276011006002", consistent_tally(votes=(10, 20, 30), invalid=2), "sub-a-000002")
    submit(officers["kpps_bekasi"], "3275011001001", consistent_tally(votes=(1, 2, 3)), "sub-a-000003")
    assert recap_fold() == 3
    assert not RecapDelta.objects.exists()
    assert recap_fold() == 0
    national = kept("")
    assert national.tps_reported == 3
    assert {k: national.totals[k] for k in ("votes.1", "votes.2", "votes.3", "valid", "invalid")} == {
        "votes.1": 51,
        "votes.2": 57,
        "votes.3": 58,
        "valid": 166,
        "invalid": 12,
    }
    for code in (KOTA, KECAMATAN, DESA):
        assert kept(code).tps_reported == 2 and kept(code).totals["votes.3"] == 55
    assert kept("3275").tps_reported == 1 and kept("3275").totals["valid"] == 6
    assert kept(PROVINSI).tps_reported == 3 and kept(PROVINSI).totals["dpt.j"] == 600


def test_the_snapshots_of_touched_regions_carry_numbers_shares_children_and_ancestors(officers):
    submit(officers["kpps"], TPS, consistent_tally(votes=(60, 30, 10)), "sub-b-000001")
    recap_fold()
    kecamatan = body(KECAMATAN)
    region = CountRegion.objects.get(election__slug="pemilu-2024", code=KECAMATAN)
    assert (kecamatan["name"], kecamatan["level"], kecamatan["tps_expected"]) == (
        "PANCORAN MAS",
        3,
        region.tps_expected,
    )
    assert kecamatan["ancestors"] == [{"code": "32", "name": "JAWA BARAT"}, {"code": "3276", "name": "KOTA DEPOK"}]
    assert [(c["number"], c["votes"], c["share"]) for c in kecamatan["candidates"]] == [
        (1, 60, 0.6),
        (2, 30, 0.3),
        (3, 10, 0.1),
    ]
    assert (kecamatan["valid"], kecamatan["invalid"], kecamatan["total"], kecamatan["dpt"]) == (100, 5, 105, 200)
    assert (kecamatan["tps_reported"], kecamatan["locked"], kecamatan["version"]) == (1, None, 1)
    children = {c["code"]: c for c in kecamatan["children"]}
    assert set(children) == set(
        CountRegion.objects.filter(election__slug="pemilu-2024", parent_code=KECAMATAN).values_list("code", flat=True)
    )
    assert children[DESA]["votes"] == {"1": 60, "2": 30, "3": 10} and children[DESA]["tps_reported"] == 1
    desa = body(DESA)
    assert len(desa["children"]) == desa["tps_expected"] == CountTps.objects.filter(desa_code=DESA).count()
    first = desa["children"][0]
    assert (first["code"], first["number"], first["level"], first["tps_reported"]) == (TPS, 1, 5, 1)
    assert desa["children"][1]["tps_reported"] == 0 and desa["children"][1]["votes"] == {"1": 0, "2": 0, "3": 0}
    national = body("")
    assert (national["name"], national["level"], national["ancestors"]) == ("INDONESIA", 0, [])
    assert national["tps_expected"] == sum(
        CountRegion.objects.filter(election__slug="pemilu-2024", level=1).values_list("tps_expected", flat=True)
    )
    assert len(national["children"]) == 38 and national["contest"] == "ppwp-2024"
    assert national["election"] == "pemilu-2024" and national["flags"] == dict.fromkeys(anomalies.FLAGS, 0)


def test_every_region_has_a_snapshot_once_counting_is_prepared(officers):
    published = recap_publish_all(contest="ppwp-2024", actor=Actor.named("test"))
    regions = CountRegion.objects.filter(election__slug="pemilu-2024").count()
    assert published == regions + 1  # and the nation
    pointers = RecapPointer.objects.filter(contest__slug="ppwp-2024")
    assert pointers.exclude(code__regex=r"^[0-9]{13}$").count() == regions + 1
    aceh = body("11")
    assert (aceh["tps_reported"], aceh["children"], aceh["valid"]) == (0, [], 0)  # outside the slice: no kab/kota
    desa = body("3276091004")
    assert desa["tps_reported"] == 0 and len(desa["children"]) == desa["tps_expected"] > 0
    assert AuditEvent.objects.filter(action="results.recap_publish", object_code="ppwp-2024").count() == 1


def test_the_national_snapshot_shows_a_new_result_after_one_fold(officers):
    recap_publish_all(contest="ppwp-2024")
    before = body("")
    submit(officers["kpps_bekasi"], "3275011001001", consistent_tally(votes=(7, 8, 9)), "sub-c-000001")
    assert recap_fold() == 1
    after = body("")
    assert after["version"] == before["version"] + 1
    assert after["tps_reported"] == 1 and [c["votes"] for c in after["candidates"]] == [7, 8, 9]
    assert body("3275011001")["children"][0]["votes"] == {"1": 7, "2": 8, "3": 9}


def test_an_approved_correction_moves_the_totals_and_a_rejected_one_does_not(officers):
    submit(officers["kpps"], TPS, consistent_tally(votes=(40, 35, 25)), "sub-d-000001")
    recap_fold()
    reason = "Salah baca angka di formulir"
    first = correction_propose(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(votes=(30, 45, 25)),
        photos=[photo_bytes()],
        reason=reason,
        submission_id="corr-d-000001",
    ).version
    correction_decide(actor=Actor.of(officers["ppk"]), version_id=first.pk, approve=False)
    assert recap_fold() == 0
    assert kept("").totals["votes.1"] == 40
    second = correction_propose(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(votes=(30, 45, 25)),
        photos=[photo_bytes()],
        reason=reason,
        submission_id="corr-d-000002",
    ).version
    correction_decide(actor=Actor.of(officers["ppk"]), version_id=second.pk, approve=True)
    assert recap_fold() == 1
    assert (kept("").totals["votes.1"], kept("").totals["votes.2"], kept("").tps_reported) == (30, 45, 1)
    assert body(DESA)["children"][0]["flags"] == ["J3"]  # 10 of 100 votes moved: the threshold
    assert body("")["flags"]["J3"] == 1
    assert body(DESA)["children"][0]["votes"] == {"1": 30, "2": 45, "3": 25}


def test_janggal_flags_are_counted_up_the_chain_with_the_flagged_tps_listed(officers):
    tps = [f"3276011006{n:03d}" for n in range(1, 31)]
    unanimous = tps[5]

    def tally(code):
        if code == unanimous:
            return consistent_tally(votes=(150, 0, 0), invalid=0, dpt=(100, 100))
        return consistent_tally(votes=(40 + int(code[-1]) % 3, 35, 25))

    record_results(tps, tally)
    ExternalResult.objects.create(
        contest=ppwp(),
        tps_code=tps[0],
        source="sirekap",
        tally={**tally(tps[0]), "votes.1": 400},
        status=ExternalResult.Status.OK,
        imported_at=timezone.now(),
    )
    recap_fold()
    desa = body(DESA)
    rows = {c["code"]: c for c in desa["children"]}
    assert rows[unanimous]["flags"] == ["J2", "J4"]  # unanimous, and far from the other 29 TPS
    assert rows[tps[0]]["flags"] == ["J5"] and rows[tps[0]]["flagged"] == 1
    assert rows[tps[1]]["flags"] == [] and rows[tps[1]]["flagged"] == 0
    for code in (DESA, KECAMATAN, KOTA, PROVINSI, ""):
        snapshot = body(code)
        assert snapshot["flags"] == {"J1": 0, "J2": 1, "J3": 0, "J4": 1, "J5": 1}, code
        assert snapshot["flagged_tps"] == [
            {"code": tps[0], "flags": ["J5"]},
            {"code": unanimous, "flags": ["J2", "J4"]},
        ]
    assert {c["code"]: c["flagged"] for c in body(KECAMATAN)["children"]}[DESA] == 2


def test_j4_needs_ten_reported_tps_in_the_kecamatan(officers):
    tps = [f"3276011006{n:03d}" for n in range(1, 10)]
    record_results(tps, lambda code: consistent_tally(votes=(90, 5, 5) if code == tps[0] else (30, 40, 30)))
    recap_fold()
    assert body(DESA)["flags"]["J4"] == 0


def test_a_touch_delta_rechecks_a_tps_against_numbers_imported_later(officers):
    record_results([TPS])
    recap_fold()
    assert body(DESA)["flags"]["J5"] == 0
    ExternalResult.objects.create(
        contest=ppwp(),
        tps_code=TPS,
        source="sirekap",
        tally={**consistent_tally(), "votes.2": 36},
        status=ExternalResult.Status.OK,
        imported_at=timezone.now(),
    )
    RecapDelta.objects.create(contest=ppwp(), tps_code=TPS, delta={"tps_reported": 0})  # what an importer appends
    assert recap_fold() == 1
    assert body(DESA)["children"][0]["flags"] == ["J5"] and body("")["flags"]["J5"] == 1
    assert kept("").tps_reported == 1 and kept("").totals["votes.2"] == 35


def test_a_contest_over_one_kota_counts_only_its_own_subtree_with_the_kota_as_its_top(counting):
    pilkada = Election.objects.get(slug="pilkada-2024")
    count_geography_prepare(election=pilkada, actor=Actor.named("test"))
    contest = Contest.objects.get(slug="pilbup-2024-3276")  # its two pairs ship with Suara
    tps = [f"{DESA}{n:03d}" for n in range(1, 4)]
    record_results(tps, lambda code: consistent_tally(votes=(60, 40)), contest=contest.slug)
    assert recap_fold() == 3
    kota = CountRegion.objects.get(election=pilkada, code=KOTA)
    top = body(KOTA, contest.slug)
    assert (top["tps_reported"], top["tps_expected"]) == (3, kota.tps_expected)
    assert [c["votes"] for c in top["candidates"]] == [180, 120]
    assert top["ancestors"] == [] and top["level"] == 2 and top["missing"] == []
    assert body(KECAMATAN, contest.slug)["ancestors"] == [{"code": KOTA, "name": kota.name}]
    # Nothing above the area is kept or published: the nation and Jawa Barat are not part of this count.
    assert not RegionTotal.objects.filter(contest=contest, region_code__in=["", PROVINSI, "3275"]).exists()
    assert not RecapPointer.objects.filter(contest=contest, code__in=["", PROVINSI]).exists()
    published = recap_publish_all(contest=contest)
    below = CountRegion.objects.filter(election=pilkada, code__startswith=KOTA).count()
    assert published == below  # the kota and every region beneath it, nothing above
    assert recap_rebuild(contest=contest, actor=Actor.named("test")).matched


def test_a_governor_contest_tops_at_its_province(counting):
    pilkada = Election.objects.get(slug="pilkada-2024")
    count_geography_prepare(election=pilkada, actor=Actor.named("test"))
    contest = Contest.objects.get(slug="pilgub-2024-32")  # its four pairs ship with Suara
    votes = (10, 20, 30, 40)
    record_results([TPS, "3275011001001"], lambda code: consistent_tally(votes=votes), contest=contest.slug)
    assert recap_fold() == 2
    top = body(PROVINSI, contest.slug)
    assert top["tps_reported"] == 2 and top["ancestors"] == [] and top["level"] == 1
    assert {c["code"] for c in top["children"] if c["tps_reported"]} == {"3275", KOTA}
    assert not RegionTotal.objects.filter(contest=contest, region_code="").exists()
    assert recap_rebuild(contest=contest, actor=Actor.named("test")).matched


# -- Rebuild ---------------------------------------------------------------------------------------------------

RANDOM_TPS = [
    "3276011006001",
    "3276011006002",
    "3276011006003",
    "3276011007001",
    "3276021007001",
    "3276021007002",
    "3275011001001",
    "3275011001002",
]


def random_tally(rng: random.Random) -> dict:
    return consistent_tally(votes=tuple(rng.randint(0, 60) for _ in range(3)), invalid=rng.randint(0, 9))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rebuild_equals_the_kept_totals_after_submissions_and_corrections_folded_in_batches(counting, seed):
    rng = random.Random(seed)
    contest = ppwp()
    kpps = {code: make_officer(f"kpps_{code}", "kpps", code) for code in RANDOM_TPS}
    ppk = {kec: make_officer(f"ppk_{kec}", "ppk", kec) for kec in {code[:6] for code in RANDOM_TPS}}
    expected_votes = {}
    for i, code in enumerate(rng.sample(RANDOM_TPS, 6)):
        tally = random_tally(rng)
        submit(kpps[code], code, tally, f"sub-{seed}-{i:06d}")
        expected_votes[code] = tally
        if rng.random() < 0.5:
            recap_fold(contest_id=contest.pk, limit=rng.randint(1, 3))
    for i in range(6):
        code = rng.choice(sorted(expected_votes))
        tally = random_tally(rng)
        if tally == expected_votes[code]:
            continue
        version = correction_propose(
            actor=Actor.of(kpps[code]),
            contest="ppwp-2024",
            tps=code,
            tally=tally,
            photos=[photo_bytes()],
            reason="Salah salin dari formulir C.Hasil",
            submission_id=f"corr-{seed}-{i:06d}",
        ).version
        approve = rng.random() < 0.6
        correction_decide(actor=Actor.of(ppk[code[:6]]), version_id=version.pk, approve=approve)
        if approve:
            expected_votes[code] = tally
        if rng.random() < 0.5:
            recap_fold(contest_id=contest.pk, limit=rng.randint(1, 3))
    fold_everything()
    before = kept_state()
    assert before[""][1] == len(expected_votes)
    assert before[""][0]["votes.1"] == sum(t["votes.1"] for t in expected_votes.values())
    report = recap_rebuild(contest="ppwp-2024", actor=Actor.named("test"))
    assert report.matched and report.mismatched == [] and report.deltas_discarded == 0
    assert kept_state() == before
    assert report.tps_reported == len(expected_votes) and report.totals == before[""][0]
    assert body("")["tps_reported"] == len(expected_votes)


def test_rebuild_repairs_wrong_kept_totals_and_says_where_they_differed(officers):
    submit(officers["kpps"], TPS, consistent_tally(), "sub-f-000001")
    recap_fold()
    row = kept(KECAMATAN)
    row.totals["votes.1"] += 5
    row.save()
    report = recap_rebuild(contest="ppwp-2024", actor=Actor.named("test"))
    assert not report.matched and report.mismatched == [KECAMATAN]
    assert kept(KECAMATAN).totals["votes.1"] == 40 and body(KECAMATAN)["candidates"][0]["votes"] == 40
    event = AuditEvent.objects.get(action="results.recap_rebuild")
    assert event.actor == "test" and event.object_code == "ppwp-2024" and "BERBEDA di 1 wilayah" in event.summary


def test_rebuild_includes_pending_deltas_once_and_discards_them(officers):
    submit(officers["kpps"], TPS, consistent_tally(), "sub-g-000001")
    report = recap_rebuild(contest="ppwp-2024", actor=Actor.named("test"))
    assert report.matched and report.deltas_discarded == 1
    assert not RecapDelta.objects.exists() and recap_fold() == 0
    assert kept("").tps_reported == 1 and kept("").totals["votes.1"] == 40


# -- Concurrency -----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_folders_never_double_count(counting):
    if connection.vendor != "postgresql":
        pytest.skip("folders run concurrently on PostgreSQL; SQLite serialises every writer")
    contest = ppwp()
    tps = list(CountTps.objects.filter(desa_code__startswith=KECAMATAN).order_by("code").values_list("code", flat=True))
    record_results(tps[:60])
    held, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                assert fold_lock_try(contest.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(10)
    assert recap_fold(contest_id=contest.pk) == 0  # another folder holds the contest
    release.set()
    thread.join()

    folded = []

    def folder():
        try:
            while RecapDelta.objects.exists():
                folded.append(recap_fold(contest_id=contest.pk, limit=7))
        finally:
            connection.close()

    threads = [threading.Thread(target=folder) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(folded) == 60
    assert kept("").tps_reported == 60 and kept("").totals["votes.1"] == 60 * 40
    assert kept(KECAMATAN).totals["valid"] == 60 * 100
    assert recap_rebuild(contest="ppwp-2024", actor=Actor.named("test")).matched


@pytest.fixture
def geography_cache(settings):
    """The folding process's desa TPS cache switched on (it is off in tests), empty before and after."""
    from suara.results.recap import state as recap_state

    settings.SUARA_GEOGRAPHY_CACHE = True
    recap_state._desa_tps_numbers.clear()
    yield
    recap_state._desa_tps_numbers.clear()


def test_a_folding_process_keeps_each_desa_tps_and_reads_them_again_when_their_count_moves(officers, geography_cache):
    from django.db.models import F
    from django.test.utils import CaptureQueriesContext

    submit(officers["kpps"], TPS, consistent_tally(), "sub-g-000001")
    recap_fold()
    listed = [c["code"] for c in body(DESA)["children"]]
    assert listed == sorted(CountTps.objects.filter(desa_code=DESA).values_list("code", flat=True))

    submit(officers["kpps_002"], TPS[:10] + "002", consistent_tally(), "sub-g-000002")
    with CaptureQueriesContext(connection) as queries:
        recap_fold()
    assert not [q for q in queries if CountTps._meta.db_table in q["sql"]]
    assert [c["code"] for c in body(DESA)["children"]] == listed
    assert [c["tps_reported"] for c in body(DESA)["children"][:2]] == [1, 1]

    # Were a desa's TPS ever to change, its TPS count changes with them, and the desa is read afresh.
    election = CountTps.objects.get(code=TPS).election_id
    CountTps.objects.create(election_id=election, code=DESA + "901", desa_code=DESA, number=901)
    CountRegion.objects.filter(election_id=election, code=DESA).update(tps_expected=F("tps_expected") + 1)
    submit(make_officer("kpps_003", "kpps", DESA + "003"), DESA + "003", consistent_tally(), "sub-g-000003")
    recap_fold()
    assert [c["code"] for c in body(DESA)["children"]] == [*listed, DESA + "901"]
