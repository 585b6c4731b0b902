"""A contest's candidates from CSV: the file checked whole with every problem by line, set in one
transaction with one audit event, the same file again changing nothing, and no change once counted."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from conftest import consistent_tally
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, NotFound
from suara.elections.candidates_csv import COLUMNS, read_candidates
from suara.elections.models import Candidate, Contest
from suara.elections.services import candidates_import

BEKASI = "pilbup-2024-3275"
HEADER = ",".join(COLUMNS)


def csv_bytes(*rows: str, header: str = HEADER, comment: str = "# Sumber: uji") -> bytes:
    return "\n".join([comment, header, *rows]).encode()


GOOD = csv_bytes("1,Calon Satu,Wakil Satu,Partai A;Partai B", '2,"Calon Dua, S.H.",Wakil Dua,')


def load(data: bytes = GOOD, contest: str = BEKASI):
    return candidates_import(contest=contest, data=data, source_name="uji.csv", actor=Actor.named("kpu_bekasi"))


def test_a_file_sets_the_pairs_with_their_parties_in_one_audited_step(geography, pemilu_2024):
    before = AuditEvent.objects.count()
    report = load()
    assert (report.candidates, report.changed) == (2, True)
    pairs = list(Candidate.objects.filter(contest__slug=BEKASI).order_by("number"))
    assert [(c.number, c.name, c.kind) for c in pairs] == [
        (1, "Calon Satu – Wakil Satu", "pair"),
        (2, "Calon Dua, S.H. – Wakil Dua", "pair"),
    ]
    assert pairs[0].parties == ["Partai A", "Partai B"] and pairs[1].parties == []  # an independent pair
    event = AuditEvent.objects.get(action="elections.import_candidates")
    assert AuditEvent.objects.count() == before + 1 and event.object_code == BEKASI
    assert load().changed is False and AuditEvent.objects.count() == before + 1  # the same file again


def test_a_corrected_file_replaces_the_pairs_before_any_result(geography, pemilu_2024):
    load()
    load(csv_bytes("1,Calon Satu,Wakil Satu,Partai A"))
    assert list(Candidate.objects.filter(contest__slug=BEKASI).values_list("number", flat=True)) == [1]


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (csv_bytes("1,Calon,Wakil,", "3,Calon,Wakil,"), 0, "tanpa loncatan"),
        (csv_bytes("1,Calon,Wakil,", "1,Lain,Wakil,"), 4, "ganda"),
        (csv_bytes("0,Calon,Wakil,"), 3, "nomor urut"),
        (csv_bytes("satu,Calon,Wakil,"), 3, "nomor urut"),
        (csv_bytes("1,,Wakil,"), 3, "nama calon kosong"),
        (csv_bytes("1,Calon,Wakil"), 3, "jumlah kolom"),
        (csv_bytes("1,Calon,Wakil,A;;B"), 3, "nama partai kosong"),
        (csv_bytes("1,Calon,Wakil,A;A"), 3, "dua kali"),
        (csv_bytes("1,Calon\x07,Wakil,"), 3, "karakter kendali"),
        (csv_bytes("1," + "x" * 121 + ",Wakil,"), 3, "120"),
        (csv_bytes("1,Calon,Wakil,", header="no,nama,wakil,partai"), 2, "baris judul"),
        (csv_bytes(), 0, "tidak ada pasangan"),
        (b"\xff\xfe1,Calon", 0, "UTF-8"),
        (b"", 0, "kosong"),
    ],
)
def test_a_bad_file_is_refused_whole_with_each_problem_and_its_line(geography, pemilu_2024, data, line, fragment):
    with pytest.raises(DomainError) as err:
        load(data)
    assert err.value.code == "candidates_file_invalid" and err.value.status == 400
    assert any(d["line"] == line and fragment in d["message"] for d in err.value.details), err.value.details
    assert not Candidate.objects.filter(contest__slug=BEKASI).exists()
    assert not AuditEvent.objects.filter(action="elections.import_candidates").exists()


def test_an_unknown_contest_is_refused(pemilu_2024):
    with pytest.raises(NotFound):
        load(contest="pilbup-2024-9999")


def test_no_change_once_the_contest_has_a_result(officers):
    from conftest import make_officer, photo_bytes
    from suara.results.entry.services import result_submit
    from suara.results.geography import count_geography_prepare

    election = Contest.objects.get(slug=BEKASI).election
    count_geography_prepare(election=election, actor=Actor.named("test"))
    load()
    kpps = make_officer("kpps_pilkada", "kpps", "3275011001001")
    result_submit(
        actor=Actor.of(kpps),
        contest=BEKASI,
        tps="3275011001001",
        tally=consistent_tally(votes=(60, 40)),
        photos=[photo_bytes()],
        submission_id="pilkada-bekasi-01",
    )
    with pytest.raises(Conflict) as err:
        load(csv_bytes("1,Calon Lain,Wakil Lain,"))
    assert err.value.code == "results_exist"
    assert load().changed is False  # the same file is still fine: nothing would change


def test_published_empty_recaps_show_the_imported_pairs(counting):
    from suara.elections.models import Election
    from suara.results.geography import count_geography_prepare
    from suara.results.public.selectors import region_recap
    from suara.results.recap.rebuild import recap_publish_all

    count_geography_prepare(election=Election.objects.get(slug="pilkada-2024"), actor=Actor.named("test"))
    recap_publish_all(contest=BEKASI)
    assert region_recap(BEKASI, "").body["missing"] == ["candidates"]
    load()
    body = region_recap(BEKASI, "").body
    assert [c["number"] for c in body["candidates"]] == [1, 2] and body["missing"] == []


def test_the_command_loads_a_file_and_reports_problems_by_line(geography, pemilu_2024, tmp_path):
    good, bad = tmp_path / "calon.csv", tmp_path / "salah.csv"
    good.write_bytes(GOOD)
    bad.write_bytes(csv_bytes("1,Calon,Wakil,", "1,Lain,Wakil,"))
    out = io.StringIO()
    call_command("import_candidates", str(good), contest=BEKASI, stdout=out)
    assert "2 candidates (loaded)" in out.getvalue()
    with pytest.raises(CommandError, match="baris 4: nomor urut 1 ganda"):
        call_command("import_candidates", str(bad), contest=BEKASI)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_candidates", str(tmp_path / "tidak-ada.csv"), contest=BEKASI)


# The reader alone (no database) ---------------------------------------------------------------------------

names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
).map(lambda s: " ".join(s.split()))
parties = st.lists(names.filter(lambda s: s and ";" not in s), max_size=5, unique=True)
pairs = st.lists(st.tuples(names.filter(bool), names.filter(bool), parties), min_size=1, max_size=8)


@given(pairs)
def test_any_list_written_as_csv_reads_back_exactly(listed):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, (head, deputy, supporting) in enumerate(listed, start=1):
        writer.writerow([number, head, deputy, ";".join(supporting)])
    rows, problems = read_candidates(out.getvalue().encode())
    assert problems == []
    assert [(r.number, r.head_name, r.deputy_name, list(r.parties)) for r in rows] == [
        (n, h, d, p) for n, (h, d, p) in enumerate(listed, start=1)
    ]


@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_with_problems_never_an_exception(data):
    rows, problems = read_candidates(data)
    assert problems or rows
    assert all(p.line >= 0 and p.message for p in problems)


def test_the_shipped_files_are_sound_and_name_their_source():
    from importlib import resources

    for name in ("pilbup-2024-3276.csv", "pilgub-2024-32.csv"):
        data = resources.files("suara.elections").joinpath(f"data/candidates/{name}").read_bytes()
        rows, problems = read_candidates(data)
        assert problems == [] and rows, name
        assert b"# Sumber:" in data and b"23 September 2024" in data, name
