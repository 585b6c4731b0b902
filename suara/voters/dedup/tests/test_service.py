"""Duplicate detection's service: a run proposes the duplicate and nothing else, decisions are kept and
audited, a decided pair never comes back, and every refusal is clear and leaves nothing changed."""

from __future__ import annotations

from datetime import date

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.voters.dedup.model import CURRENT_VERSION
from suara.voters.dedup.service import dedup_run, pair_confirm, pair_reject, proposed_pairs_for
from suara.voters.models import DuplicatePair, Voter, VoterEvent
from suara.voters.tms import DUPLICATE

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def proposed(register):
    outcome = dedup_run()
    assert outcome.new == 1
    return DuplicatePair.objects.get()


def test_a_run_proposes_the_duplicate_and_nothing_else(register):
    outcome = dedup_run()
    assert outcome.records == len(register)
    assert [(p.id_a, p.id_b) for p in outcome.proposed] == [(register[0].pk, register[1].pk)]
    pair = DuplicatePair.objects.get()
    assert pair.status == DuplicatePair.Status.PROPOSED
    assert pair.probability >= outcome.threshold
    assert pair.model_version == CURRENT_VERSION
    assert (pair.region_a, pair.region_b) == (register[0].desa_id, register[1].desa_id)
    event = AuditEvent.objects.filter(action="voters.dedup_run").get()
    assert register[0].nik not in event.summary and "Sari" not in event.summary
    assert outcome.niks == {register[0].pk: register[0].nik, register[1].pk: register[1].nik}


def test_a_second_run_stores_nothing_new(proposed):
    outcome = dedup_run()
    assert outcome.new == 0 and len(outcome.proposed) == 1
    assert DuplicatePair.objects.count() == 1


def test_confirm_marks_the_extra_record_tms_2_with_an_audit_event(proposed, officers, register):
    pair = pair_confirm(actor=Actor.of(officers["kpu_depok"]), pair_id=proposed.pk, note="KTP diperiksa")
    assert pair.status == DuplicatePair.Status.CONFIRMED and pair.extra_id == register[1].pk
    assert pair.decided_by == "kpu_depok" and pair.decided_at is not None
    extra = Voter.objects.get(pk=register[1].pk)
    assert (extra.status, extra.tms_code) == (Voter.Status.TMS, DUPLICATE)
    assert Voter.objects.get(pk=register[0].pk).status == Voter.Status.ACTIVE
    event = VoterEvent.objects.get(voter=extra, kind=VoterEvent.Kind.TMS)
    assert event.tms_code == DUPLICATE and f"#{register[0].pk}" in event.note and "KTP diperiksa" in event.note
    confirm = AuditEvent.objects.get(action="voters.dedup_confirm")
    assert confirm.actor == "kpu_depok" and confirm.role == "kpu_kabkota"
    assert AuditEvent.objects.filter(action="voters.mark_tms").count() == 1


def test_confirm_may_name_the_other_record_as_the_extra_one(proposed, officers, register):
    pair_confirm(actor=Actor.of(officers["kpu_depok"]), pair_id=proposed.pk, extra_voter_id=register[0].pk)
    assert Voter.objects.get(pk=register[0].pk).tms_code == DUPLICATE
    assert Voter.objects.get(pk=register[1].pk).status == Voter.Status.ACTIVE


def test_a_rejected_pair_never_comes_back(proposed, officers):
    pair_reject(actor=Actor.of(officers["kpu_depok"]), pair_id=proposed.pk, note="kembar")
    assert AuditEvent.objects.filter(action="voters.dedup_reject").count() == 1
    outcome = dedup_run()
    assert outcome.proposed == [] and outcome.new == 0 and outcome.decided == 1
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.REJECTED
    assert list(proposed_pairs_for(officers["kpu_depok"])) == []


def test_a_confirmed_pair_is_not_proposed_again(proposed, officers):
    pair_confirm(actor=Actor.of(officers["kpu_depok"]), pair_id=proposed.pk)
    outcome = dedup_run()  # the extra record is TMS now: off the compared register
    assert outcome.proposed == [] and DuplicatePair.objects.count() == 1


def test_deciding_twice_is_refused(proposed, officers):
    pair_reject(actor=Actor.of(officers["kpu_depok"]), pair_id=proposed.pk)
    with pytest.raises(Conflict) as refused:
        pair_confirm(actor=Actor.of(officers["kpu_depok"]), pair_id=proposed.pk)
    assert refused.value.code == "pair_decided"
    assert not Voter.objects.filter(status=Voter.Status.TMS).exists()


def test_an_unknown_pair_is_refused(register, officers):
    with pytest.raises(NotFound) as refused:
        pair_reject(actor=Actor.of(officers["kpu_depok"]), pair_id=999)
    assert refused.value.code == "pair_not_found"


def test_a_pair_outside_the_operators_area_is_refused(proposed, officers):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied) as refused:
        pair_confirm(actor=Actor.of(officers["kpu_bekasi"]), pair_id=proposed.pk)
    assert refused.value.code == "pair_outside_area"
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.PROPOSED
    assert AuditEvent.objects.count() == before
    assert list(proposed_pairs_for(officers["kpu_bekasi"])) == []
    assert list(proposed_pairs_for(officers["kpu_depok"])) == [proposed]


def test_an_extra_record_outside_the_pair_is_refused(proposed, officers, register):
    with pytest.raises(DomainError) as refused:
        pair_confirm(actor=Actor.of(officers["kpu_depok"]), pair_id=proposed.pk, extra_voter_id=register[2].pk)
    assert refused.value.code == "extra_not_in_pair"
    assert not Voter.objects.filter(status=Voter.Status.TMS).exists()


def test_an_unknown_region_is_refused(register):
    with pytest.raises(NotFound) as refused:
        dedup_run(region="3299")
    assert refused.value.code == "region_not_found"
    with pytest.raises(DomainError) as malformed:
        dedup_run(region="32x")
    assert malformed.value.code == "invalid_region_code"
    assert not DuplicatePair.objects.exists()


def test_an_unknown_batch_is_refused(register):
    with pytest.raises(NotFound) as refused:
        dedup_run(batch="tidak-ada")
    assert refused.value.code == "batch_not_found"


def test_a_region_run_checks_its_voters_against_the_whole_register(register):
    # The duplicate's second record is in Depok: a run over Bekasi finds nothing, one over Depok finds it.
    assert dedup_run(region="3275").proposed == []
    outcome = dedup_run(region="3276")
    assert outcome.focus == 6 and [(p.id_a, p.id_b) for p in outcome.proposed] == [(register[0].pk, register[1].pk)]


def test_new_records_are_checked_against_the_register(register):
    Voter.objects.filter(pk__in=[v.pk for v in register]).update(created_at="2026-01-01T00:00:00Z")
    Voter.objects.filter(pk=register[1].pk).update(created_at="2026-11-20T00:00:00Z")
    assert dedup_run(since=date(2026, 11, 21)).focus == 0
    outcome = dedup_run(since=date(2026, 11, 20))
    assert outcome.focus == 1 and [(p.id_a, p.id_b) for p in outcome.proposed] == [(register[0].pk, register[1].pk)]


def test_an_import_batch_is_checked_against_the_register(register):
    VoterEvent.objects.create(
        voter=register[1], kind=VoterEvent.Kind.IMPORT, actor="test", at=register[1].created_at, batch="impor-1"
    )
    outcome = dedup_run(batch="impor-1")
    assert outcome.focus == 1 and [(p.id_a, p.id_b) for p in outcome.proposed] == [(register[0].pk, register[1].pk)]


def test_confirming_in_a_signed_dpb_period_is_refused_and_changes_nothing(proposed, officers):
    from suara.voters.locks import dpb_period_lock

    dpb_period_lock(
        actor=Actor.of(officers["kpu_depok"]),
        region_code="3276",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
    )
    before = AuditEvent.objects.count()
    with pytest.raises(Conflict) as refused:
        pair_confirm(actor=Actor.of(officers["kpu_depok"]), pair_id=proposed.pk)
    assert refused.value.code == "dpb_period_locked"
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.PROPOSED
    assert not Voter.objects.filter(status=Voter.Status.TMS).exists()
    assert AuditEvent.objects.count() == before
