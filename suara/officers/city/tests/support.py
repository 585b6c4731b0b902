"""Helpers of the city view's tests: officers and screenings made straight through the models (the
recruitment and health parts have their own services), KPU snapshots published as the recap worker would."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from suara.elections.models import Contest
from suara.officers.models import Officer, Screening
from suara.results.snapshots import snapshot_publish

KECAMATAN = "327601"  # Pancoran Mas, Kota Depok
DESA = "3276011006"
TPS_1 = "3276011006001"
TPS_2 = "3276011006002"
TPS_BEKASI = "3275011001001"
CONTEST = "ppwp-2024"
PASSWORD = "correct-horse-battery-staple"


def officer_add(election, body: str, posting: str, n: int, *, chair: bool = False, status: str = "dilantik"):
    """A synthetic officer: NIK and phone made up from ``n``, never a real person's."""
    now = timezone.now()
    has_chair = body in ("ppk", "pps", "kpps")
    return Officer.objects.create(
        election=election,
        body=body,
        posting_code=posting,
        position=("ketua" if chair else "anggota") if has_chair else "",
        nik=f"3276015{n:09d}",
        name=f"Petugas Sintetis {body.upper()} {n:02d}",
        sex="L" if n % 2 else "P",
        birth_date=date(1970 + n % 30, 1, 1 + n % 28),
        phone=f"0812000{n:05d}",
        address="Jl. Contoh No. 1",
        domicile_code=posting[:10] if len(posting) >= 10 else f"{posting}1006",
        status=status,
        applied_at=now,
        updated_at=now,
    )


def screening_add(officer, risk: str, *, systolic: int = 120, cleared: bool = False):
    now = timezone.now()
    return Screening.objects.create(
        officer=officer,
        screened_on=date(2024, 1, 10),
        systolic=systolic,
        diastolic=80,
        risk=risk,
        cleared_by_doctor="dr. Sintetis" if cleared else "",
        cleared_at=now if cleared else None,
        recorded_by="test",
        recorded_at=now,
    )


def kpu_publish(code: str, *, level: int, name: str, children: list[dict], votes=(0, 0, 0), reported=0, expected=0):
    """A region snapshot of KPU's count in the recap worker's format (docs/results.md)."""
    contest = Contest.objects.get(slug=CONTEST)
    candidates = list(contest.candidates.order_by("number").values_list("number", "name"))
    valid = sum(votes)
    body = {
        "contest": CONTEST,
        "contest_name": contest.name,
        "election": contest.election.slug,
        "code": code,
        "name": name,
        "level": level,
        "ancestors": [],
        "candidates": [
            {"number": n, "name": c, "votes": v, "share": round(v / valid, 4) if valid else 0}
            for (n, c), v in zip(candidates, votes, strict=True)
        ],
        "valid": valid,
        "invalid": 0,
        "total": valid,
        "dpt": 0,
        "tps_reported": reported,
        "tps_expected": expected,
        "flags": {"J1": 0, "J2": 0, "J3": 0, "J4": 0, "J5": 0},
        "flagged_tps": [],
        "children": children,
        "locked": None,
        "version": 1,
        "updated_at": timezone.now().isoformat(),
    }
    with transaction.atomic():
        snapshot_publish(contest_id=contest.pk, code=code, body=body)


def tps_row(code: str, number: int, votes=None, invalid: int = 0) -> dict:
    """A desa snapshot's TPS row: reported with ``votes`` (three pairs), or not reported."""
    if votes is None:
        return {"code": code, "number": number, "level": 5, "votes": {"1": 0, "2": 0, "3": 0}, "valid": 0,
                "invalid": 0, "total": 0, "tps_reported": 0, "tps_expected": 1, "flagged": 0, "flags": []}  # fmt: skip
    valid = sum(votes)
    return {"code": code, "number": number, "level": 5, "votes": {str(i + 1): v for i, v in enumerate(votes)},
            "valid": valid, "invalid": invalid, "total": valid + invalid, "tps_reported": 1, "tps_expected": 1,
            "flagged": 0, "flags": []}  # fmt: skip
