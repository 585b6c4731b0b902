"""Issue 12: duplicates whose birth date was written wrong are still proposed (the year one off, day and
month swapped), also when registered again in another desa under another KK; and an incremental run
(``--since``) reads from the database only the records it could pair, not the whole register."""

from __future__ import annotations

from datetime import date

import pytest

from suara.audit.actors import Actor
from suara.people.nik import nik_make
from suara.voters.dedup import pairs
from suara.voters.dedup.export import export_candidates, export_register, name_counts, refresh_keys
from suara.voters.dedup.model import load_model
from suara.voters.dedup.service import dedup_run
from suara.voters.models import DuplicateKey, Voter
from suara.voters.services import voter_add

from .conftest import BEKASI_DESA, OTHER_DESA, VOTING_DAY

pytestmark = pytest.mark.django_db(transaction=False)


def _again(officers, original: Voter, *, name: str, born: date, desa: str, kk: str, serial: int = 90) -> Voter:
    """The person of ``original`` registered a second time, elsewhere."""
    return voter_add(
        actor=Actor.of(officers["kpu_ri"]),
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
    # Once no blocking rule paired these (another KK, the birth date not the same nor swapped):
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


def test_an_incremental_run_leaves_behind_records_born_on_a_related_date_that_no_rule_pairs(register, officers):
    agus = register[3]
    copy = _again(officers, agus, name="Agus Salim", born=date(1971, 11, 30), desa=BEKASI_DESA, kk="3275019999000005")
    # Born on the same day as Agus's copy, but another name in another desa: no blocking rule pairs them.
    stranger = _again(
        officers, register[4], name="Dewi Lestari", born=date(1971, 11, 30), desa=OTHER_DESA, kk="3276019999000011"
    )
    # The same day, the same desa as the copy: the rule on birth date and desa pairs them.
    neighbour = _again(
        officers,
        register[6],
        name="Joko Saputra",
        born=date(1971, 11, 30),
        desa=BEKASI_DESA,
        kk="3275019999000012",
        serial=91,
    )
    con = pairs.connect()
    try:
        export_candidates(con, [copy.pk])
        ids = {row[0] for row in con.execute("select unique_id from register").fetchall()}
    finally:
        con.close()
    assert ids == {copy.pk, agus.pk, neighbour.pk}
    assert stranger.pk not in ids


def test_the_keys_follow_a_changed_name(register, officers):
    agus = register[3]
    assert refresh_keys() == len(register)
    assert refresh_keys() == 0  # up to date: nothing worked out again
    Voter.objects.filter(pk=agus.pk).update(name="Bambang Pamungkas")
    assert refresh_keys() == 1
    key = DuplicateKey.objects.get(voter=agus)
    assert (key.words, key.sound_first, key.sound_last, key.initial) == ("bambang pamungkas", "bmbng", "pmngks", "b")
    copy = _again(
        officers, agus, name="Bambang Pamungkas", born=date(1972, 11, 30), desa=BEKASI_DESA, kk="3275019999000013"
    )
    con = pairs.connect()
    try:
        export_candidates(con, [copy.pk])  # found by the new name's keys, in another desa a year apart
        ids = {row[0] for row in con.execute("select unique_id from register").fetchall()}
    finally:
        con.close()
    assert ids == {copy.pk, agus.pk}


def test_how_common_a_name_is_counts_the_whole_register(register, officers):
    for serial in range(3):
        born = date(1960 + serial, 1, 1)
        _again(officers, register[5], name="Rina Marlina", born=born, desa=BEKASI_DESA, kk="3275019999000014")
    refresh_keys()
    assert name_counts(["marlina rina", "agus salim", "nobody"]) == {"marlina rina": 4, "agus salim": 1}
