"""What the checks' tests share: synthetic listings written directly (the upload is another part's), and
an election with its parties. Made-up people only (NIKs from nik_make)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from suara.parties.models import Member, Party
from suara.people.names import name_key
from suara.people.nik import nik_make

DESA = "3276011006"  # Depok, Pancoran Mas, Kota Depok
BEKASI_DESA = "3275011001"


def nik_of(serial: int, born: date = date(1985, 3, 9), sex: str = "L", kecamatan: str = "327601") -> str:
    return nik_make(kecamatan, born, sex, serial)


def listing(
    party: Party,
    nik: str,
    *,
    name: str = "Budi Santoso",
    birth_date: date = date(1985, 3, 9),
    occupation: str = "Wiraswasta",
    desa: str = DESA,
    version: int = 1,
) -> Member:
    now = timezone.now()
    return Member.objects.create(
        party=party,
        nik=nik,
        name=name,
        name_key=name_key(name),
        sex="L",
        birth_date=birth_date,
        desa_code=desa,
        kabkota_code=desa[:4],
        occupation=occupation,
        added_version=version,
        added_at=now,
    )


def voter(nik: str, *, born: date = date(1985, 3, 9), marital: str = "S", status: str = "aktif", tms_code=None):
    from suara.voters.models import Voter

    now = timezone.now()
    return Voter.objects.create(
        nik=nik,
        kk="3276010101100001",
        name="Budi Santoso",
        birth_date=born,
        sex="L",
        marital=marital,
        kemendagri_desa_code=DESA,
        status=status,
        tms_code=tms_code,
        name_key=name_key("Budi Santoso"),
        created_at=now,
        updated_at=now,
    )
