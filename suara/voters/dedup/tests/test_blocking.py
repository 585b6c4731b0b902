"""Issue 12: duplicates whose birth date was written wrong are still proposed (the year one off, day and
month swapped), also when registered again in another desa under another KK; and an incremental run
(``--since``) reads from the database only the records it could pair, not the whole register."""

from __future__ import annotations

from datetime import date

import pytest

from suara.people.nik import nik_make
from suara.voters.dedup import pairs
from suara.voters.dedup.export import export_candidates, export_register
from suara.voters.dedup.model import load_model
from suara.voters.dedup.service import dedup_run
from suara.voters.models import Voter
from suara.voters.services import voter_add

from .conftest import BEKASI_DESA, OTHER_DESA, VOTING_DAY

pytestmark = pytest.mark.django_db(transaction=False)


def _again(officers, original: Voter, *, name: str, born: date, desa: str, kk: str, serial: int = 90) -> Voter:
    """The person of ``original`` registered a second time, elsewhere."""
    return voter_add(
        user=officers["kpu_ri"],
        nik=nik_make(desa[:6], born, original.sex, serial),
        kk=kk,
        name=name,
        birth_place="Dpk",
        birth_date=born,
        sex=original.sex,
        marital=original.marital,
        kemendagri_desa_code=desa,
        address="Jl. Lain No. 9",
        rt="7",
        rw="8",
        voting_day=VOTING_DAY,
    )


def _proposed(outcome) -> set[tuple[int, int]]:
    return {(p.id_a, p.id_b) for p in outcome.proposed}


def test_a_birth_year_one_off_is_proposed(register, officers):
    # Before issue 12 no blocking rule paired these (another KK, the birth date not the same nor swapped):
    # the pair was never compared, so never proposed.
    agus = register[3]  # Agus Salim, 30 November 1971, in DESA
    copy = _again(officers, agus, name="AGUS SALIM", born=date(1972, 11, 30), desa=agus.desa_id, kk="3276019999000001")
    assert (agus.pk, copy.pk) in _proposed(dedup_run())


def test_a_birth_year_one_off_the_other_way_is_proposed(register, officers):
    rina = register[5]  # Rina Marlina, 21 January 1979, in OTHER_DESA
    copy = _again(officers, rina, name="Rina Marlina", born=date(1978, 1, 21), desa=rina.desa_id, kk="3276019999000002")
    assert (rina.pk, copy.pk) in _proposed(dedup_run())


def test_a_birth_year_one_off_in_another_desa_and_kk_is_compared_and_a_year_more_is_not(register, officers):
    # Moved as well, the pair is weighed (how likely depends on how common the name is); two years off, it
    # is not even compared.
    agus = register[3]
    near = _again(officers, agus, name="Agus Salim", born=date(1972, 11, 30), desa=BEKASI_DESA, kk="3275019999000003")
    far = _again(officers, agus, name="Agus Salim", born=date(1973, 11, 30), desa=BEKASI_DESA, kk="3275019999000004")
    con = pairs.connect(1)
    try:
        export_register(con)
        pairs.prepare(con)
        candidates = {(p.id_a, p.id_b): p.probability for p in pairs.find_pairs(con, load_model(), threshold=0.0)}
    finally:
        con.close()
    assert (agus.pk, near.pk) in candidates
    assert (agus.pk, far.pk) not in candidates


def test_day_and_month_swapped_is_proposed(register, officers):
    budi = register[2]  # Budi Santoso, 2 March 1985
    copy = _again(officers, budi, name="Santoso Budi", born=date(1985, 2, 3), desa=OTHER_DESA, kk="3276019999000003")
    assert (budi.pk, copy.pk) in _proposed(dedup_run())


def test_since_checks_a_new_record_with_the_year_one_off(register, officers):
    Voter.objects.filter(pk__in=[v.pk for v in register]).update(created_at="2026-01-01T00:00:00Z")
    agus = register[3]
    copy = _again(officers, agus, name="Agus Salim", born=date(1970, 11, 30), desa=agus.desa_id, kk="3276019999000004")
    outcome = dedup_run(since=date(2026, 11, 1))
    assert outcome.focus == 1
    assert _proposed(outcome) == {(agus.pk, copy.pk)}


def test_an_incremental_run_copies_only_the_records_it_could_pair(register, officers):
    agus = register[3]
    copy = _again(officers, agus, name="Agus Salim", born=date(1972, 11, 30), desa=BEKASI_DESA, kk="3275019999000005")
    budi_kk = register[2].kk  # Budi shares a family card with Sari (register[0])
    same_card = _again(officers, register[2], name="Budi Santoso", born=date(1950, 1, 1), desa=OTHER_DESA, kk=budi_kk)
    con = pairs.connect()
    try:
        copied = export_candidates(con, [copy.pk, same_card.pk])
        ids = {row[0] for row in con.execute("select unique_id from register").fetchall()}
    finally:
        con.close()
    # Agus (born a year before the copy), Sari and Budi (the same KK), the two checked: nobody else.
    assert ids == {copy.pk, same_card.pk, agus.pk, register[0].pk, register[2].pk}
    assert copied == 5 < Voter.objects.count()
