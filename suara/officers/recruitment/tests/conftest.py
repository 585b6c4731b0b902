"""Recruitment fixtures: the geography slice, Pemilu 2024 with its KPPS and PPS schedules, and synthetic
applicants (NIKs made by ``people.nik.nik_make``; no real person)."""

from __future__ import annotations

from datetime import date

import pytest

from suara.officers.bodies import Body
from suara.officers.models import RecruitmentSchedule
from suara.people.nik import nik_make

TPS = "3276011006001"
DESA = "3276011006"
APPOINTMENT = date(2024, 1, 25)
TODAY = date(2023, 12, 15)


@pytest.fixture
def recruiting(geography, pemilu_2024, fixed_today):
    fixed_today(TODAY)
    for body in Body:
        RecruitmentSchedule.objects.create(
            election=pemilu_2024,
            body=body,
            opens_on=date(2023, 12, 11),
            closes_on=date(2023, 12, 20),
            appointment_on=APPOINTMENT,
            source="uji",
        )
    return pemilu_2024


def applicant_values(serial: int = 1, *, born=date(1990, 5, 17), sex="P", **changes) -> dict[str, str]:
    values = {
        "nik": nik_make("327601", born, sex, serial),
        "kk": f"32760100000{serial:05d}",
        "nama": "Contoh Pendaftar Sintetis",
        "jenis_kelamin": sex,
        "tanggal_lahir": born.isoformat(),
        "status_kawin": "S",
        "telepon": "081200000000",
        "email": "",
        "alamat": "Jl. Contoh No. 1",
        "kode_desa_domisili": DESA,
        "pendidikan": "sma",
        "pekerjaan": "Wiraswasta",
    }
    values.update(changes)
    return values


def party_listing(election, nik: str, *, removed_at=None, party_number: int = 1):
    """A listing of ``nik`` on a party's member list (taken off at ``removed_at`` when given)."""
    from django.utils import timezone

    from suara.parties.models import Member, Party

    party = Party.objects.get(election=election, number=party_number)
    return Member.objects.create(
        party=party, nik=nik, name="Anggota Sintetis", name_key="anggotasintetis", sex="P", birth_date=date(1990, 1, 1),
        desa_code="3276011006", kabkota_code="3276", added_version=1, added_at=timezone.now(),
        removed_version=2 if removed_at else None, removed_at=removed_at, removed_reason="upload" if removed_at else "",
    )  # fmt: skip
