"""Synthetic officer records for the selection and roster tests: people made up from a counter, NIKs
built by ``people.nik.nik_make`` for a Kota Depok kecamatan."""

from __future__ import annotations

import itertools
from datetime import date

from django.utils import timezone

from suara.officers.bodies import Body, Status
from suara.officers.models import Officer, WrittenTestScore
from suara.people.nik import nik_make

DESA = "3276011006"  # a desa of Kecamatan Pancoran Mas, Kota Depok (the geography slice)
TPS = DESA + "001"
KECAMATAN = DESA[:6]
_serial = itertools.count(1)


def synthetic_nik(serial: int, *, sex: str = "P", born: date = date(1990, 5, 17)) -> str:
    return nik_make(KECAMATAN, born, sex, serial)


def make_adhoc(
    election,
    body: Body,
    posting: str,
    *,
    status: Status = Status.ELIGIBLE,
    score: float | None = None,
    name: str | None = None,
    position: str = "",
    term_end: date | None = None,
) -> Officer:
    serial = next(_serial)
    now = timezone.now()
    officer = Officer.objects.create(
        election=election,
        body=body,
        posting_code=posting,
        position=position,
        nik=synthetic_nik(serial),
        name=name or f"Sintetis Petugas {serial}",
        sex="P",
        birth_date=date(1990, 5, 17),
        domicile_code=posting[:10] if len(posting) >= 10 else DESA,
        status=status,
        term_end=term_end,
        applied_at=now,
        updated_at=now,
    )
    if score is not None:
        WrittenTestScore.objects.create(officer=officer, score=score, imported_at=now, imported_by="test")
    return officer
