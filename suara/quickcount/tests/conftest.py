"""A quick count of the 2024 presidential contest over the test slice (Kota Bekasi and Kota Depok), run by
a registered survey institution; its operator, and the accounts outside it. Synthetic people only."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import consistent_tally, make_officer
from suara.accounts.models import Organisation
from suara.audit.actors import Actor
from suara.core import clock
from suara.quickcount.models import SurveyInstitution

CONTEST = "ppwp-2024"
VOTING_DAY = date(2024, 2, 14)
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def institution(counting):
    org = Organisation.objects.create(code="lembaga-uji", name="Lembaga Survei Uji", kind=Organisation.Kind.SURVEY)
    SurveyInstitution.objects.create(
        organisation=org, legal_entity="PT Survei Uji", registration_letter="Sertifikat KPU 1/2024",
        methodology="Sampel acak berstrata, 40 TPS.", funding_source="dana sendiri", contact="uji@example.org",
        registered_on=date(2024, 1, 10),
    )  # fmt: skip
    return org


@pytest.fixture
def people(institution):
    Organisation.objects.create(code="kominfo-lain", name="Diskominfo Lain", kind=Organisation.Kind.DISKOMINFO)
    Organisation.objects.create(code="ormas", name="Ormas", kind=Organisation.Kind.OTHER)
    return {
        "operator": make_officer("operator_uji", "organisation_operator", "lembaga-uji"),
        "other_org": make_officer("operator_lain", "organisation_operator", "kominfo-lain"),
        "kpps": make_officer("kpps_uji", "kpps", "3276011006001"),
        "ormas": make_officer("operator_ormas", "organisation_operator", "ormas"),
    }


@pytest.fixture
def at(monkeypatch):
    """Fixes the site's clock at a WIB time on voting day: ``at(14, 59)``."""

    def fix(hour: int, minute: int = 0, day: date = VOTING_DAY) -> None:
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)
        monkeypatch.setattr(clock, "now", lambda: moment)

    return fix


def tally_for(first: int, second: int, third: int, invalid: int = 3) -> dict:
    return consistent_tally(votes=(first, second, third), invalid=invalid, dpt=(150, 150))


@pytest.fixture
def drawn(people):
    """A designed and drawn quick count of 30 TPS with its enumerators' accounts."""
    from suara.quickcount.services import enumerators_create, quickcount_create, quickcount_draw

    actor = Actor.of(people["operator"])
    qc = quickcount_create(actor=actor, organisation="lembaga-uji", contest=CONTEST, name="Hitung cepat uji",
                           margin=0.02, sample_size=30)  # fmt: skip
    qc = quickcount_draw(actor=actor, quick_count_id=qc.pk)
    enumerators_create(actor=actor, quick_count_id=qc.pk)
    return qc
