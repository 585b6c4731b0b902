"""suara import-voters: counts on stdout, the error report, the missing list in delta mode, clear errors.

The voters come from generate-voters, so the two commands are tested end to end."""

from __future__ import annotations

import csv
import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from suara.voters.management.commands.import_voters import ProgressBar
from suara.voters.models import Voter

TODAY = date(2026, 11, 22)


@pytest.fixture
def voters_file(kemendagri, fixed_today, tmp_path):
    fixed_today(TODAY)
    path = tmp_path / "voters.csv"
    call_command("generate_voters", "--region", "327601", "--count", "300", "--seed", "1", "--out", str(path),
                 stdout=StringIO())  # fmt: skip
    return path


def run(*args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("import_voters", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_it_imports_the_generated_file_and_reports_a_second_run(voters_file, tmp_path):
    output = run(str(voters_file), "--batch", "dpt-1")
    assert "Batch dpt-1 (CSV): 300 baris" in output
    assert "ditambahkan: 300" in output and "ditolak:     0" in output
    assert Voter.objects.count() == 300

    report = tmp_path / "errors.csv"
    output = run(str(voters_file), "--report", str(report))
    assert "ditambahkan: 0" in output and "nik_registered: 300" in output
    with open(report, newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0] == ["baris", "kode", "kolom", "keterangan"]
    assert len(lines) == 301 and lines[1][:3] == ["2", "nik_registered", "nik"]
    nik = voters_file.read_text().splitlines()[1].split(",")[0]
    assert nik not in report.read_text()


def test_delta_prints_its_counts_and_writes_the_missing_for_checking(voters_file, tmp_path):
    run(str(voters_file))
    lines = voters_file.read_text().splitlines()
    later = tmp_path / "later.csv"
    later.write_text("\n".join(lines[:-2]) + "\n")
    missing = tmp_path / "missing.csv"

    output = run(str(later), "--delta", "--missing", str(missing))

    assert "diubah:      0" in output and "tetap:       298" in output
    assert "tidak ada lagi dalam ekstrak (perlu verifikasi): 2" in output
    with open(missing, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["nik", "kode_desa"]
    assert sorted(row[0] for row in rows[1:]) == sorted(line.split(",")[0] for line in lines[-2:])
    assert Voter.objects.count() == 300


def test_the_format_is_sniffed_from_the_content_not_the_name(voters_file, tmp_path):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    with open(voters_file, newline="") as f:
        for row in csv.reader(f):
            sheet.append(row)
    disguised = tmp_path / "voters-really-xlsx.csv"
    book.save(disguised)
    output = run(str(disguised))
    assert "(XLSX): 300 baris" in output and "ditambahkan: 300" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/voters.csv"], "tidak dapat dibuka"),
        (["{file}", "--missing", "x.csv"], "--delta"),
        (["{bad}"], "import_bad_header"),
    ],
)
def test_bad_invocations_get_clear_errors(voters_file, tmp_path, args, message):
    bad = tmp_path / "bad.csv"
    bad.write_text("nik;nama\n")
    args = [a.format(file=voters_file, bad=bad) for a in args]
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert Voter.objects.count() == 0


class FakeTerminal(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_the_progress_bar_draws_on_a_terminal_and_prints_plain_counts_elsewhere():
    terminal = FakeTerminal(True)
    bar = ProgressBar(terminal, width=10)
    bar(20_000, 0.5)
    bar(40_000, 1.0)
    assert "\r[#####-----]  50%     20,000 baris" in terminal.getvalue()
    assert terminal.getvalue().endswith("\n")

    log = FakeTerminal(False)
    bar = ProgressBar(log)
    bar(20_000, 0.5)
    bar(40_000, 1.0)
    assert "\r" not in log.getvalue()
    assert log.getvalue().splitlines()[-1] == "40000 baris dibaca (100%)"
