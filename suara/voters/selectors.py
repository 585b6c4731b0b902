"""Reads the voter services, the importer and cek DPT share."""

from __future__ import annotations

from django.db.models import Count, Q

from suara.regions.models import KemendagriRegion, Level, Region
from suara.voters.models import Voter


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


def voter_counts(desa_code: str) -> dict[str, int]:
    """Active voters of one electoral desa: men, women and total."""
    counts = Voter.objects.filter(desa_id=desa_code, status=Voter.Status.ACTIVE).aggregate(
        men=Count("pk", filter=Q(sex="L")), women=Count("pk", filter=Q(sex="P"))
    )
    return {"men": counts["men"], "women": counts["women"], "total": counts["men"] + counts["women"]}
