"""Synthetic voters and voter details shared by the register's tests (made-up people; NIKs from nik_make)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from suara.people.names import name_key
from suara.people.nik import nik_make
from suara.voters.models import Voter

VOTING_DAY = date(2029, 2, 14)
DESA = "3276011006"  # Depok, Pancoran Mas, Kota Depok
NAME = "Budi Santoso"
UNKNOWN_NIK = nik_make("327601", date(1985, 3, 9), "L", 2)


def synthetic_voter(*, serial: int = 1, name: str = NAME, tps: str | None = f"{DESA}003", **extra) -> Voter:
    born = extra.pop("birth_date", date(1985, 3, 9))
    sex = extra.pop("sex", "L")
    now = timezone.now()
    return Voter.objects.create(
        nik=nik_make("327601", born, sex, serial),
        kk="3276010101100001",
        name=name,
        birth_date=born,
        sex=sex,
        marital="S",
        kemendagri_desa_code=DESA,
        desa_id=DESA,
        tps_id=tps,
        name_key=name_key(name),
        created_at=now,
        updated_at=now,
        **extra,
    )


def person(**overrides) -> dict:
    born = overrides.pop("birth_date", date(1990, 5, 17))
    sex = overrides.pop("sex", "P")
    values = {
        "nik": nik_make("327601", born, sex if sex in ("L", "P") else "P", overrides.pop("serial", 1)),
        "kk": "3276010101100001",
        "name": "Sari Wulandari",
        "birth_place": "Depok",
        "birth_date": born,
        "sex": sex,
        "marital": "S",
        "kemendagri_desa_code": DESA,
        "address": "Jl. Contoh No. 1",
        "rt": "1",
        "rw": "02",
        "voting_day": VOTING_DAY,
    }
    values.update(overrides)
    return values


_serial = iter(range(1, 10**7))


def add_voters(desa: str, shape: list[tuple[int, int, int]], *, tps: str | None = None, status: str = "aktif"):
    """One household per (rw, rt, size), all synthetic; returns the voters."""
    now = timezone.now()
    voters = []
    for rw, rt, size in shape:
        household = next(_serial)
        for _ in range(size):
            n = next(_serial)
            born = date(1960, 1, 1) + timedelta(days=n // 9000)
            voters.append(
                Voter(
                    nik=nik_make(desa[:6], born, "L" if n % 2 else "P", n % 9000 + 1),
                    kk=f"{desa[6:]}{desa[:6]}{household:06d}",
                    name=f"Pemilih Contoh {n}",
                    birth_date=born,
                    sex="L" if n % 2 else "P",
                    marital="S",
                    rt=f"{rt:03d}",
                    rw=f"{rw:03d}",
                    kemendagri_desa_code=desa,
                    desa_id=desa,
                    tps_id=tps,
                    status=status,
                    tms_code=1 if status == "tms" else None,
                    name_key=f"pemilihcontoh{n}",
                    created_at=now,
                    updated_at=now,
                )
            )
    return Voter.objects.bulk_create(voters)
