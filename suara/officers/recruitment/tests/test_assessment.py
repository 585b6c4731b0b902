"""Eligibility in set-based SQL (assessment.py) agrees with the pure rules (eligibility.assess) on random
applicants, moves the statuses with their history and one audit event, and reads the party listings'
five-year rule, a spouse in the same body and the latest screening."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.officers.bodies import Body, Status
from suara.officers.models import Application, Officer, RecruitmentSchedule, Screening
from suara.officers.recruitment.assessment import eligibility_assess
from suara.officers.recruitment.eligibility import Applicant, Reason, assess
from suara.officers.recruitment.tests.conftest import APPOINTMENT, party_listing
from suara.parties.services import parties_load
from suara.people.nik import nik_make

pytestmark = pytest.mark.django_db

POSTINGS = {Body.PPK: "327601", Body.PPS: "3276011006", Body.KPPS: "3276011006001", Body.PANTARLIH: "3276011006002",
            Body.LINMAS: "3276011006003"}  # fmt: skip


def officer(
    election, serial: int, *, body=Body.KPPS, born=date(1990, 5, 17), sex="P", status=Status.APPLICANT,
    education="sma", domicile="3276011006", kk="", marital="B", letter=False, posting=None,
) -> Officer:  # fmt: skip
    now = timezone.now()
    record = Officer.objects.create(
        election=election, body=body, posting_code=posting or POSTINGS[body], nik=nik_make("327601", born, sex, serial),
        kk=kk, name="Sintetis", sex=sex, birth_date=born, marital=marital, domicile_code=domicile,
        education=education, status=status, applied_at=now, updated_at=now,
    )  # fmt: skip
    Application.objects.create(officer=record, documents=63, education_letter=letter)
    return record


def local(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def test_random_applicants_get_the_pure_rules_verdicts(recruiting):
    parties_load(actor="test")
    rng = random.Random(15)
    made = []
    for serial in range(1, 81):
        body = rng.choice(list(Body))
        born = date(rng.randint(1955, 2008), rng.randint(1, 12), rng.randint(1, 28))
        if rng.random() < 0.2:  # around the 17th birthday on the appointment day
            born = date(2007, 1, 25) + timedelta(days=rng.randint(-2, 2))
        education = rng.choice(["", "sd", "smp", "sma", "s1"])
        letter = rng.random() < 0.3
        domicile = rng.choice(["3276011006", "3276011007", "3276021001"])
        record = officer(recruiting, serial, body=body, born=born, sex=rng.choice("LP"), education=education,
                         domicile=domicile, letter=letter)  # fmt: skip
        listed = rng.random() < 0.2
        removed = None
        if listed:
            party_listing(recruiting, record.nik)
        elif rng.random() < 0.3:
            removed = date(2019, 1, 25) + timedelta(days=rng.randint(-3, 3))
            party_listing(recruiting, record.nik, removed_at=local(removed) + timedelta(hours=rng.randint(0, 23)))
        made.append((record, listed, removed))
    result = eligibility_assess(election=recruiting, actor="kpu_depok", region_code="3276")
    assert result.assessed == 80 and result.moved == 80
    for record, listed, removed in made:
        record.refresh_from_db()
        expected = assess(
            Applicant(
                nik=record.nik,
                sex=record.sex,
                birth_date=record.birth_date,
                body=Body(record.body),
                posting_code=record.posting_code,
                domicile_code=record.domicile_code,
                education=record.education,
                education_letter=record.application.education_letter,
                party_listed_now=listed,
                party_removed_on=removed,
            ),  # fmt: skip
            appointment_on=APPOINTMENT,
        )
        assert (record.reasons, record.flags) == (expected.reasons, expected.flags), record.pk
        assert record.status == (Status.ELIGIBLE if expected.eligible else Status.INELIGIBLE)
        assert [h.status for h in record.history.all()] == [record.status]
    assert AuditEvent.objects.filter(action="officers.eligibility").count() == 1


def test_a_second_run_moves_only_what_changed(recruiting):
    parties_load(actor="test")
    record = officer(recruiting, 1)
    eligibility_assess(election=recruiting, actor="pps")
    record.refresh_from_db()
    assert record.status == Status.ELIGIBLE
    party_listing(recruiting, record.nik)
    again = eligibility_assess(election=recruiting, actor="pps")
    record.refresh_from_db()
    assert again.moved == 1 and record.status == Status.INELIGIBLE and record.reasons == Reason.PARTY_MEMBER
    assert [h.status for h in record.history.all()] == ["memenuhi_syarat", "tidak_memenuhi_syarat"]
    assert eligibility_assess(election=recruiting, actor="pps").moved == 0


def test_a_spouse_officer_of_the_same_body_and_the_latest_screening(recruiting):
    kk = "3276010000012345"
    officer(recruiting, 1, kk=kk, marital="S", status=Status.APPOINTED)
    applicant = officer(recruiting, 2, kk=kk, marital="S", sex="L")
    elsewhere = officer(recruiting, 3, kk=kk, marital="S", sex="L", posting="3276011006004")  # another TPS
    couple = [officer(recruiting, n, kk="3276010000099999", marital="S") for n in (4, 5)]
    sick = officer(recruiting, 6)
    now = timezone.now()
    screen = dict(recorded_by="dinkes", recorded_at=now)
    Screening.objects.create(officer=sick, screened_on=date(2023, 12, 1), risk="rendah", **screen)
    Screening.objects.create(officer=sick, screened_on=date(2023, 12, 10), risk="tinggi", **screen)
    cleared = officer(recruiting, 7)
    Screening.objects.create(officer=cleared, screened_on=date(2023, 12, 10), risk="tinggi", cleared_at=now,
                             cleared_by_doctor="dr. Contoh", **screen)  # fmt: skip
    eligibility_assess(election=recruiting, actor="pps", region_code="3276011006")
    for record in (applicant, elsewhere, *couple, sick, cleared):
        record.refresh_from_db()
    assert applicant.reasons == Reason.SPOUSE_OFFICER and applicant.status == Status.INELIGIBLE
    assert elsewhere.reasons == 0
    assert [c.flags for c in couple] == [4, 4] and all(c.status == Status.ELIGIBLE for c in couple)
    assert sick.reasons == Reason.HEALTH_UNCLEARED and sick.status == Status.ELIGIBLE and sick.flags == 8
    assert cleared.reasons == 0


def test_the_region_and_the_statuses_bound_the_run(recruiting):
    inside = officer(recruiting, 1, education="sd")
    outside = officer(recruiting, 2, education="sd", posting="3275011001001", domicile="3275011001")
    appointed = officer(recruiting, 3, education="sd", status=Status.APPOINTED)
    result = eligibility_assess(election=recruiting, actor="pps", region_code="3276011006")
    assert result.assessed == 1 and result.by_reason == {"education": 1}
    statuses = [Officer.objects.get(pk=r.pk).status for r in (inside, outside, appointed)]
    assert statuses == [Status.INELIGIBLE, Status.APPLICANT, Status.APPOINTED]


def test_without_an_appointment_day_nothing_is_assessed(recruiting):
    RecruitmentSchedule.objects.all().delete()
    officer(recruiting, 1)
    with pytest.raises(DomainError) as refused:
        eligibility_assess(election=recruiting, actor="pps")
    assert refused.value.code == "schedule_missing" and refused.value.status == 409


def test_the_assessment_runs_as_a_job_for_the_pps_in_its_desa(recruiting, django_capture_on_commit_callbacks, settings,
                                                               tmp_path):  # fmt: skip
    from conftest import make_officer
    from suara.jobs.models import Job
    from suara.jobs.runner import job_run
    from suara.jobs.services import job_start

    settings.PRIVATE_DIR = tmp_path
    officer(recruiting, 1, education="smp")
    pps = make_officer("pps_1", "pps", "3276011006")
    with pytest.raises(DomainError) as refused:
        job_start(user=pps, kind="officers_eligibility", scope="3276011006", params={"pemilu": "pemilu-1955"})
    assert refused.value.code == "election_not_found"
    with django_capture_on_commit_callbacks(execute=False):
        job = job_start(user=pps, kind="officers_eligibility", scope="3276011006", params={"pemilu": "pemilu-2024"})
    assert job_run(job.pk) == "done"
    summary = Job.objects.get(pk=job.pk).summary
    assert (summary["assessed"], summary["ineligible"], summary["by_reason"]) == (1, 1, {"education": 1})
