"""suara generate-voters: real desa codes under a region, the truth beside, clear errors."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from suara.voters.importing.source import COLUMNS


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_voters", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_import_format_with_desa_of_the_region_and_the_truth(kemendagri, tmp_path):
    out, truth = tmp_path / "voters.csv", tmp_path / "truth.csv"
    message = generate(
        "--region", "327601", "--count", "500", "--duplicates", "0.02", "--truth", str(truth), "--seed", "3",
        "--out", str(out),
    )  # fmt: skip
    assert "500 pemilih sintetis" in message and "10 ganda" in message
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 501
    desa_here = {code for code in kemendagri if code.startswith("327601")}
    assert {row[10] for row in rows[1:]} <= desa_here
    assert len({row[10] for row in rows[1:]}) > 3
    assert "Depok" in {row[3] for row in rows[1:]}  # the region's own kab/kota among the birth places
    with open(truth, newline="") as f:
        pairs = list(csv.reader(f))
    niks = {row[0] for row in rows[1:]}
    assert pairs[0] == ["nik_a", "nik_b"] and len(pairs) == 11
    assert all(a in niks and b in niks for a, b in pairs[1:])

    again = tmp_path / "again.csv"
    generate("--region", "32.76.01", "--count", "500", "--duplicates", "0.02", "--truth", str(tmp_path / "t2.csv"),
             "--seed", "3", "--out", str(again))  # fmt: skip
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "3299", "--count", "10"], "tidak dikenal"),
        (["--region", "3276", "--count", "0"], "--count"),
        (["--region", "3276", "--count", "10", "--duplicates", "0.9"], "--duplicates"),
        (["--region", "3276", "--count", "10", "--duplicates", "0.1"], "--truth"),
    ],
)
def test_bad_arguments_get_clear_errors(kemendagri, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        generate(*args, "--out", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()


def test_without_the_kemendagri_regions_it_says_what_to_run(db, tmp_path):
    with pytest.raises(CommandError, match="load-regions"):
        generate("--region", "3276", "--count", "10", "--out", str(tmp_path / "x.csv"))
