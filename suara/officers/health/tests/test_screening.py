"""Screenings entered and imported, the doctor's clearance and the chair gate: each write one transaction
and one audit event naming the officer's id, never a value; bad values refused with a code naming the
field, nothing written."""

from datetime import date

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError, NotFound
from suara.officers.health import selectors, services_screening
from suara.officers.health.risk import Condition, Risk
from suara.officers.models import Screening

pytestmark = pytest.mark.django_db


def test_a_screening_is_recorded_with_its_risk_and_an_audit_naming_only_the_officer(election, roster, accounts):
    chair = roster["chair"]
    s = services_screening.screening_record(
        actor=Actor.of(accounts["health"]), officer_id=chair.pk, screened_on=date(2024, 1, 10), systolic=150,
        diastolic=95, fasting_glucose=100, total_cholesterol=180,
    )  # fmt: skip
    assert s.risk == Risk.HIGH  # born 1970: 53, over 50 with a factor
    event = AuditEvent.objects.get(action="officers.screening")
    assert event.object_code == str(chair.pk) and event.actor == "dinkes_depok"
    assert "150" not in event.summary and chair.name not in event.summary


def test_linmas_are_screened_too_and_the_kpu_office_may_enter(election, roster, accounts):
    guard = roster["linmas"][0]
    s = services_screening.screening_record(
        actor=Actor.of(accounts["kpu_depok"]),
        officer_id=guard.pk,
        screened_on=date(2024, 1, 10),
        systolic=120,
        diastolic=80,
    )
    assert s.risk == Risk.LOW


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"systolic": 900, "diastolic": 80}, "screening_out_of_range", "systolic"),
        ({"systolic": 120, "diastolic": 20}, "screening_out_of_range", "diastolic"),
        ({"fasting_glucose": 5000}, "screening_out_of_range", "fasting_glucose"),
        ({"total_cholesterol": 10}, "screening_out_of_range", "total_cholesterol"),
        ({"systolic": 120, "diastolic": 120}, "screening_diastolic_not_below", "diastolic"),
        ({"systolic": 120}, "screening_diastolic_not_below", "diastolic"),
        ({"bpjs_result": "mungkin"}, "screening_bad_value", "bpjs_result"),
        ({"conditions": 99}, "screening_bad_value", "conditions"),
    ],
)
def test_out_of_range_values_are_refused_naming_the_field(election, roster, accounts, values, code, field):
    with pytest.raises(DomainError) as caught:
        services_screening.screening_record(
            actor=Actor.of(accounts["health"]), officer_id=roster["chair"].pk, screened_on=date(2024, 1, 10), **values
        )
    assert (caught.value.code, caught.value.field) == (code, field)
    assert not Screening.objects.exists() and not AuditEvent.objects.filter(action="officers.screening").exists()


def test_only_the_region_may_record(election, roster, accounts):
    for who in ("health_bekasi", "pemkot", "kpps", "pps"):
        with pytest.raises(NotFound):
            services_screening.screening_record(
                actor=Actor.of(accounts[who]),
                officer_id=roster["chair"].pk,
                screened_on=date(2024, 1, 10),
                systolic=120,
                diastolic=80,
            )


def test_the_chair_gate_opens_with_a_doctors_clearance(election, roster, accounts):
    chair = roster["chair"]
    assert not selectors.chair_blocked(chair)  # never screened: not this gate's to refuse
    services_screening.screening_record(
        actor=Actor.of(accounts["health"]),
        officer_id=chair.pk,
        screened_on=date(2024, 1, 10),
        conditions=Condition.HEART_DISEASE,
    )
    assert selectors.chair_blocked(chair)
    assert selectors.chair_blocked_among([chair.pk, roster["members"][0].pk]) == {chair.pk}
    with pytest.raises(DomainError) as caught:
        services_screening.chair_check(chair)
    assert caught.value.code == "chair_not_cleared"
    services_screening.clearance_record(
        actor=Actor.of(accounts["kpu_depok"]),
        officer_id=chair.pk,
        doctor="dr. Contoh Saja",
        cleared_on=date(2024, 1, 12),
    )
    assert not selectors.chair_blocked(chair)
    services_screening.chair_check(chair)
    event = AuditEvent.objects.get(action="officers.clearance")
    assert event.object_code == str(chair.pk) and "Contoh" not in event.summary


def test_a_clearance_needs_a_high_risk_screening(election, roster, accounts):
    member = roster["members"][0]
    with pytest.raises(DomainError) as caught:
        services_screening.clearance_record(
            actor=Actor.of(accounts["health"]), officer_id=member.pk, doctor="dr. Contoh", cleared_on=date(2024, 1, 1)
        )
    assert caught.value.code == "screening_not_found"
    services_screening.screening_record(
        actor=Actor.of(accounts["health"]), officer_id=member.pk, screened_on=date(2024, 1, 1)
    )
    with pytest.raises(DomainError) as caught:
        services_screening.clearance_record(
            actor=Actor.of(accounts["health"]), officer_id=member.pk, doctor="dr. Contoh", cleared_on=date(2024, 1, 1)
        )
    assert caught.value.code == "clearance_not_needed"


def test_bpjs_results_import_all_or_nothing(election, roster, accounts):
    chair, member = roster["chair"], roster["members"][5]
    good = (
        f"nik,tanggal,hasil,riwayat\n{chair.nik},2024-01-05,berisiko,hipertensi\n"
        f"{member.nik},2024-01-05,tidak_berisiko,\n"
    )
    outcome = services_screening.screenings_import_bpjs(
        actor=Actor.of(accounts["health"]), election=election, content=good.encode()
    )
    assert (outcome.rows, outcome.high) == (2, 1)  # the chair: over 50 with two factors
    assert AuditEvent.objects.filter(action="officers.screening_import").count() == 1
    bad = (
        f"nik,tanggal,hasil,riwayat\n{chair.nik},2024-13-05,berisiko,\n{member.nik},2024-01-05,entahlah,\n"
        f"3276010000000001,2024-01-05,berisiko,\n{roster['bekasi'].nik},2024-01-05,berisiko,kanker\n"
    )
    with pytest.raises(DomainError) as caught:
        services_screening.screenings_import_bpjs(
            actor=Actor.of(accounts["health"]), election=election, content=bad.encode()
        )
    assert caught.value.code == "health_import_invalid"
    message = caught.value.message
    assert "baris 2: tanggal_salah" in message and "baris 3: hasil_salah" in message
    assert "baris 4: nik_tidak_dikenal" in message and "baris 5: riwayat_salah" in message
    assert chair.nik not in message
    assert Screening.objects.count() == 2
