"""The verification services: draw, attempts, decisions, the one replacement, the result, the export; each
refusal with its code and nothing half-applied; one audit event per write."""

from datetime import timedelta

import pytest
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.parties.models import SampledMember, VerificationAttempt, VerificationSample
from suara.parties.verification import sampling, services

pytestmark = pytest.mark.django_db
SEED = "00112233445566778899aabbccddeeff"


@pytest.fixture
def sample(parties, verifiers, listings):
    listings(parties["pkb"], 120)
    listings(parties["pkb"], 5, status="BMS", start=500)  # not eligible: not in the frame
    listings(parties["pkb"], 30, kabkota="3275", start=600)  # another kab/kota
    return services.sample_draw(
        actor=Actor.of(verifiers["depok"]), party_id=parties["pkb"].pk, kabkota_code="3276", seed=SEED
    )


def _code(excinfo) -> str:
    return str(excinfo.value.code)


def _attempt(user, sample, sampled, method="rumah", finding="confirmed", key=None, when=None):
    return services.attempt_record(
        actor=Actor.of(user),
        sample_id=sample.pk,
        sampled_id=sampled.pk,
        method=method,
        finding=finding,
        attempted_at=when or timezone.now(),
        key=key or f"attempt-{sampled.pk}-{method}",
    )


def _decide(user, sample, sampled, outcome, key=None):
    return services.member_decide(
        actor=Actor.of(user),
        sample_id=sample.pk,
        sampled_id=sampled.pk,
        outcome=outcome,
        key=key or f"decide-{sampled.pk}",
    )


def _drawn(sample):
    return list(sample.members.filter(kind="sampel").order_by("number"))


def test_the_draw_is_krejcie_morgan_over_the_eligible_listings_of_the_kabkota(sample, parties):
    assert (sample.population, sample.size, sample.required_ms) == (120, 92, 47)
    assert sample.algorithm == "suara-sistematik-v1" and sample.seed == SEED
    frame = list(parties["pkb"].members.filter(kabkota_code="3276", status="MS").values_list("pk", "nik"))
    expected = sampling.draw(frame, SEED)
    assert [m.member_id for m in _drawn(sample)] == expected.listing_ids
    assert sample.frame_digest == expected.frame_digest
    event = AuditEvent.objects.filter(action="parties.verification_draw").get()
    assert SEED in event.summary and "N=120" in event.summary


def test_a_fresh_seed_is_128_random_bits(parties, verifiers, listings):
    listings(parties["pkb"], 10)
    drawn = services.sample_draw(actor=Actor.of(verifiers["ri"]), party_id=parties["pkb"].pk, kabkota_code="3276")
    sampling.seed_check(drawn.seed)
    assert drawn.size == 10


def test_drawing_refusals(sample, parties, verifiers, listings):
    with pytest.raises(DomainError) as excinfo:
        services.sample_draw(actor=Actor.of(verifiers["depok"]), party_id=parties["pkb"].pk, kabkota_code="3276")
    assert _code(excinfo) == "sample_exists"
    with pytest.raises(DomainError) as excinfo:
        services.sample_draw(actor=Actor.of(verifiers["bekasi"]), party_id=parties["pkb"].pk, kabkota_code="3276")
    assert _code(excinfo) == "forbidden"
    with pytest.raises(DomainError) as excinfo:
        services.sample_draw(actor=Actor.of(verifiers["pkb"]), party_id=parties["pkb"].pk, kabkota_code="3276")
    assert _code(excinfo) == "forbidden"  # a party does not draw its own sample
    with pytest.raises(DomainError) as excinfo:
        services.sample_draw(actor=Actor.of(verifiers["depok"]), party_id=parties["gerindra"].pk, kabkota_code="3276")
    assert _code(excinfo) == "sample_frame_empty"
    with pytest.raises(DomainError) as excinfo:
        services.sample_draw(actor=Actor.of(verifiers["depok"]), party_id=parties["gerindra"].pk, kabkota_code="32x6")
    assert _code(excinfo) == "invalid_region_code"
    with pytest.raises(DomainError) as excinfo:
        services.sample_draw(actor=Actor.of(verifiers["ri"]), party_id=parties["pa"].pk, kabkota_code="3276")
    assert _code(excinfo) == "verification_input_invalid"  # an Aceh party outside Aceh
    assert VerificationSample.objects.count() == 1


def test_a_member_confirmed_at_home_is_ms(sample, verifiers):
    first = _drawn(sample)[0]
    attempt, created = _attempt(verifiers["depok"], sample, first)
    assert created and attempt.finding == "confirmed"
    decided, created = _decide(verifiers["depok"], sample, first, "confirmed")
    assert created and (decided.outcome, decided.decision) == ("confirmed", "MS")
    assert AuditEvent.objects.filter(action__startswith="parties.verification_").count() == 3


def test_a_resend_with_the_same_key_records_nothing(sample, verifiers):
    first = _drawn(sample)[0]
    attempt, _ = _attempt(verifiers["depok"], sample, first, finding="not_met", key="same-key-1")
    again, created = _attempt(verifiers["depok"], sample, first, finding="not_met", key="same-key-1")
    assert not created and again.pk == attempt.pk
    assert VerificationAttempt.objects.count() == 1
    with pytest.raises(DomainError) as excinfo:
        _attempt(verifiers["depok"], sample, first, method="kantor", finding="denies", key="same-key-1")
    assert _code(excinfo) == "idempotency_key_reused"
    _attempt(verifiers["depok"], sample, first, method="video", finding="not_met")
    _decide(verifiers["depok"], sample, first, "not_found", key="decide-key-1")
    _, created = _decide(verifiers["depok"], sample, first, "not_found", key="decide-key-1")
    assert not created
    assert AuditEvent.objects.filter(action="parties.verification_decide").count() == 1


def test_attempts_out_of_order_are_refused(sample, verifiers):
    first, second = _drawn(sample)[:2]
    depok = verifiers["depok"]
    _attempt(depok, sample, first, method="kantor", finding="not_met")
    for method in ("rumah", "kantor"):  # back to an earlier method, or the same one twice
        with pytest.raises(DomainError) as excinfo:
            _attempt(depok, sample, first, method=method, finding="not_met", key=f"again-{method}")
        assert _code(excinfo) == "attempt_out_of_order"
    _attempt(depok, sample, second, method="rumah", finding="denies")
    with pytest.raises(DomainError) as excinfo:
        _attempt(depok, sample, second, method="video", finding="confirmed")
    assert _code(excinfo) == "attempt_out_of_order"  # met already: decide instead


def test_decisions_out_of_order_are_refused(sample, verifiers):
    first, second = _drawn(sample)[:2]
    depok = verifiers["depok"]
    with pytest.raises(DomainError) as excinfo:
        _decide(depok, sample, first, "confirmed")
    assert _code(excinfo) == "decision_out_of_order"  # no attempt yet
    _attempt(depok, sample, first, finding="not_met")
    with pytest.raises(DomainError) as excinfo:
        _decide(depok, sample, first, "not_found")
    assert _code(excinfo) == "decision_out_of_order"  # not found only after the video call
    with pytest.raises(DomainError) as excinfo:
        _decide(depok, sample, first, "confirmed")
    assert _code(excinfo) == "outcome_inconsistent"
    _attempt(depok, sample, second, finding="deceased")
    _decide(depok, sample, second, "deceased")
    with pytest.raises(DomainError) as excinfo:
        _decide(depok, sample, second, "deceased", key="another-key")
    assert _code(excinfo) == "decision_out_of_order"  # decided already
    with pytest.raises(DomainError) as excinfo:
        _attempt(depok, sample, second, method="video", finding="confirmed")
    assert _code(excinfo) == "attempt_out_of_order"
    assert SampledMember.objects.get(pk=first.pk).decision == ""


def test_an_outcome_for_a_member_not_in_the_sample(sample, verifiers, parties, listings):
    other = listings(parties["pkb"], 3, start=900)  # PKB's, but not drawn
    listings(parties["gerindra"], 3, start=950)
    services.sample_draw(
        actor=Actor.of(verifiers["depok"]), party_id=parties["gerindra"].pk, kabkota_code="3276", seed=SEED
    )
    foreign = SampledMember.objects.exclude(sample=sample).first()
    for sampled_id in (foreign.pk, 10**9, other[0].pk):
        with pytest.raises(DomainError) as excinfo:
            services.member_decide(
                actor=Actor.of(verifiers["depok"]),
                sample_id=sample.pk,
                sampled_id=sampled_id,
                outcome="denies",
                key="k" * 10,
            )
        assert _code(excinfo) == "sampled_member_not_found"
        with pytest.raises(DomainError) as excinfo:
            services.attempt_record(
                actor=Actor.of(verifiers["depok"]),
                sample_id=sample.pk,
                sampled_id=sampled_id,
                method="rumah",
                finding="denies",
                attempted_at=timezone.now(),
                key="k" * 10,
            )
        assert _code(excinfo) == "sampled_member_not_found"


def test_another_kabkotas_verifier_and_the_party_are_refused(sample, verifiers):
    first = _drawn(sample)[0]
    for user in (verifiers["bekasi"], verifiers["pkb"]):
        with pytest.raises(DomainError) as excinfo:
            _attempt(user, sample, first)
        assert _code(excinfo) == "forbidden"
        with pytest.raises(DomainError) as excinfo:
            services.sample_finalise(actor=Actor.of(user), sample_id=sample.pk)
        assert _code(excinfo) == "forbidden"
    _attempt(verifiers["ri"], sample, first)  # KPU RI verifies anywhere


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("method", "telepon", "verification_input_invalid"),
        ("finding", "maybe", "verification_input_invalid"),
        ("key", "short", "verification_input_invalid"),
        ("key", "bad key with spaces", "verification_input_invalid"),
        ("attempted_at", "future", "verification_input_invalid"),
    ],
)
def test_malformed_attempts(sample, verifiers, field, value, code):
    first = _drawn(sample)[0]
    args = {
        "actor": Actor.of(verifiers["depok"]),
        "sample_id": sample.pk,
        "sampled_id": first.pk,
        "method": "rumah",
        "finding": "confirmed",
        "attempted_at": timezone.now(),
        "key": "a-good-key",
    }
    args[field] = timezone.now() + timedelta(days=1) if value == "future" else value
    with pytest.raises(DomainError) as excinfo:
        services.attempt_record(**args)
    assert _code(excinfo) == code and excinfo.value.field == field
    assert not VerificationAttempt.objects.exists()


def test_one_replacement_per_failed_member_from_the_reserve(sample, verifiers):
    depok = verifiers["depok"]
    first, second, third = _drawn(sample)[:3]
    with pytest.raises(DomainError) as excinfo:
        services.replacement_draw(actor=Actor.of(depok), sample_id=sample.pk, sampled_id=first.pk)
    assert _code(excinfo) == "replacement_not_allowed"  # undecided
    _attempt(depok, sample, first, finding="moved")
    _decide(depok, sample, first, "moved")
    _attempt(depok, sample, second, finding="denies")
    _decide(depok, sample, second, "denies")
    _attempt(depok, sample, third, finding="confirmed")
    _decide(depok, sample, third, "confirmed")
    replacement = services.replacement_draw(actor=Actor.of(depok), sample_id=sample.pk, sampled_id=second.pk)
    other = services.replacement_draw(actor=Actor.of(depok), sample_id=sample.pk, sampled_id=first.pk)
    frame = sample.frame_ids()
    positions = sorted(m.position for m in _drawn(sample))
    reserve = sampling.reserve(SEED, sample.population, positions)
    assert [(replacement.number, replacement.position), (other.number, other.position)] == [
        (1, reserve[0]),
        (2, reserve[1]),
    ]
    assert replacement.member_id == frame[reserve[0]] and replacement.replaces_id == second.pk
    assert replacement.member_id not in {m.member_id for m in _drawn(sample)}
    with pytest.raises(DomainError) as excinfo:
        services.replacement_draw(actor=Actor.of(depok), sample_id=sample.pk, sampled_id=second.pk)
    assert _code(excinfo) == "replacement_already_drawn"
    with pytest.raises(DomainError) as excinfo:
        services.replacement_draw(actor=Actor.of(depok), sample_id=sample.pk, sampled_id=third.pk)
    assert _code(excinfo) == "replacement_not_allowed"  # confirmed: nothing to replace
    _attempt(depok, sample, replacement, finding="denies")
    _decide(depok, sample, replacement, "denies")
    with pytest.raises(DomainError) as excinfo:
        services.replacement_draw(actor=Actor.of(depok), sample_id=sample.pk, sampled_id=replacement.pk)
    assert _code(excinfo) == "replacement_not_allowed"  # a replacement is not replaced in turn
    assert sample.members.filter(kind="pengganti").count() == 2


def test_the_reserve_runs_out(parties, verifiers, listings):
    listings(parties["pkb"], 10)  # n = N = 10: no reserve at all
    sample = services.sample_draw(
        actor=Actor.of(verifiers["depok"]), party_id=parties["pkb"].pk, kabkota_code="3276", seed=SEED
    )
    first = _drawn(sample)[0]
    _attempt(verifiers["depok"], sample, first, finding="deceased")
    _decide(verifiers["depok"], sample, first, "deceased")
    with pytest.raises(DomainError) as excinfo:
        services.replacement_draw(actor=Actor.of(verifiers["depok"]), sample_id=sample.pk, sampled_id=first.pk)
    assert _code(excinfo) == "replacement_reserve_empty"


def _decide_all(user, sample, outcome_of):
    for sampled in _drawn(sample):
        outcome = outcome_of(sampled)
        finding = "not_met" if outcome == "not_found" else outcome
        _attempt(user, sample, sampled, method="video", finding=finding)
        _decide(user, sample, sampled, outcome)


def test_the_result_waits_for_every_member_and_then_counts_places(sample, verifiers):
    depok = verifiers["depok"]
    with pytest.raises(DomainError) as excinfo:
        services.sample_finalise(actor=Actor.of(depok), sample_id=sample.pk)
    assert _code(excinfo) == "sample_undecided"
    # 46 confirmed, 46 failed: one short of the 47 needed, until a replacement is confirmed.
    _decide_all(depok, sample, lambda s: "confirmed" if s.number <= 46 else "not_found")
    failed = _drawn(sample)[-1]
    replacement = services.replacement_draw(actor=Actor.of(depok), sample_id=sample.pk, sampled_id=failed.pk)
    with pytest.raises(DomainError) as excinfo:
        services.sample_finalise(actor=Actor.of(depok), sample_id=sample.pk)
    assert _code(excinfo) == "sample_undecided"  # the replacement too
    _attempt(depok, sample, replacement, finding="confirmed")
    _decide(depok, sample, replacement, "confirmed")
    done = services.sample_finalise(actor=Actor.of(depok), sample_id=sample.pk)
    assert (done.result, done.ms_count, done.required_ms) == ("MS", 47, 47)
    with pytest.raises(DomainError) as excinfo:
        services.sample_finalise(actor=Actor.of(depok), sample_id=sample.pk)
    assert _code(excinfo) == "sample_finalised"
    with pytest.raises(DomainError) as excinfo:
        services.replacement_draw(actor=Actor.of(depok), sample_id=sample.pk, sampled_id=_drawn(sample)[-2].pk)
    assert _code(excinfo) == "sample_finalised"
    assert AuditEvent.objects.filter(action="parties.verification_finalise").count() == 1


def test_too_few_confirmed_is_tms(parties, verifiers, listings):
    listings(parties["pkb"], 10)
    sample = services.sample_draw(
        actor=Actor.of(verifiers["depok"]), party_id=parties["pkb"].pk, kabkota_code="3276", seed=SEED
    )
    _decide_all(verifiers["depok"], sample, lambda s: "confirmed" if s.number <= 5 else "denies")
    done = services.sample_finalise(actor=Actor.of(verifiers["depok"]), sample_id=sample.pk)
    assert (done.result, done.ms_count, done.required_ms) == ("TMS", 5, 6)


def test_the_export_is_the_frame_in_order_for_the_verifier_and_the_party_only(sample, verifiers):
    text = services.frame_export(actor=Actor.of(verifiers["pkb"]), sample_id=sample.pk)
    lines = text.splitlines()
    assert lines[0] == "posisi,id_listing,nik,nama,jenis_kelamin,tanggal_lahir,kode_desa,kta"
    assert len(lines) == 121
    assert [int(line.split(",")[1]) for line in lines[1:]] == sample.frame_ids()
    assert services.frame_export(actor=Actor.of(verifiers["depok"]), sample_id=sample.pk) == text
    for user in (verifiers["bekasi"], verifiers["gerindra"]):
        with pytest.raises(DomainError) as excinfo:
            services.frame_export(actor=Actor.of(user), sample_id=sample.pk)
        assert _code(excinfo) == "sample_not_found"
    events = AuditEvent.objects.filter(action="parties.verification_export")
    assert events.count() == 2 and all(len(e.summary) < 120 for e in events)
