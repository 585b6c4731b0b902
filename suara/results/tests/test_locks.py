"""Each level signs off its own recapitulation once complete; nothing beneath a standing lock changes
until the lock is reopened, with a reason, by that level or one above."""

from __future__ import annotations

import pytest

from conftest import consistent_tally, make_officer, photo_bytes
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.results.entry.corrections import correction_propose
from suara.results.entry.services import result_submit
from suara.results.models import RecapLock, RegionTotal
from suara.results.recap.locks import recap_lock, recap_reopen
from suara.results.tests.support import body, record_results, tps_beneath

KECAMATAN = "327601"
TPS = "3276011006001"
REASON = "Koreksi atas keberatan saksi di rapat pleno"


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def complete(officers):
    """Every TPS of Pancoran Mas has reported (not yet folded: locking folds first)."""
    record_results(tps_beneath(KECAMATAN))
    return officers


def lock(user, code=KECAMATAN):
    return recap_lock(actor=Actor.of(user), contest="ppwp-2024", region_code=code)


def reopen(user, code=KECAMATAN, reason=REASON):
    return recap_reopen(actor=Actor.of(user), contest="ppwp-2024", region_code=code, reason=reason)


def propose(user, sid):
    return correction_propose(
        actor=Actor.of(user),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(votes=(30, 45, 25)),
        photos=[photo_bytes()],
        reason="Salah baca angka pasangan 01 dan 02",
        submission_id=sid,
    )


def test_the_ppk_locks_its_complete_kecamatan_and_its_snapshot_says_so(complete):
    made = lock(complete["ppk"])
    assert (made.region_code, made.locked_by, made.reopened_at) == (KECAMATAN, "ppk_a", None)
    kept = RegionTotal.objects.get(region_code=KECAMATAN)
    assert kept.tps_reported == len(tps_beneath(KECAMATAN)) == body(KECAMATAN)["tps_expected"]
    assert body(KECAMATAN)["locked"] == {"at": made.locked_at.isoformat(), "role": "ppk"}
    assert body("3276")["locked"] is None
    event = AuditEvent.objects.get(action="results.recap_lock")
    assert (event.actor, event.role, event.object_code) == ("ppk_a", "ppk", KECAMATAN)


def test_a_lock_is_refused_until_every_tps_beneath_has_reported(officers):
    record_results(tps_beneath(KECAMATAN)[1:])
    with pytest.raises(Conflict) as err:
        lock(officers["ppk"])
    assert err.value.code == "recap_incomplete" and err.value.status == 409
    expected = len(tps_beneath(KECAMATAN))
    assert f"{expected - 1} dari {expected} TPS" in err.value.message
    assert not RecapLock.objects.exists() and not AuditEvent.objects.filter(action="results.recap_lock").exists()
    assert RegionTotal.objects.get(region_code=KECAMATAN).tps_reported == expected - 1  # the fold still happened


def test_a_lock_is_refused_while_a_correction_beneath_waits_for_a_decision(complete):
    propose(complete["kpps"], "corr-lock-0001")
    with pytest.raises(Conflict) as err:
        lock(complete["ppk"])
    assert err.value.code == "corrections_pending" and not RecapLock.objects.exists()


@pytest.mark.parametrize(
    ("who", "code", "error"),
    [
        ("kpu_depok", KECAMATAN, "lock_wrong_level"),  # the kecamatan is the PPK's to sign off
        ("kpu_ri", KECAMATAN, "lock_wrong_level"),
        ("ppk", "3276", "forbidden"),  # a level above its own
        ("kpu_bekasi", "3276", "forbidden"),  # another kota
        ("ppk_pasar", KECAMATAN, "forbidden"),  # another kecamatan's PPK
        ("kpps", KECAMATAN, "forbidden"),
    ],
)
def test_only_the_level_itself_locks_its_own_region(complete, who, code, error):
    complete["kpu_bekasi"] = make_officer("kpu_bekasi", "kpu_kabkota", "3275")
    complete["ppk_pasar"] = make_officer("ppk_pasar", "ppk", "327602")
    with pytest.raises(PermissionDenied) as err:
        lock(complete[who], code)
    assert err.value.code == error and err.value.status == 403
    assert not RecapLock.objects.exists()


@pytest.mark.parametrize(
    ("code", "error", "kind"),
    [
        ("3276011006", "invalid_region_code", DomainError),  # desa recaps are not signed off
        ("32760", "invalid_region_code", DomainError),
        ("32760x", "invalid_region_code", DomainError),
        ("327699", "region_not_found", NotFound),
    ],
)
def test_a_lock_on_no_lockable_region_is_refused(complete, code, error, kind):
    with pytest.raises(kind) as err:
        lock(complete["ppk"], code)
    assert err.value.code == error


def test_a_region_is_locked_once(complete):
    lock(complete["ppk"])
    with pytest.raises(Conflict) as err:
        lock(complete["ppk_b"])
    assert err.value.code == "recap_already_locked" and RecapLock.objects.count() == 1


def test_nothing_beneath_a_lock_changes_until_it_is_reopened(complete):
    lock(complete["ppk"])
    with pytest.raises(Conflict) as err:
        propose(complete["kpps"], "corr-lock-0002")
    assert (err.value.code, err.value.status) == ("recap_locked", 409)
    with pytest.raises(Conflict) as err:
        result_submit(
            actor=Actor.of(complete["kpps"]),
            contest="ppwp-2024",
            tps=TPS,
            tally=consistent_tally(),
            photos=[photo_bytes()],
            submission_id="sub-lock-0001",
        )
    assert err.value.code == "recap_locked"
    # Beside the lock, work goes on.
    result_submit(
        actor=Actor.of(complete["kpps_bekasi"]),
        contest="ppwp-2024",
        tps="3275011001001",
        tally=consistent_tally(),
        photos=[photo_bytes()],
        submission_id="sub-lock-0002",
    )
    reopened = reopen(complete["ppk_b"])
    assert reopened.reopened_by == "ppk_b" and reopened.reopen_reason == REASON
    assert body(KECAMATAN)["locked"] is None
    event = AuditEvent.objects.get(action="results.recap_reopen")
    assert (event.actor, event.role, event.object_code) == ("ppk_b", "ppk", KECAMATAN)
    assert propose(complete["kpps"], "corr-lock-0003").created


@pytest.mark.parametrize("reason", ["", "   ", "terlambat"])
def test_reopening_needs_a_reason(complete, reason):
    lock(complete["ppk"])
    with pytest.raises(DomainError) as err:
        reopen(complete["ppk"], reason=reason)
    assert err.value.code == "reason_required" and err.value.field == "reason"
    assert RecapLock.objects.get().reopened_at is None
    assert not AuditEvent.objects.filter(action="results.recap_reopen").exists()


def test_a_level_above_may_reopen_a_lock_and_no_one_else(complete):
    lock(complete["ppk"])
    outsider = make_officer("ppk_pasar", "ppk", "327602")
    with pytest.raises(PermissionDenied):
        reopen(outsider)
    reopen(complete["kpu_depok"])
    assert RecapLock.objects.get().reopened_by == "kpu_depok"
    with pytest.raises(Conflict) as err:
        reopen(complete["kpu_depok"])
    assert err.value.code == "recap_not_locked"
    lock(complete["ppk"])  # and it may be locked again
    assert RecapLock.objects.filter(reopened_at__isnull=True).count() == 1


def test_kpu_kota_locks_its_complete_kota_and_a_ppk_cannot_reopen_it(officers):
    record_results(tps_beneath("3276"))
    with pytest.raises(PermissionDenied):
        lock(officers["ppk"], "3276")
    made = lock(officers["kpu_depok"], "3276")
    assert body("3276")["locked"] == {"at": made.locked_at.isoformat(), "role": "kpu_kabkota"}
    assert body("3276")["tps_reported"] == body("3276")["tps_expected"] == len(tps_beneath("3276"))
    with pytest.raises(PermissionDenied):
        reopen(officers["ppk"], "3276")
    reopen(officers["kpu_ri"], "3276")
    assert body("3276")["locked"] is None
