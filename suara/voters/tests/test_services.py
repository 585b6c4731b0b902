"""DPB writes: each rule, each refusal, and that a refused write leaves nothing behind.

Every voter here is synthetic: NIKs made by nik_make, names made up."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_officer
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.people.nik import nik_make
from suara.voters.locks import dpb_period_lock, dpb_period_reopen
from suara.voters.models import Voter, VoterEvent
from suara.voters.services import voter_add, voter_correct, voter_mark_tms, voter_move, voter_reinstate
from suara.voters.tests.support import DESA, VOTING_DAY, person

TODAY = date(2026, 11, 22)
OTHER_DESA = "3276011007"  # Depok Jaya, same kecamatan
BEKASI_DESA = "3275011001"


@pytest.fixture
def officers(geography, fixed_today):
    fixed_today(TODAY)
    return {
        "pps": make_officer("pps_depok", "pps", DESA),
        "ppk": make_officer("ppk_pancoran", "ppk", "327601"),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "kpu_ri": make_officer("kpu_ri", "kpu_ri", ""),
        "kpps": make_officer("kpps_x", "kpps", f"{DESA}001"),
    }


def add(user, **overrides) -> Voter:
    return voter_add(actor=Actor.of(user), **person(**overrides))


def refused(exc_type, code, call, *args, **kwargs):
    before = (Voter.objects.count(), VoterEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(exc_type) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    assert (Voter.objects.count(), VoterEvent.objects.count(), AuditEvent.objects.count()) == before
    return caught.value


# Adding ------------------------------------------------------------------------------------------------


def test_a_pps_adds_a_voter_to_its_desa_with_history_and_an_audit_event(officers):
    voter = add(officers["pps"], tps_code=f"{DESA}003", name="Hj. Sari Wulandari, S.Pd.")
    assert (voter.desa_id, voter.tps_id, voter.status, voter.rt, voter.rw) == (
        DESA,
        f"{DESA}003",
        "aktif",
        "001",
        "002",
    )
    assert voter.name_key == "sariwulandari"
    event = voter.events.get()
    assert (event.kind, event.actor, event.role, event.region_code) == ("tambah", "pps_depok", "pps", DESA)
    audit = AuditEvent.objects.filter(action="voters.add").get()
    assert audit.object_code == DESA and f"#{voter.pk}" in audit.summary
    assert voter.nik not in audit.summary and "Sari" not in audit.summary


def test_someone_turning_17_by_voting_day_is_eligible(officers):
    add(officers["pps"], birth_date=date(2012, 2, 14), marital="B")


def test_someone_under_17_on_voting_day_and_unmarried_is_not(officers):
    refused(DomainError, "not_eligible_age", add, officers["pps"], birth_date=date(2012, 2, 15), marital="B")


@pytest.mark.parametrize("marital", ["S", "P"])
def test_married_or_once_married_people_under_17_are_eligible(officers, marital):
    add(officers["pps"], birth_date=date(2012, 6, 1), marital=marital)


def test_without_a_voting_day_the_next_election_in_the_data_counts(officers, pemilu_2024, fixed_today):
    fixed_today(date(2023, 11, 1))  # before 14 February 2024
    pps = officers["pps"]
    refused(DomainError, "not_eligible_age", add, pps, birth_date=date(2007, 2, 15), marital="B", voting_day=None)
    add(pps, birth_date=date(2007, 2, 14), marital="B", voting_day=None, serial=2)


def test_tni_and_polri_are_not_eligible(officers):
    refused(DomainError, "not_eligible_tni_polri", add, officers["pps"], tni_polri=True)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"nik": "12345"}, "nik_length"),
        ({"nik": "3276014517059O01"}, "nik_not_digits"),
        ({"nik": nik_make("999901", date(1990, 5, 17), "P", 1)}, "nik_unknown_kecamatan"),
        ({"nik": nik_make("327601", date(1990, 5, 17), "P", 1)[:12] + "0000"}, "nik_zero_serial"),
        ({"nik": nik_make("327601", date(1990, 5, 18), "P", 1)}, "nik_birth_date_mismatch"),
        ({"nik": nik_make("327601", date(1990, 5, 17), "L", 1)}, "nik_sex_mismatch"),
        ({"birth_date": date(2027, 1, 1)}, "nik_future_date"),
        ({"kk": "12"}, "invalid_kk"),
        ({"name": "  "}, "name_required"),
        ({"sex": "X"}, "invalid_sex"),
        ({"marital": "K"}, "invalid_marital"),
        ({"rt": "1234"}, "invalid_rt"),
        ({"kemendagri_desa_code": "32760110"}, "invalid_region_code"),
        ({"tps_code": f"{OTHER_DESA}001"}, "tps_not_in_desa"),
    ],
)
def test_bad_input_is_refused_with_its_code(officers, overrides, code):
    error = refused(DomainError, code, add, officers["pps"], **overrides)
    assert person(**overrides)["nik"] not in error.message


def test_every_nik_problem_is_listed(officers):
    error = refused(
        DomainError, "nik_birth_date_mismatch", add, officers["pps"], nik=nik_make("327601", date(1991, 5, 17), "L", 1)
    )
    assert [d["code"] for d in error.details] == ["nik_birth_date_mismatch", "nik_sex_mismatch"]


def test_an_unknown_desa_is_not_found(officers):
    refused(NotFound, "region_not_found", add, officers["pps"], kemendagri_desa_code="3276019999")


def test_an_unknown_tps_is_not_found(officers):
    refused(NotFound, "tps_not_found", add, officers["pps"], tps_code=f"{DESA}899")


def test_a_nik_already_on_the_register_is_a_conflict(officers):
    add(officers["pps"])
    refused(Conflict, "nik_registered", add, officers["ppk"], name="Someone Else")


@pytest.mark.parametrize("who", ["kpps", "pps_other"])
def test_only_officers_over_the_desa_may_add(officers, who):
    user = officers.get(who) or make_officer("pps_other", "pps", OTHER_DESA)
    refused(PermissionDenied, "forbidden", add, user)


# TMS and reinstating ----------------------------------------------------------------------------------


def test_marking_tms_needs_a_real_code_and_evidence(officers):
    voter = add(officers["pps"])
    refused(
        DomainError,
        "unknown_tms_code",
        voter_mark_tms,
        actor=Actor.of(officers["pps"]),
        voter_id=voter.pk,
        tms_code=9,
        note="x",
    )
    refused(
        DomainError,
        "unknown_tms_code",
        voter_mark_tms,
        actor=Actor.of(officers["pps"]),
        voter_id=voter.pk,
        tms_code=0,
        note="x",
    )
    refused(
        DomainError,
        "evidence_required",
        voter_mark_tms,
        actor=Actor.of(officers["pps"]),
        voter_id=voter.pk,
        tms_code=1,
        note=" ",
    )
    marked = voter_mark_tms(
        actor=Actor.of(officers["pps"]), voter_id=voter.pk, tms_code=1, note="Akta kematian 12/2026"
    )
    assert (marked.status, marked.tms_code) == ("tms", 1)
    event = marked.events.get(kind="tms")
    assert (event.tms_code, event.note) == (1, "Akta kematian 12/2026")
    assert "Meninggal" in AuditEvent.objects.get(action="voters.mark_tms").summary
    refused(
        Conflict,
        "already_tms",
        voter_mark_tms,
        actor=Actor.of(officers["pps"]),
        voter_id=voter.pk,
        tms_code=2,
        note="x",
    )


def test_an_unknown_voter_is_not_found(officers):
    refused(
        NotFound,
        "voter_not_found",
        voter_mark_tms,
        actor=Actor.of(officers["pps"]),
        voter_id=999999,
        tms_code=1,
        note="x",
    )


def test_reinstating_brings_a_tms_voter_back(officers):
    voter = add(officers["pps"])
    refused(Conflict, "already_active", voter_reinstate, actor=Actor.of(officers["pps"]), voter_id=voter.pk, note="x")
    voter_mark_tms(actor=Actor.of(officers["pps"]), voter_id=voter.pk, tms_code=5, note="Tidak ditemukan saat coklit")
    refused(
        DomainError, "evidence_required", voter_reinstate, actor=Actor.of(officers["pps"]), voter_id=voter.pk, note=""
    )
    back = voter_reinstate(actor=Actor.of(officers["pps"]), voter_id=voter.pk, note="Ditemukan, KTP diperiksa")
    assert (back.status, back.tms_code) == ("aktif", None)
    assert list(back.events.order_by("pk").values_list("kind", "tms_code")) == [
        ("tambah", None),
        ("tms", 5),
        ("aktifkan", 5),
    ]


def test_reinstating_someone_still_under_age_is_refused(officers):
    voter = add(officers["pps"], birth_date=date(2012, 6, 1), marital="S")
    voter_mark_tms(actor=Actor.of(officers["pps"]), voter_id=voter.pk, tms_code=3, note="Status kawin salah")
    voter_correct(actor=Actor.of(officers["pps"]), voter_id=voter.pk, changes={"marital": "B"}, note="KK diperiksa")
    refused(
        DomainError,
        "not_eligible_age",
        voter_reinstate,
        actor=Actor.of(officers["pps"]),
        voter_id=voter.pk,
        note="x",
        voting_day=VOTING_DAY,
    )


# Moving --------------------------------------------------------------------------------------------------


def test_moving_to_another_desa_follows_the_kemendagri_code_and_drops_the_old_tps(officers):
    voter = add(officers["pps"], tps_code=f"{DESA}001")
    moved = voter_move(actor=Actor.of(officers["ppk"]), voter_id=voter.pk, desa_code=OTHER_DESA, note="Pindah domisili")
    assert (moved.desa_id, moved.kemendagri_desa_code, moved.tps_id) == (OTHER_DESA, OTHER_DESA, None)
    event = moved.events.get(kind="pindah")
    assert event.changes == {"desa": [DESA, OTHER_DESA], "tps": [f"{DESA}001", ""]} and event.region_code == OTHER_DESA


def test_moving_to_a_tps_moves_to_its_desa(officers):
    voter = add(officers["pps"])
    moved = voter_move(actor=Actor.of(officers["ppk"]), voter_id=voter.pk, tps_code=f"{OTHER_DESA}002")
    assert (moved.desa_id, moved.tps_id) == (OTHER_DESA, f"{OTHER_DESA}002")


def test_a_move_needs_authority_over_both_ends(officers):
    voter = add(officers["pps"])
    refused(
        PermissionDenied,
        "forbidden",
        voter_move,
        actor=Actor.of(officers["pps"]),
        voter_id=voter.pk,
        desa_code=OTHER_DESA,
    )
    refused(
        PermissionDenied,
        "forbidden",
        voter_move,
        actor=Actor.of(officers["kpu_depok"]),
        voter_id=voter.pk,
        desa_code=BEKASI_DESA,
    )
    voter_move(actor=Actor.of(officers["kpu_ri"]), voter_id=voter.pk, desa_code=BEKASI_DESA)


@pytest.mark.parametrize(
    ("kwargs", "exc", "code"),
    [
        ({}, DomainError, "move_destination_required"),
        ({"desa_code": "3276019999"}, NotFound, "region_not_found"),
        ({"desa_code": "12"}, DomainError, "invalid_region_code"),
        ({"tps_code": f"{OTHER_DESA}999"}, NotFound, "tps_not_found"),
        ({"desa_code": DESA, "tps_code": f"{OTHER_DESA}001"}, DomainError, "tps_not_in_desa"),
        ({"tps_code": f"{DESA}001"}, DomainError, "move_to_same_place"),
    ],
)
def test_bad_moves_are_refused(officers, kwargs, exc, code):
    voter = add(officers["pps"], tps_code=f"{DESA}001")
    refused(exc, code, voter_move, actor=Actor.of(officers["kpu_depok"]), voter_id=voter.pk, **kwargs)


def test_a_tms_voter_is_not_moved(officers):
    voter = add(officers["pps"])
    voter_mark_tms(actor=Actor.of(officers["pps"]), voter_id=voter.pk, tms_code=4, note="Surat pindah")
    refused(
        Conflict,
        "voter_not_active",
        voter_move,
        actor=Actor.of(officers["kpu_depok"]),
        voter_id=voter.pk,
        desa_code=OTHER_DESA,
    )


# Correcting ---------------------------------------------------------------------------------------------


def test_a_correction_keeps_field_names_not_values(officers):
    voter = add(officers["pps"])
    fixed = voter_correct(
        actor=Actor.of(officers["pps"]), voter_id=voter.pk, changes={"name": "Sari  Wulandary", "rt": "5"}, note="KTP"
    )
    assert (fixed.name, fixed.name_key, fixed.rt) == ("Sari Wulandary", "sariwulandary", "005")
    assert fixed.events.get(kind="ubah").changes == {"fields": ["name", "rt"]}
    assert "Wulandary" not in AuditEvent.objects.get(action="voters.correct").summary


def test_a_correction_revalidates_the_nik(officers):
    voter = add(officers["pps"])
    pps = officers["pps"]
    refused(
        DomainError,
        "nik_birth_date_mismatch",
        voter_correct,
        actor=Actor.of(pps),
        voter_id=voter.pk,
        changes={"birth_date": date(1990, 5, 18)},
        note="x",
    )
    refused(
        DomainError,
        "nik_sex_mismatch",
        voter_correct,
        actor=Actor.of(pps),
        voter_id=voter.pk,
        changes={"sex": "L"},
        note="x",
    )
    both = {"birth_date": date(1990, 5, 18), "nik": nik_make("327601", date(1990, 5, 18), "P", 1)}
    assert voter_correct(actor=Actor.of(pps), voter_id=voter.pk, changes=both, note="Akta lahir").birth_date == date(
        1990, 5, 18
    )


def test_a_corrected_nik_may_not_be_someone_elses(officers):
    first = add(officers["pps"])
    second = add(officers["pps"], serial=2)
    refused(
        Conflict,
        "nik_registered",
        voter_correct,
        actor=Actor.of(officers["pps"]),
        voter_id=second.pk,
        changes={"nik": first.nik},
        note="x",
    )


@pytest.mark.parametrize(
    ("changes", "code"),
    [({"status": "tms"}, "unknown_field"), ({"desa": OTHER_DESA}, "unknown_field"), ({"rt": "001"}, "no_changes")],
)
def test_corrections_that_are_not(officers, changes, code):
    voter = add(officers["pps"])
    refused(
        DomainError, code, voter_correct, actor=Actor.of(officers["pps"]), voter_id=voter.pk, changes=changes, note="x"
    )


# DPB period locks ---------------------------------------------------------------------------------------


def test_a_signed_period_blocks_every_change_in_its_kabkota_until_reopened(officers):
    voter = add(officers["pps"])
    lock = dpb_period_lock(
        actor=Actor.of(officers["kpu_depok"]),
        region_code="3276",
        period_start=date(2026, 9, 1),
        period_end=date(2026, 11, 30),
    )
    pps = officers["pps"]
    refused(Conflict, "dpb_period_locked", add, pps, serial=2)
    refused(Conflict, "dpb_period_locked", voter_mark_tms, actor=Actor.of(pps), voter_id=voter.pk, tms_code=1, note="x")
    refused(
        Conflict,
        "dpb_period_locked",
        voter_correct,
        actor=Actor.of(pps),
        voter_id=voter.pk,
        changes={"rt": "9"},
        note="x",
    )
    refused(
        Conflict,
        "dpb_period_locked",
        voter_move,
        actor=Actor.of(officers["kpu_depok"]),
        voter_id=voter.pk,
        desa_code=OTHER_DESA,
    )
    dpb_period_reopen(actor=Actor.of(officers["kpu_depok"]), lock_id=lock.pk, reason="Putusan Bawaslu")
    voter_move(actor=Actor.of(officers["kpu_depok"]), voter_id=voter.pk, desa_code=OTHER_DESA)


def test_a_move_into_a_locked_kabkota_is_refused(officers):
    voter = add(officers["pps"])
    dpb_period_lock(
        actor=Actor.of(officers["kpu_ri"]),
        region_code="3275",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
    )
    refused(
        Conflict,
        "dpb_period_locked",
        voter_move,
        actor=Actor.of(officers["kpu_ri"]),
        voter_id=voter.pk,
        desa_code=BEKASI_DESA,
    )


def test_a_period_that_does_not_cover_today_blocks_nothing(officers):
    dpb_period_lock(
        actor=Actor.of(officers["kpu_depok"]),
        region_code="3276",
        period_start=date(2026, 6, 1),
        period_end=date(2026, 8, 31),
    )
    add(officers["pps"])


def test_period_lock_refusals(officers):
    kpu = officers["kpu_depok"]
    refused(
        DomainError,
        "invalid_region_code",
        dpb_period_lock,
        actor=Actor.of(kpu),
        region_code="327601",
        period_start=TODAY,
        period_end=TODAY,
    )
    refused(
        NotFound,
        "region_not_found",
        dpb_period_lock,
        actor=Actor.of(kpu),
        region_code="3299",
        period_start=TODAY,
        period_end=TODAY,
    )
    refused(
        DomainError,
        "invalid_period",
        dpb_period_lock,
        actor=Actor.of(kpu),
        region_code="3276",
        period_start=TODAY,
        period_end=date(2026, 1, 1),
    )
    refused(
        PermissionDenied,
        "forbidden",
        dpb_period_lock,
        actor=Actor.of(officers["ppk"]),
        region_code="3276",
        period_start=TODAY,
        period_end=TODAY,
    )
    refused(
        PermissionDenied,
        "forbidden",
        dpb_period_lock,
        actor=Actor.of(kpu),
        region_code="3275",
        period_start=TODAY,
        period_end=TODAY,
    )
    lock = dpb_period_lock(
        actor=Actor.of(kpu), region_code="3276", period_start=date(2026, 9, 1), period_end=date(2026, 11, 30)
    )
    refused(
        Conflict,
        "period_overlaps",
        dpb_period_lock,
        actor=Actor.of(kpu),
        region_code="3276",
        period_start=date(2026, 11, 30),
        period_end=date(2026, 12, 31),
    )
    refused(DomainError, "reason_required", dpb_period_reopen, actor=Actor.of(kpu), lock_id=lock.pk, reason="")
    refused(NotFound, "lock_not_found", dpb_period_reopen, actor=Actor.of(kpu), lock_id=lock.pk + 100, reason="x")
    dpb_period_reopen(actor=Actor.of(kpu), lock_id=lock.pk, reason="Putusan Bawaslu")
    refused(Conflict, "lock_already_reopened", dpb_period_reopen, actor=Actor.of(kpu), lock_id=lock.pk, reason="x")
