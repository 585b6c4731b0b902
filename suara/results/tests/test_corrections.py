"""A stored result changes only through a correction with a reason, approved by another PPK of the
kecamatan; every version stays in the history."""

import pytest

from conftest import consistent_tally, photo_bytes
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, PermissionDenied
from suara.results.entry.corrections import correction_decide, correction_propose
from suara.results.entry.services import result_submit
from suara.results.models import RecapDelta, RecapPointer, ResultVersion, TpsResult

TPS = "3276011006001"
CORRECTED = consistent_tally(votes=(30, 45, 25))


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def stored(officers):
    result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(),
        photos=[photo_bytes()],
        submission_id="entry-0001",
    )
    return officers


def propose(user, tally=CORRECTED, *, reason="Salah baca angka pasangan 01 dan 02", sid="corr-0001"):
    return correction_propose(
        actor=Actor.of(user),
        contest="ppwp-2024",
        tps=TPS,
        tally=tally,
        photos=[photo_bytes(color=(10, 10, 10))],
        reason=reason,
        submission_id=sid,
    ).version


def test_a_proposal_waits_for_the_ppk_and_changes_nothing_yet(stored):
    version = propose(stored["kpps"])
    assert version.status == ResultVersion.Status.PENDING and version.number is None
    assert TpsResult.objects.get().tally == consistent_tally()
    assert RecapDelta.objects.count() == 1  # only the entry's


def test_approval_makes_the_next_version_and_moves_the_totals_by_the_difference(stored):
    version = propose(stored["kpps"])
    approved = correction_decide(
        actor=Actor.of(stored["ppk"]), version_id=version.pk, approve=True, note="sesuai C.Hasil"
    )
    assert approved.status == ResultVersion.Status.ACCEPTED and approved.number == 2
    result = TpsResult.objects.get()
    assert result.version == 2 and result.tally == CORRECTED
    last = RecapDelta.objects.order_by("pk").last().delta
    assert last == {"votes.1": -10, "votes.2": 10, "tps_reported": 0}
    body = RecapPointer.objects.get(code=TPS).snapshot.body
    assert body["version"] == 2 and [v["number"] for v in body["versions"]] == [1, 2]
    assert "J3" in result.flags  # 10 of 100 valid votes moved
    assert AuditEvent.objects.filter(action="results.correction_approve", object_code=TPS).exists()


def test_rejection_keeps_the_result_and_the_history(stored):
    version = propose(stored["kpps"])
    correction_decide(actor=Actor.of(stored["ppk"]), version_id=version.pk, approve=False, note="foto tidak mendukung")
    assert TpsResult.objects.get().version == 1
    body = RecapPointer.objects.get(code=TPS).snapshot.body
    assert [v["status"] for v in body["versions"]] == ["accepted", "rejected"]


def test_nobody_approves_their_own_correction(stored):
    version = propose(stored["ppk"])
    with pytest.raises(DomainError) as err:
        correction_decide(actor=Actor.of(stored["ppk"]), version_id=version.pk, approve=True)
    assert err.value.code == "own_correction"
    correction_decide(actor=Actor.of(stored["ppk_b"]), version_id=version.pk, approve=True)


def test_only_the_ppk_of_that_kecamatan_decides(stored):
    version = propose(stored["kpps"])
    for user in (stored["kpps"], stored["kpu_depok"], stored["kpps_bekasi"]):
        with pytest.raises(PermissionDenied):
            correction_decide(actor=Actor.of(user), version_id=version.pk, approve=True)
    assert ResultVersion.objects.get(pk=version.pk).status == ResultVersion.Status.PENDING


def test_a_decision_is_final(stored):
    version = propose(stored["kpps"])
    correction_decide(actor=Actor.of(stored["ppk"]), version_id=version.pk, approve=True)
    with pytest.raises(Conflict):
        correction_decide(actor=Actor.of(stored["ppk_b"]), version_id=version.pk, approve=False)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"reason": "salah"}, "reason_required"),
        ({"tally": consistent_tally()}, "correction_changes_nothing"),
        ({"tally": {**CORRECTED, "valid": 99}}, "rules_broken"),
    ],
)
def test_bad_corrections_are_refused(stored, kwargs, code):
    with pytest.raises(DomainError) as err:
        propose(stored["kpps"], **kwargs)
    assert err.value.code == code
    assert ResultVersion.objects.count() == 1


def test_a_correction_needs_a_stored_result(officers):
    with pytest.raises(DomainError) as err:
        propose(officers["kpps"])
    assert err.value.code == "no_result_yet"


def test_another_kpps_cannot_propose(stored):
    with pytest.raises(PermissionDenied):
        propose(stored["kpps_002"])


def test_a_proposal_retried_with_its_id_is_stored_once(stored):
    first = propose(stored["kpps"])
    again = propose(stored["kpps"])
    assert first.pk == again.pk and ResultVersion.objects.count() == 2
