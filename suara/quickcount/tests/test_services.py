"""The quick count's services: a design from the frame, a draw anyone can redraw, enumerators at their
sampled TPS, reports under the official tally rules, and every refusal with its code."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from suara.accounts.models import RoleAssignment, User
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.quickcount import selectors, services
from suara.quickcount.models import QuickCount, QuickCountReport, SampledTps
from suara.quickcount.tests.conftest import CONTEST, tally_for

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[3]


def test_a_design_spreads_the_sample_over_the_contests_strata(people):
    qc = services.quickcount_create(actor=Actor.of(people["operator"]), organisation="lembaga-uji", contest=CONTEST,
                                    name="Uji", margin=0.02)  # fmt: skip
    assert qc.status == QuickCount.Status.DESIGNED
    assert qc.frame_tps == sum(v["frame"] for v in qc.strata.values()) > 0
    assert qc.sample_size == sum(v["sample"] for v in qc.strata.values())
    assert qc.design_effect > 1
    assert AuditEvent.objects.filter(action="quickcount.create", object_code=str(qc.pk)).count() == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"sample_size": 10**6}, "sample_larger_than_frame"),
        ({"margin": 0}, "margin_invalid"),
        ({"margin": 0.7}, "margin_invalid"),
        ({"allocation": "acak"}, "allocation_unknown"),
        ({"name": "   "}, "quick_count_name_required"),
        ({"contest": "tidak-ada"}, "contest_unknown"),
        ({"reserve_rate": 2}, "reserve_rate_invalid"),
    ],
)
def test_a_design_that_cannot_be_made_is_refused_and_leaves_nothing(people, changes, code):
    arguments = {"organisation": "lembaga-uji", "contest": CONTEST, "name": "Uji", "margin": 0.02} | changes
    with pytest.raises(DomainError) as caught:
        services.quickcount_create(actor=Actor.of(people["operator"]), **arguments)
    assert caught.value.code == code
    assert not QuickCount.objects.exists()


def test_only_the_organisations_operator_designs_and_only_for_a_surveyor(people, institution):
    with pytest.raises(DomainError) as caught:
        services.quickcount_create(actor=Actor.of(people["other_org"]), organisation="lembaga-uji", contest=CONTEST,
                                   name="Uji", margin=0.02)  # fmt: skip
    assert caught.value.code == "forbidden"
    with pytest.raises(DomainError) as caught:
        services.quickcount_create(
            actor=Actor.of(people["ormas"]), organisation="ormas", contest=CONTEST, name="U", margin=0.02
        )
    assert caught.value.code == "not_a_surveyor"


def test_the_draw_is_kept_once_and_redrawn_by_the_stand_alone_script(drawn, people, tmp_path):
    assert drawn.status == QuickCount.Status.DRAWN and len(drawn.seed) == 32
    sample = SampledTps.objects.filter(quick_count=drawn, kind=SampledTps.Kind.SAMPLE)
    assert sample.count() == 30
    with pytest.raises(DomainError) as caught:
        services.quickcount_draw(actor=Actor.of(people["operator"]), quick_count_id=drawn.pk)
    assert caught.value.code == "already_drawn"
    frame = tmp_path / "kerangka.csv"
    with open(frame, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["kode_tps", "strata", "dpt"])
        for tps in selectors.frame_of(drawn.contest).tps:
            writer.writerow([tps.code, tps.stratum, tps.registered or ""])
    strata = {k: {"sample": v["sample"], "reserve": v["reserve"]} for k, v in drawn.strata.items()}
    design = {"algorithm": drawn.algorithm, "seed": drawn.seed, "frame_digest": drawn.frame_digest, "strata": strata}
    (tmp_path / "desain.json").write_text(json.dumps(design))
    script = str(REPO / "tools" / "redraw_quickcount.py")
    out = subprocess.run(
        [sys.executable, script, str(frame), str(tmp_path / "desain.json")], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.split(",") for line in out.splitlines()[1:]]
    assert out.splitlines()[0] == f"frame_digest,{drawn.frame_digest}"
    assert sorted(code for _, code, kind, _ in lines if kind == "sampel") == sorted(s.tps_code for s in sample)


def test_every_sampled_tps_gets_one_enumerator_account(drawn):
    sample = SampledTps.objects.filter(quick_count=drawn, kind=SampledTps.Kind.SAMPLE)
    assert sample.filter(enumerator__isnull=True).count() == 0
    tps = sample.first()
    assert tps.enumerator.username == f"enum-{drawn.pk}-{tps.tps_code}"
    assert RoleAssignment.objects.get(user=tps.enumerator).scope == tps.tps_code


def _enumerator(drawn, index=0) -> tuple[User, str]:
    tps = SampledTps.objects.filter(quick_count=drawn, kind=SampledTps.Kind.SAMPLE).order_by("tps_code")[index]
    return tps.enumerator, tps.tps_code


def test_an_enumerator_reports_once_and_a_retry_answers_the_same(drawn):
    user, tps = _enumerator(drawn)
    same = {"quick_count_id": drawn.pk, "tps": tps, "tally": tally_for(50, 30, 20), "submission_id": "laporan-0001"}
    report, created = services.report_submit(actor=Actor.of(user), **same)
    again, created_again = services.report_submit(actor=Actor.of(user), **same)
    assert created and not created_again and again.pk == report.pk
    assert report.votes == [50, 30, 20] and report.voted == 103
    with pytest.raises(DomainError) as caught:
        services.report_submit(actor=Actor.of(user), quick_count_id=drawn.pk, tps=tps, tally=tally_for(51, 29, 20),
                               submission_id="laporan-0002")  # fmt: skip
    assert caught.value.code == "report_exists"
    assert QuickCountReport.objects.count() == 1
    assert AuditEvent.objects.filter(action="quickcount.report").count() == 1


def test_a_report_breaking_the_tally_rules_is_refused_with_them(drawn):
    user, tps = _enumerator(drawn)
    broken = tally_for(50, 30, 20) | {"valid": 99}
    with pytest.raises(DomainError) as caught:
        services.report_submit(actor=Actor.of(user), quick_count_id=drawn.pk, tps=tps, tally=broken,
                               submission_id="laporan-0001")  # fmt: skip
    assert caught.value.code == "rules_broken"
    assert {d["code"] for d in caught.value.details} >= {"R1"}
    assert not QuickCountReport.objects.exists()


def test_an_enumerator_cannot_report_another_tps_nor_a_kpps_a_sampled_one(drawn, people):
    user, _ = _enumerator(drawn, 0)
    _, other = _enumerator(drawn, 1)
    for actor, tps, code in (
        (Actor.of(user), other, "forbidden"),
        (Actor.of(user), "12345", "quick_count_tps_invalid"),
        (Actor.of(people["kpps"]), other, "forbidden"),
    ):
        with pytest.raises(DomainError) as caught:
            services.report_submit(actor=actor, quick_count_id=drawn.pk, tps=tps, tally=tally_for(1, 1, 1),
                                   submission_id="laporan-0001")  # fmt: skip
        assert caught.value.code == code
    assert not QuickCountReport.objects.exists()


def test_the_estimate_follows_the_reports_with_intervals_and_a_timeline(drawn):
    for i in range(12):
        user, tps = _enumerator(drawn, i)
        services.report_submit(actor=Actor.of(user), quick_count_id=drawn.pk, tps=tps,
                               tally=tally_for(60 + i, 30, 10), submission_id=f"laporan-{i:04d}")  # fmt: skip
    body = selectors.estimate_body(drawn, selectors.estimate_of(drawn))
    assert body["reported"] == 12 and body["sampled"] == 30
    first = body["candidates"][0]
    assert first["taylor"][0] <= first["share"] <= first["taylor"][1]
    assert first["bootstrap"][0] <= first["share"] <= first["bootstrap"][1]
    assert sum(c["share"] for c in body["candidates"]) == pytest.approx(100, abs=0.05)
    assert body["leader"]["number"] == 1 and body["leader"]["probability"] > 0.99
    assert drawn.snapshots.count() >= 1
    assert "bukan hasil resmi KPU" in body["disclaimer"]


def test_the_frame_export_is_the_design_frame(drawn):
    rows = list(
        csv.reader(io.StringIO("\n".join(f"{t.code},{t.stratum}" for t in selectors.frame_of(drawn.contest).tps)))
    )
    assert len(rows) == drawn.frame_tps
