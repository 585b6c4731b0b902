"""Reads the voter services, the importer and cek DPT share."""

from __future__ import annotations

from datetime import date

from suara.elections.models import Election
from suara.regions.models import KemendagriRegion, Level, Region
from suara.voters.models import DpbPeriodLock


def known_kecamatan_codes() -> frozenset[str]:
    """The kecamatan codes a NIK may start with: Kemendagri's current ones, and the codes from before
    region splits that a NIK keeps for life. KPU's electoral tree still uses many pre-split codes (it is
    where the two trees differ), so its domestic kecamatan codes stand in for the former ones."""
    current = KemendagriRegion.objects.filter(level=Level.KECAMATAN).values_list("code", flat=True)
    electoral = (
        Region.objects.filter(level=Level.KECAMATAN).exclude(code__startswith="99").values_list("code", flat=True)
    )
    return frozenset(current) | frozenset(electoral)


def electoral_desa_by_kemendagri() -> dict[str, str]:
    """Kemendagri desa code -> the KPU electoral desa code it maps to (matched desa only)."""
    rows = Region.objects.filter(level=Level.DESA).exclude(kemendagri_code="").values_list("kemendagri_code", "code")
    return dict(rows)


def electoral_desa_for(kemendagri_desa_code: str) -> Region | None:
    """The electoral desa a Kemendagri desa maps to, or None (unknown or unmatched code)."""
    return Region.objects.filter(level=Level.DESA, kemendagri_code=kemendagri_desa_code).order_by("code").first()


def next_voting_day(today: date) -> date:
    """The voting day eligibility is measured against: the next election's (on or after today) from the
    elections data; with none scheduled (between elections, before KPU sets the next date), today."""
    upcoming = (
        Election.objects.filter(voting_day__gte=today).order_by("voting_day").values_list("voting_day", flat=True)
    )
    return upcoming.first() or today


def period_lock_standing(kabkota_code: str, day: date) -> DpbPeriodLock | None:
    """The signed DPB period of a kab/kota that covers ``day``, or None."""
    return (
        DpbPeriodLock.objects.filter(
            region_code=kabkota_code, reopened_at__isnull=True, period_start__lte=day, period_end__gte=day
        )
        .order_by("-locked_at")
        .first()
    )


class KnownKecamatan:
    """``known_kecamatan_codes()`` as a container asked one code at a time (two indexed lookups), for the
    services that check one NIK; bulk work loads the whole set once instead."""

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, str):
            return False
        return (
            KemendagriRegion.objects.filter(level=Level.KECAMATAN, code=code).exists()
            or Region.objects.filter(level=Level.KECAMATAN, code=code).exclude(code__startswith="99").exists()
        )
