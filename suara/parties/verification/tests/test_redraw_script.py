"""tools/redraw_sample.py, run as a separate process on the app's list export and the published seed,
prints the members the app drew, its replacements in order, and the frame's digest."""

import csv
import io
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from suara.audit.actors import Actor
from suara.parties.verification import services

pytestmark = pytest.mark.django_db
SCRIPT = Path(settings.PROJECT_DIR) / "tools" / "redraw_sample.py"
SEED = "fedcba9876543210fedcba9876543210"


def _run(path: Path, *args: str) -> dict:
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, "-I", str(SCRIPT), str(path), *args], capture_output=True, text=True, check=True, timeout=60
    )
    head, sections, current = {}, {}, None
    for line in done.stdout.splitlines():
        if line.endswith(":") and line[:-1] in ("sampel", "pengganti"):
            current = sections.setdefault(line[:-1], [])
        elif current is None:
            key, _, value = line.partition(": ")
            head[key] = value
        elif not line.startswith("urutan,"):
            current.append(next(csv.reader([line])))
    return head | sections


@pytest.mark.parametrize("count", [7, 120, 1333])
def test_the_script_redraws_the_apps_sample_and_replacements(parties, verifiers, listings, tmp_path, count):
    listings(parties["pkb"], count)
    depok = verifiers["depok"]
    sample = services.sample_draw(actor=Actor.of(depok), party_id=parties["pkb"].pk, kabkota_code="3276", seed=SEED)
    drawn = list(sample.members.filter(kind="sampel").order_by("number"))
    failed = drawn[::-1][: min(3, count - sample.size)]  # fail the last three, in that order
    replacements = []
    for sampled in failed:
        services.attempt_record(
            actor=Actor.of(depok),
            sample_id=sample.pk,
            sampled_id=sampled.pk,
            method="rumah",
            finding="denies",
            attempted_at=timezone.now(),
            key=f"attempt-{sampled.pk}",
        )
        services.member_decide(
            actor=Actor.of(depok),
            sample_id=sample.pk,
            sampled_id=sampled.pk,
            outcome="denies",
            key=f"decide-{sampled.pk}",
        )
        replacements.append(
            services.replacement_draw(actor=Actor.of(depok), sample_id=sample.pk, sampled_id=sampled.pk)
        )

    export = services.frame_export(actor=Actor.of(verifiers["pkb"]), sample_id=sample.pk)
    rows = list(csv.reader(io.StringIO(export)))
    shuffled = [rows[0], *random.Random(5).sample(rows[1:], len(rows) - 1)]  # an export re-sorted in a sheet
    path = tmp_path / "daftar.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(shuffled)

    out = _run(path, "--seed", SEED, "--replacements", str(len(failed)))
    assert out["algoritma"] == sample.algorithm
    assert (int(out["populasi"]), int(out["ukuran_sampel"]), int(out["awal"])) == (
        sample.population,
        sample.size,
        sample.start,
    )
    assert out["sidik_daftar"] == sample.frame_digest
    assert [(int(r[0]), int(r[1]), int(r[2])) for r in out["sampel"]] == [
        (s.number, s.position, s.member_id) for s in drawn
    ]
    assert [(int(r[0]), int(r[1]), int(r[2])) for r in out.get("pengganti", [])] == [
        (r.number, r.position, r.member_id) for r in replacements
    ]


def test_an_export_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("nama\nBudi\n", encoding="utf-8")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-I", str(SCRIPT), str(path), "--seed", SEED], capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0 and "id_listing" in done.stderr
