"""tps_allocate and `suara allocate-tps` on the database: synthetic voters in real Depok desa."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, NotFound
from suara.voters.allocation.services import tps_allocate
from suara.voters.models import Voter
from suara.voters.tests.support import add_voters

TODAY = date(2026, 11, 22)
DESA = "3276011007"  # DEPOK JAYA, 76 regular TPS
OTHER_DESA = "3276011006"  # DEPOK, 142 regular TPS
SPECIAL_DESA = "3276061005"  # 36 regular TPS and TPS lokasi khusus 901-903
KECAMATAN = "327601"


def households(n: int, *, rws: int = 3, rts: int = 6) -> list[tuple[int, int, int]]:
    return [(1 + i % rws, 1 + (i // rws) % rts, 1 + (i * 7) % 4) for i in range(n)]


def tps_of(desa: str) -> dict[str, int]:
    counts = defaultdict(int)
    for code in Voter.objects.filter(desa_id=desa, status="aktif").values_list("tps_id", flat=True):
        counts[code] += 1
    return dict(counts)


def families_whole(desa: str) -> bool:
    places = defaultdict(set)
    for kk, tps in Voter.objects.filter(desa_id=desa).values_list("kk", "tps_id"):
        places[kk].add(tps)
    return all(len(p) == 1 for p in places.values())


@pytest.fixture
def region(geography, fixed_today):
    fixed_today(TODAY)
    return geography


def test_a_desa_is_allocated_to_the_fewest_even_tps_with_families_whole_and_one_audit_event(region):
    add_voters(DESA, households(280))  # 700 voters
    before = AuditEvent.objects.count()
    report = tps_allocate(region_code=DESA, max_per_tps=300, actor=Actor.named("operator"))
    (line,) = report.desa
    assert (line.code, line.name, line.voters, line.tps_needed, line.tps_available) == (DESA, "DEPOK JAYA", 700, 3, 76)
    assert (line.moved, line.placed, line.status) == (0, 700, "ok")
    counts = tps_of(DESA)
    assert sorted(counts) == [f"{DESA}001", f"{DESA}002", f"{DESA}003"]
    assert max(counts.values()) <= 300 and max(counts.values()) - min(counts.values()) <= 8
    assert families_whole(DESA)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "voters.allocate_tps" and event.object_code == DESA
    assert "700 pemilih" in event.summary and "3 TPS" in event.summary
    for voter in Voter.objects.all()[:50]:
        assert voter.nik not in event.summary and voter.kk not in event.summary


def test_running_again_moves_nobody_and_writes_nothing(region):
    add_voters(DESA, households(280))
    tps_allocate(region_code=DESA, max_per_tps=300, actor=Actor.named("operator"))
    stamps = dict(Voter.objects.values_list("pk", "updated_at"))
    (line,) = tps_allocate(region_code=DESA, max_per_tps=300, actor=Actor.named("operator")).desa
    assert (line.moved, line.placed) == (0, 0)
    assert dict(Voter.objects.values_list("pk", "updated_at")) == stamps


def test_after_updates_new_voters_are_placed_and_few_move(region):
    add_voters(DESA, households(240))  # 600 voters: two full-ish TPS
    tps_allocate(region_code=DESA, max_per_tps=300, actor=Actor.named("operator"))
    Voter.objects.filter(pk__in=Voter.objects.order_by("pk").values_list("pk", flat=True)[:5]).update(
        status="tms", tms_code=1
    )
    add_voters(DESA, households(8))
    (line,) = tps_allocate(region_code=DESA, max_per_tps=300, actor=Actor.named("operator")).desa
    new_voters = sum(1 + (i * 7) % 4 for i in range(8))
    assert line.placed == new_voters and line.moved <= new_voters * 4
    assert max(tps_of(DESA).values()) <= 300 and families_whole(DESA)
    assert (
        Voter.objects.filter(status="tms", pk__in=Voter.objects.order_by("pk")[:5].values("pk"))
        .exclude(tps_id=None)
        .count()
        == 5
    ), "TMS voters keep their last TPS and are not counted"


def test_a_kecamatan_allocates_each_of_its_desa(region):
    add_voters(DESA, households(100))
    add_voters(OTHER_DESA, households(150))
    report = tps_allocate(region_code=KECAMATAN, max_per_tps=300, actor=Actor.named("operator"))
    assert [d.code for d in report.desa][:2] == [OTHER_DESA, DESA]
    assert len(report.desa) == 6  # every desa of Pancoran Mas, empty ones included
    assert Voter.objects.filter(tps=None).count() == 0
    assert all(code.startswith(DESA) for code in tps_of(DESA))


def test_voters_at_a_tps_lokasi_khusus_keep_it(region):
    special = add_voters(SPECIAL_DESA, [(1, 1, 2)], tps=f"{SPECIAL_DESA}901")
    add_voters(SPECIAL_DESA, households(20))
    (line,) = tps_allocate(region_code=SPECIAL_DESA, max_per_tps=300, actor=Actor.named("operator")).desa
    assert line.voters == sum(1 + (i * 7) % 4 for i in range(20))
    assert {v.tps_id for v in Voter.objects.filter(pk__in=[v.pk for v in special])} == {f"{SPECIAL_DESA}901"}


def test_a_desa_short_of_tps_is_left_unchanged_and_reported_while_the_rest_is_written(region):
    add_voters(DESA, [(1, 1, 1)] * 80)  # 80 households, 76 TPS, one voter per TPS
    add_voters(OTHER_DESA, [(1, 1, 1)] * 10)
    report = tps_allocate(region_code=KECAMATAN, max_per_tps=1, actor=Actor.named("operator"))
    short = {d.code: d for d in report.desa}[DESA]
    assert (short.status, short.tps_needed, short.tps_available, len(short.short)) == ("short", 80, 76, 4)
    assert "80 TPS" in short.message and "76" in short.message
    assert Voter.objects.filter(desa_id=DESA).exclude(tps=None).count() == 0
    assert Voter.objects.filter(desa_id=OTHER_DESA, tps=None).count() == 0


def test_a_family_larger_than_a_tps_leaves_its_desa_unchanged(region):
    add_voters(DESA, [(1, 1, 5), (1, 2, 2)])
    (line,) = tps_allocate(region_code=DESA, max_per_tps=4, actor=Actor.named("operator")).desa
    assert (line.status, line.largest_household) == ("household_too_large", 5)
    assert Voter.objects.exclude(tps=None).count() == 0


def test_a_dry_run_writes_nothing(region):
    add_voters(DESA, households(50))
    before = AuditEvent.objects.count()
    (line,) = tps_allocate(region_code=DESA, max_per_tps=300, actor=Actor.named("operator"), dry_run=True).desa
    assert line.tps_needed == 1 and line.placed == 125
    assert Voter.objects.exclude(tps=None).count() == 0 and AuditEvent.objects.count() == before


def test_fresh_reallocates_and_counts_who_moved(region):
    add_voters(DESA, households(40), tps=f"{DESA}005")
    (line,) = tps_allocate(region_code=DESA, max_per_tps=300, actor=Actor.named("operator"), fresh=True).desa
    assert (line.moved, line.placed, line.tps_used) == (100, 0, 1)
    assert set(tps_of(DESA)) == {f"{DESA}001"}


@pytest.mark.parametrize(
    ("code", "error", "expected"),
    [
        ("3276011999", NotFound, "region_not_found"),
        ("32", DomainError, "invalid_region_code"),
        ("3276-01", DomainError, "invalid_region_code"),
        ("", DomainError, "invalid_region_code"),
    ],
)
def test_a_bad_region_is_refused(region, code, error, expected):
    with pytest.raises(error) as caught:
        tps_allocate(region_code=code, max_per_tps=300, actor=Actor.named("operator"))
    assert caught.value.code == expected


@pytest.mark.parametrize("limit", [0, -1, True, "300"])
def test_a_bad_limit_is_refused(region, limit):
    with pytest.raises(DomainError) as caught:
        tps_allocate(region_code=DESA, max_per_tps=limit, actor=Actor.named("operator"))
    assert caught.value.code == "invalid_max_per_tps"


def test_a_signed_dpb_period_refuses_the_allocation(region):
    from suara.voters.models import DpbPeriodLock

    DpbPeriodLock.objects.create(
        region_code="3276",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        locked_at=timezone.now(),
        locked_by="kpu",
    )
    add_voters(DESA, households(10))
    with pytest.raises(Conflict) as caught:
        tps_allocate(region_code=DESA, max_per_tps=300, actor=Actor.named("operator"))
    assert caught.value.code == "dpb_period_locked"
    assert Voter.objects.exclude(tps=None).count() == 0
    assert (
        tps_allocate(region_code=DESA, max_per_tps=300, actor=Actor.named("operator"), dry_run=True).desa[0].tps_needed
        == 1
    )


def test_the_command_prints_each_desa_and_the_totals(region):
    add_voters(DESA, households(280))
    out = io.StringIO()
    call_command("allocate_tps", "--region", DESA, "--max", "300", stdout=out)
    text = out.getvalue()
    assert "DEPOK JAYA" in text and "Jumlah: 1 desa, 700 pemilih, 3 TPS" in text
    row = next(line for line in text.splitlines() if line.startswith(DESA))
    assert row.split()[-5:] == ["700", "3", "76", "0", "700"]


def test_the_command_dry_run_says_so_and_a_shortfall_fails_with_the_reason(region):
    add_voters(DESA, [(1, 1, 1)] * 80)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 desa tidak dapat dialokasikan"):
        call_command("allocate_tps", "--region", DESA, "--max", "1", "--dry-run", stdout=out, stderr=err)
    assert "uji coba" in out.getvalue() and "KURANG TPS" in out.getvalue()
    assert "memerlukan 80 TPS" in err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--region", "9999", "--max", "300"], "tidak ditemukan"), (["--region", DESA, "--max", "0"], "minimal 1")],
)
def test_the_command_reports_bad_input(region, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("allocate_tps", *args, stdout=io.StringIO())
