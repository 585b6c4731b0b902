"""suara dedup run and train: the report holds the proposed pairs' NIKs and the terminal none; bad
arguments are clear errors."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from suara.voters.models import DuplicatePair


def run(*args) -> str:
    out = StringIO()
    call_command("dedup", "run", *args, stdout=out)
    return out.getvalue()


def test_run_writes_the_report_and_keeps_niks_off_the_terminal(register, tmp_path, caplog):
    report = tmp_path / "ganda.csv"
    printed = run("--report", str(report))
    with open(report, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["nik_a"], r["nik_b"]) for r in rows] == [(register[0].nik, register[1].nik)]
    assert 0.5 <= float(rows[0]["probability"]) <= 1
    assert "1 pasangan diusulkan (1 baru)" in printed
    for voter in register:
        assert voter.nik not in printed and voter.nik not in caplog.text
    assert DuplicatePair.objects.count() == 1


def test_run_for_new_records_and_a_region(register, tmp_path):
    assert "8 pemilih terhadap seluruh daftar" in run("--since", "2000-01-01", "--report", str(tmp_path / "a.csv"))
    printed = run("--region", "3276", "--report", str(tmp_path / "b.csv"))
    assert "6 pemilih terhadap seluruh daftar" in printed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "3299"], "region_not_found"),
        (["--region", "32x"], "invalid_region_code"),
        (["--since", "22-11-2026"], "YYYY-MM-DD"),
        (["--new-batch", "tidak-ada"], "batch_not_found"),
        (["--region", "3276", "--since", "2026-01-01"], "Pilih salah satu"),
        (["--model", "/tidak/ada.json"], "Model tidak dapat dibaca"),
    ],
)
def test_run_refuses_bad_arguments(register, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--report", str(tmp_path / "x.csv"))
    assert not DuplicatePair.objects.exists()


def test_run_refuses_a_report_in_a_missing_folder(register, tmp_path):
    with pytest.raises(CommandError, match="Folder"):
        run("--report", str(tmp_path / "tidak" / "ada.csv"))


def test_train_refuses_missing_files_and_bad_versions(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("dedup", "train", "--voters", str(tmp_path / "v.csv"), "--truth", "t.csv", "--version", "x")
    (tmp_path / "v.csv").write_text("x")
    (tmp_path / "t.csv").write_text("x")
    with pytest.raises(CommandError, match="--version"):
        call_command(
            "dedup",
            "train",
            "--voters",
            str(tmp_path / "v.csv"),
            "--truth",
            str(tmp_path / "t.csv"),
            "--version",
            "../x",
        )


def test_train_writes_a_model_that_runs(tmp_path, register):
    import json

    from conftest import SLICE
    from suara.voters.dedup.model import load_model
    from suara.voters.synthetic.voters import SyntheticVoters, write_voters

    desa = [f"{kab}01100{n}" for kab in SLICE for n in range(1, 6)]
    generator = SyntheticVoters(desa, 3000, duplicates=0.02, seed=11)
    with open(tmp_path / "v.csv", "w", encoding="utf-8") as out, open(tmp_path / "t.csv", "w", encoding="utf-8") as t:
        write_voters(generator, out, t)
    printed = StringIO()
    model_file = tmp_path / "ganda-test.json"
    call_command(
        "dedup", "train", "--voters", str(tmp_path / "v.csv"), "--truth", str(tmp_path / "t.csv"),
        "--version", "ganda-test", "--out", str(model_file), stdout=printed,
    )  # fmt: skip
    model = load_model(model_file)
    assert model.version == "ganda-test" and 0.5 <= model.threshold <= 0.99
    assert json.loads(model_file.read_text())["trained"]["duplicates"] == 60
    assert "ambang 0.7: presisi" in printed.getvalue()
    for nik, _ in generator.truth:
        assert nik not in printed.getvalue()
    run("--model", str(model_file), "--report", str(tmp_path / "r.csv"))
    assert DuplicatePair.objects.get().model_version == "ganda-test"
