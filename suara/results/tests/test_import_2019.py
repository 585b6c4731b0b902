"""The 2019 import: a file built from real rows of pemilu2019_ppwp_tps.csv.gz (Aceh Barat, Kota Depok's
Pancoran Mas, Kabupaten Bekasi's Babelan, the first overseas posts) with a few numbers changed, imported
over the 2024 geography slice: 2024 codes where the names match, own codes elsewhere, the volunteers'
count as the result unless it breaks a rule, KPU's numbers beside it, and nothing applied from a bad file."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from hypothesis import assume, example, given
from hypothesis import strategies as st

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict
from suara.elections.models import Contest, Election
from suara.results import anomalies
from suara.results.importers import pemilu2019, write2019
from suara.results.importers.geography2019 import plan_geography
from suara.results.importers.load2019 import ImportFileInvalid, results_import_2019
from suara.results.importers.pemilu2019 import Row
from suara.results.importers.write2019 import SOURCE
from suara.results.models import (
    CountRegion,
    CountTps,
    ExternalResult,
    RecapPointer,
    RecapSnapshot,
    RegionTotal,
    ResultVersion,
    TpsResult,
)
from suara.results.recap.rebuild import recap_rebuild
from suara.results.rules import check
from suara.results.snapshots import tps_snapshot_body
from suara.results.tally import nest
from suara.results.tests.support import crafted_rows, depok, write

DEPOK = "3276011006"  # desa DEPOK, kecamatan PANCORAN MAS, KOTA DEPOK in 2024
COUNT_COLUMNS = ("kp_paslon1", "kp_paslon2", "kp_sah", "kp_tidak_sah", "kp_pengguna")


def line_of(rows: list[dict], row: dict) -> int:
    return rows.index(row) + 2  # after the header, counting from 1


@pytest.fixture
def imported(geography, tmp_path):
    header, rows = crafted_rows()
    path = write(tmp_path, header, rows)
    report = results_import_2019(path=path, actor=Actor.named("test"))
    return report, rows, path


def kp_numbers(row: dict) -> tuple[int, ...] | None:
    return None if any(row[c] == "" for c in COUNT_COLUMNS) else tuple(int(row[c]) for c in COUNT_COLUMNS)


def breaks(row: dict) -> set[str]:
    """The rules a row's count breaks, restated from the form's arithmetic: R1 candidates vs valid, R3
    voters vs valid + invalid (the file has no separate total)."""
    numbers = kp_numbers(row)
    if numbers is None:
        return set()
    paslon1, paslon2, valid, invalid, voted = numbers
    return {rule for rule, broken in (("R1", paslon1 + paslon2 != valid), ("R3", voted != valid + invalid)) if broken}


def counted(row: dict) -> bool:
    return kp_numbers(row) is not None and not breaks(row)


def expected_breaks(rows: list[dict]) -> dict[str, int]:
    return {rule: sum(rule in breaks(r) for r in rows) for rule in ("R1", "R3")}


def test_regions_take_the_2024_code_where_names_match_and_an_own_code_elsewhere(imported):
    report, rows, _ = imported
    election = Election.objects.get(slug="pemilu-2019")
    regions = dict(CountRegion.objects.filter(election=election).values_list("code", "name"))
    # Matched by name within the matched parent.
    assert regions["32"] == "JAWA BARAT" and regions["3276"] == "KOTA DEPOK" and regions["327601"] == "PANCORAN MAS"
    assert regions[DEPOK] == "DEPOK" and regions["3276011009"] == "MAMPANG"
    # The slice holds no kab/kota of Aceh: Aceh Barat takes the first own code under 11.
    assert regions["11"] == "ACEH" and regions["1199"] == "ACEH BARAT"
    # Kabupaten Bekasi is not Kota Bekasi (3275): an own code, the first free under 32.
    assert regions["3299"] == "BEKASI" and "3275" not in regions
    # Overseas is the pseudo-province 99, each kind of post a desa-level group.
    assert regions["99"] == "Luar Negeri"
    assert "Kabul - TPS" in regions.values() and "Kabul - POS" in regions.values()
    assert report.matched[1] == 2 and report.own[1] == 1  # Aceh, Jawa Barat; Luar Negeri
    assert report.matched[3] == 1 and report.matched[4] == 2  # Pancoran Mas; Depok and Mampang
    desa = CountRegion.objects.get(election=election, code=DEPOK)
    assert desa.source_ref == "desa_id 32474" and desa.parent_code == "327601" and desa.level == 4
    assert desa.tps_expected == sum(1 for r in rows if r["desa_id"] == "32474")


def test_every_row_is_a_tps_with_its_register(imported):
    report, rows, _ = imported
    assert report.rows == report.tps == len(rows) == CountTps.objects.count()
    tps = CountTps.objects.get(code=f"{DEPOK}002")
    assert (tps.desa_code, tps.number, tps.dpt_l, tps.dpt_p, tps.source_ref) == (DEPOK, 2, 73, 88, "32474/2")
    overseas = CountTps.objects.filter(code__startswith="99")
    assert overseas.count() == 12 and {t.dpt_l for t in overseas} == {None}  # the source's -1: unknown
    pos = CountTps.objects.get(source_ref="-990964/1001")  # KJRI Cape Town's first postal post
    assert pos.number == 1 and pos.code.endswith("001")
    assert CountRegion.objects.get(code=pos.desa_code).name == "Cape Town - POS"


def test_counted_rows_become_a_result_with_one_accepted_import_version(imported):
    report, rows, _ = imported
    result = TpsResult.objects.get(tps_code=f"{DEPOK}004")
    assert result.tally == {
        "votes.1": 50,
        "votes.2": 56,
        "valid": 106,
        "invalid": 0,
        "total": 106,
        "voted_total.j": 106,
        "dpt.l": 59,
        "dpt.p": 71,
        "dpt.j": 130,
    }
    version = result.versions.get()
    assert (version.number, version.kind, version.status) == (1, "import", "accepted")
    assert version.submitted_by == "import:kawalpemilu" and version.submission_id is None
    assert version.tally == result.tally
    assert report.counted == TpsResult.objects.count() == ResultVersion.objects.count()


def test_unreported_and_rule_breaking_rows_are_not_counted_and_are_reported(imported):
    report, rows, _ = imported
    assert CountTps.objects.filter(code=f"{DEPOK}001").exists()
    assert not TpsResult.objects.filter(tps_code__in=[f"{DEPOK}001", f"{DEPOK}002", f"{DEPOK}005"]).exists()
    broken = {b.tps_code: b for b in report.broken}
    assert broken[f"{DEPOK}002"].rules == "R1" and broken[f"{DEPOK}002"].line == line_of(rows, depok(rows, 2))
    assert broken[f"{DEPOK}005"].rules == "R3" and broken[f"{DEPOK}005"].desa == "DEPOK"
    assert f"{DEPOK}001" not in broken
    assert dict(report.rule_counts) == {k: v for k, v in expected_breaks(rows).items() if v}
    unreported = sum(1 for r in rows if any(r[c] == "" for c in COUNT_COLUMNS))
    assert report.not_reported == unreported
    assert report.counted + len(report.broken) + report.not_reported == len(rows)


def test_kpu_numbers_are_kept_beside_ours_with_their_status_and_disagreement_flagged(imported):
    report, rows, _ = imported
    three = ExternalResult.objects.get(tps_code=f"{DEPOK}003", source=SOURCE)
    assert three.status == "ok" and three.tally["votes.1"] == 123 and three.rules == ""
    assert "J5" in TpsResult.objects.get(tps_code=f"{DEPOK}003").flags
    assert "J5" not in TpsResult.objects.get(tps_code=f"{DEPOK}007").flags
    assert not ExternalResult.objects.filter(tps_code=f"{DEPOK}004").exists()
    six = ExternalResult.objects.get(tps_code=f"{DEPOK}006")
    assert six.status == "breach" and six.rules == "R3"
    with_kpu = sum(1 for r in rows if r["kpu_sah"] != "")
    assert ExternalResult.objects.count() == sum(report.external.values()) == with_kpu


def test_each_counted_tps_has_its_public_snapshot_and_the_recap_is_rebuilt(imported):
    report, rows, _ = imported
    result = TpsResult.objects.get(tps_code=f"{DEPOK}003")
    pointer = RecapPointer.objects.get(contest=result.contest, code=result.tps_code)
    assert pointer.version == 1 and pointer.snapshot.body == tps_snapshot_body(result)
    tps_pointers = [code for code in RecapPointer.objects.values_list("code", flat=True) if len(code) == 13]
    assert len(tps_pointers) == report.counted
    national = RecapPointer.objects.get(contest=result.contest, code="").snapshot.body
    assert national["tps_reported"] == report.counted == sum(counted(r) for r in rows)
    desa = RecapPointer.objects.get(contest=result.contest, code=DEPOK).snapshot.body
    assert desa["valid"] == sum(int(r["kp_sah"]) for r in rows if r["desa_id"] == "32474" and counted(r))


def test_one_audit_event_for_the_import_naming_the_file(imported):
    report, _, _ = imported
    event = AuditEvent.objects.get(action="results.import_2019")
    assert event.object_code == "ppwp-2019" and event.summary.startswith(f"sha256 {report.digest}")
    contest = Contest.objects.get(slug="ppwp-2019")
    assert contest.election.voting_day.isoformat() == "2019-04-17" and contest.region_code == ""
    assert [c.name for c in contest.candidates.order_by("number")] == [
        "Joko Widodo – Ma'ruf Amin",
        "Prabowo Subianto – Sandiaga Uno",
    ]


def test_the_same_file_again_changes_nothing(imported):
    report, _, path = imported
    counts = [
        m.objects.count() for m in (CountTps, TpsResult, ResultVersion, ExternalResult, RecapSnapshot, AuditEvent)
    ]
    again = results_import_2019(path=path, actor=Actor.named("test"))
    assert not again.changed and again.digest == report.digest
    assert [
        m.objects.count() for m in (CountTps, TpsResult, ResultVersion, ExternalResult, RecapSnapshot, AuditEvent)
    ] == counts


def test_another_file_into_the_same_contest_is_refused(imported, tmp_path):
    header, rows = crafted_rows()
    other = write(tmp_path, header, rows[:50], name="other.csv.gz")
    before = TpsResult.objects.count()
    with pytest.raises(Conflict) as err:
        results_import_2019(path=other, actor=Actor.named("test"))
    assert err.value.code == "results_already_imported"
    assert TpsResult.objects.count() == before


def test_the_command_prints_rule_counts_and_writes_the_report(geography, tmp_path):
    header, rows = crafted_rows()
    path = write(tmp_path, header, rows)
    out = io.StringIO()
    call_command("import_results_2019", str(path), report=str(tmp_path / "r.csv"), stdout=out)
    text = out.getvalue()
    rule_counts = expected_breaks(rows)
    assert f"R1: {rule_counts['R1']} rows" in text and f"R3: {rule_counts['R3']} rows" in text
    assert "provinsi: 2 with the 2024 KPU code, 1 own code" in text
    with open(tmp_path / "r.csv", encoding="utf-8", newline="") as f:
        report = list(csv.DictReader(f))
    assert list(report[0]) == ["line", "tps_code", "provinsi", "kabkota", "kecamatan", "desa", "no_tps", "rules"]
    assert {"tps_code": f"{DEPOK}002", "rules": "R1", "no_tps": "2"}.items() <= next(
        r for r in report if r["tps_code"] == f"{DEPOK}002"
    ).items()
    assert len(report) == sum(bool(breaks(r)) for r in rows)
    again = io.StringIO()
    call_command("import_results_2019", str(path), stdout=again)
    assert "Already imported" in again.getvalue() and "nothing changed" in again.getvalue()


def nothing_applied() -> bool:
    return not (
        Election.objects.filter(slug="pemilu-2019").exists()
        or CountRegion.objects.exists()
        or CountTps.objects.exists()
        or TpsResult.objects.exists()
        or AuditEvent.objects.filter(action="results.import_2019").exists()
    )


def _drop_column(header, rows):
    return [c for c in header if c != "kp_sah"], rows


def _not_a_number(header, rows):
    rows[40]["kp_paslon2"] = "12a"
    return header, rows


def _duplicate_tps(header, rows):
    rows[60] = dict(rows[59])
    return header, rows


def _tps_number_out_of_range(header, rows):
    rows[70]["no_tps"] = "1000"
    return header, rows


def _desa_id_renamed(header, rows):
    rows[80]["desa"] = "NAMA LAIN"
    return header, rows


@pytest.mark.parametrize(
    ("spoil", "line", "reason"),
    [
        (_drop_column, 1, "kolom tidak ada: kp_sah"),
        (_not_a_number, 42, "kp_paslon2 bukan bilangan bulat"),
        (_duplicate_tps, 62, "ganda (sudah ada di baris 61)"),
        (_tps_number_out_of_range, 72, "no_tps 1000 di luar 1-999"),
        (_desa_id_renamed, 82, "bernama lain"),
    ],
)
def test_a_malformed_file_is_refused_with_its_line_and_nothing_applied(geography, tmp_path, spoil, line, reason):
    header, rows = spoil(*crafted_rows())
    path = write(tmp_path, header, rows)
    with pytest.raises(ImportFileInvalid) as err:
        results_import_2019(path=path, actor=Actor.named("test"))
    problem = err.value.problems[0]
    assert problem.line == line and reason in problem.reason
    assert err.value.code == "import_file_invalid" and err.value.details[0]["line"] == line
    assert nothing_applied()


def test_a_row_with_too_few_columns_and_a_truncated_file_are_refused(geography, tmp_path):
    header, rows = crafted_rows()
    path = write(tmp_path, header, rows[:10], raw_lines=["ACEH,ACEH BARAT,BUBON,KUTA PADANG,1,9\n"])
    with pytest.raises(ImportFileInvalid) as err:
        results_import_2019(path=path, actor=Actor.named("test"))
    assert (err.value.problems[0].line, err.value.problems[0].reason) == (12, f"6 kolom, seharusnya {len(header)}")
    whole = write(tmp_path, header, rows, name="whole.csv.gz").read_bytes()
    truncated = tmp_path / "truncated.csv.gz"
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImportFileInvalid) as err:
        results_import_2019(path=truncated, actor=Actor.named("test"))
    assert "tidak dapat dibaca" in err.value.problems[-1].reason
    assert nothing_applied()


def test_the_command_shows_the_problems(geography, tmp_path):
    header, rows = _not_a_number(*crafted_rows())
    path = write(tmp_path, header, rows)
    with pytest.raises(CommandError) as err:
        call_command("import_results_2019", str(path))
    assert "baris 42: kp_paslon2 bukan bilangan bulat: '12a'" in str(err.value)
    assert nothing_applied()


def test_without_the_2024_geography_every_region_gets_an_own_code(db, tmp_path):
    header, rows = crafted_rows()
    report = results_import_2019(path=write(tmp_path, header, rows), actor=Actor.named("test"))
    assert sum(report.matched.values()) == 0
    regions = dict(CountRegion.objects.values_list("name", "code").filter(level=1))
    # Provinces from 98 down, by name; overseas keeps KPU's pseudo-province 99.
    assert regions == {"ACEH": "98", "JAWA BARAT": "97", "Luar Negeri": "99"}
    assert TpsResult.objects.filter(tps_code__startswith="97").exists()


# The code plan alone (no database) ------------------------------------------------------------------------

place_names = st.text(alphabet="ABCDEKOT ", min_size=1, max_size=8).map(lambda s: " ".join(s.split())).filter(bool)


def plan_rows(kab_names: list[str]) -> list[Row]:
    return [
        Row(i + 2, "JAWA BARAT", name, "KEC", "DESA", str(i), 1, 1, 1, (None,) * 5, (None,) * 5, False)
        for i, name in enumerate(kab_names)
    ]


@given(
    st.lists(place_names, min_size=1, max_size=30, unique=True),
    st.dictionaries(st.integers(1, 99).map(lambda n: f"32{n:02d}"), place_names, max_size=40),
)
def test_codes_are_unique_own_codes_never_take_a_2024_code_and_row_order_does_not_matter(kab_names, known_kab):
    known = {"": {"32": "JAWA BARAT"}, "32": known_kab}
    plan = plan_geography(plan_rows(kab_names), known)
    kabs = [r for r in plan.regions if r.level == 2]
    assert len({r.code for r in kabs}) == len(kab_names)
    assert all((r.code in known_kab) == r.matched for r in kabs)
    assert all(r.code.startswith("32") and len(r.code) == 4 for r in kabs)
    again = plan_geography(list(reversed(plan_rows(kab_names))), known)
    assert sorted((r.code, r.name) for r in again.regions) == sorted((r.code, r.name) for r in plan.regions)


def _published(contest: Contest) -> dict[str, dict]:
    """Every region's current snapshot body, without what a republish changes by itself."""
    pointers = RecapPointer.objects.filter(contest=contest).select_related("snapshot")
    return {
        p.code: {k: v for k, v in p.snapshot.body.items() if k not in ("version", "updated_at")}
        for p in pointers
        if len(p.code) < 13
    }


def test_the_recap_of_the_import_is_exactly_what_a_rebuild_from_the_results_makes(imported):
    """The import computes the recap from the rows in memory; a rebuild reads the stored results back."""
    report, _, _ = imported
    contest = Contest.objects.get(slug="ppwp-2019")
    bodies = _published(contest)
    totals = {t.region_code: (t.totals, t.tps_reported) for t in RegionTotal.objects.filter(contest=contest)}
    assert bodies[""]["tps_reported"] == report.counted and len(bodies) == CountRegion.objects.count() + 1
    assert {v for p in RecapPointer.objects.filter(contest=contest) for v in [p.version]} == {1}
    assert sum(bodies[""]["flags"].values()) > 0  # some flags to compare, J4 among them
    rebuilt = recap_rebuild(contest=contest, actor=Actor.named("test"))
    assert rebuilt.matched and rebuilt.regions == len(totals)
    assert {t.region_code: (t.totals, t.tps_reported) for t in RegionTotal.objects.filter(contest=contest)} == totals
    assert _published(contest) == bodies


numbers = st.one_of(st.none(), st.integers(-3, 400))
small = st.integers(-1, 300)
slip = st.sampled_from([0, 0, 0, 1, -1])


@st.composite
def kp_numbers_mostly_consistent(draw) -> tuple:
    """paslon1, paslon2, valid, invalid, voted: consistent but for a slip here and there (or a gap)."""
    one, two, invalid = draw(small), draw(small), draw(small)
    valid = one + two + draw(slip)
    numbers = [one, two, valid, invalid, valid + invalid + draw(slip)]
    if draw(st.integers(0, 9)) == 0:
        numbers[draw(st.integers(0, 4))] = None
    return tuple(numbers)


@given(kp_numbers_mostly_consistent(), st.tuples(*[numbers] * 5), numbers, numbers)
def test_the_quick_rule_check_agrees_with_the_rules_module(kp, kpu, dpt_l, dpt_p):
    """``broken_rules`` skips ``rules.check`` for a plainly fine row: it must decide as the check would."""
    row = Row(2, "JAWA BARAT", "KOTA DEPOK", "PANCORAN MAS", "DEPOK", "1", 1, dpt_l, dpt_p, kpu, kp, False)
    tallies = [t for t in (pemilu2019.kp_tally(row), pemilu2019.kpu_tally(row)) if t is not None]
    assume(tallies)
    for tally in tallies:
        expected = tuple(dict.fromkeys(b.code for b in check(tally, ballot_numbers=[1, 2])))
        assert pemilu2019.broken_rules(tally) == expected


def test_a_failing_bulk_write_in_the_background_applies_nothing(geography, tmp_path, monkeypatch):
    """On PostgreSQL the versions are written by a second thread on the same transaction: its database
    error reaches the caller as Django's and the whole import rolls back."""

    def broken_versions(self, cursor, tables):
        cursor.execute("INSERT INTO no_such_table VALUES (1)")

    monkeypatch.setattr(write2019.Writer, "_versions", broken_versions)
    header, rows = crafted_rows()
    with pytest.raises(DatabaseError):
        results_import_2019(path=write(tmp_path, header, rows), actor=Actor.named("test"))
    assert nothing_applied() and not RecapSnapshot.objects.exists() and not ExternalResult.objects.exists()


@given(kp_numbers_mostly_consistent(), st.tuples(*[numbers] * 5), numbers, numbers)
def test_tallies_formatted_directly_are_the_json_of_the_tally(kp, kpu, dpt_l, dpt_p):
    row = Row(2, "JAWA BARAT", "KOTA DEPOK", "PANCORAN MAS", "DEPOK", "1", 1, dpt_l, dpt_p, kpu, kp, False)
    tallies = [t for t in (pemilu2019.kp_tally(row), pemilu2019.kpu_tally(row)) if t is not None]
    assume(tallies)
    for tally in tallies:
        assert json.loads(write2019.tally_json(tally)) == tally
        assert json.loads(write2019.nested_json(tally)) == nest(tally)


@st.composite
def counted_rows_near_the_flags(draw) -> Row:
    """Consistent rows whose numbers sit on either side of J1's and J2's thresholds."""
    one = draw(st.one_of(st.integers(0, 300), st.integers(98, 102)))
    two = draw(st.sampled_from([0, 0, 1, 7, 60]))
    invalid = draw(st.integers(0, 4))
    total = one + two + invalid
    dpt = draw(st.one_of(st.none(), st.integers(-2, 2).map(lambda d: max(total + d, 0)), st.integers(0, 400)))
    return counted_row((one, two, one + two, invalid, total), dpt)


def counted_row(kp: tuple, dpt: int | None) -> Row:
    dpt_l, dpt_p = (None, None) if dpt is None else (dpt // 2, dpt - dpt // 2)
    return Row(2, "JAWA BARAT", "KOTA DEPOK", "PANCORAN MAS", "DEPOK", "1", 1, dpt_l, dpt_p, (None,) * 5, kp, False)


@given(counted_rows_near_the_flags())
@example(counted_row((100, 0, 100, 2, 102), 102))  # J2 at exactly 100 valid votes; J1 not at total = DPT
@example(counted_row((99, 0, 99, 2, 101), 100))  # J1 one vote above the register; J2 not below 100
def test_the_quick_flags_agree_with_the_anomalies_module(row):
    tally = pemilu2019.kp_tally(row)
    assert not pemilu2019.broken_rules(tally)
    assert pemilu2019.own_flags(tally) == anomalies.tps_flags(tally, contest_ballots=[1, 2])
