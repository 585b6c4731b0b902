"""The demo's quick count: made once, then found; its enumerators reported with made-up numbers."""

import pytest

from conftest import make_officer
from suara.accounts.models import Organisation
from suara.audit.actors import Actor
from suara.elections.models import Election
from suara.quickcount.demo import DEMO_REPORTED, DEMO_SAMPLE, quickcount_demo_ensure
from suara.quickcount.models import QuickCount, QuickCountReport, SurveyInstitution
from suara.results.geography import count_geography_prepare

pytestmark = pytest.mark.django_db


def test_the_demo_quick_count_is_made_once_with_its_reports(counting):
    count_geography_prepare(election=Election.objects.get(slug="pilkada-2024"), actor=Actor.named("test"))
    Organisation.objects.create(code="kominfo-depok", name="Diskominfo Kota Depok", kind=Organisation.Kind.DISKOMINFO)
    make_officer("operator_kominfo", "organisation_operator", "kominfo-depok")
    username, password, quick_count = quickcount_demo_ensure()
    qc = QuickCount.objects.get(pk=quick_count)
    assert qc.status == QuickCount.Status.DRAWN and qc.sample_size == DEMO_SAMPLE
    assert QuickCountReport.objects.filter(quick_count=qc).count() == DEMO_REPORTED
    assert SurveyInstitution.objects.filter(organisation__code="survei-demo").exists()
    again = quickcount_demo_ensure()
    assert again[0] == username and again[2] == quick_count and again[1] != password
    assert QuickCount.objects.count() == 1 and QuickCountReport.objects.count() == DEMO_REPORTED
