"""An officer's status moves with its history and one audit event (officers.services)."""

from datetime import date

import pytest
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.elections.services import elections_load
from suara.officers.bodies import Body, Status
from suara.officers.models import Officer
from suara.officers.services import officer_status_move

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant():
    elections_load(actor=Actor.named("test"))
    from suara.elections.models import Election

    now = timezone.now()
    return Officer.objects.create(
        election=Election.objects.get(slug="pemilu-2024"),
        body=Body.KPPS,
        posting_code="3276010001001",
        nik="3276014101900001",
        name="Contoh Sintetis",
        sex="P",
        birth_date=date(1990, 1, 1),
        domicile_code="3276010001",
        applied_at=now,
        updated_at=now,
    )


def test_a_move_is_kept_in_the_history_and_audited(applicant):
    officer_status_move(officer=applicant, to=Status.ELIGIBLE, actor=Actor.named("pps-1"), note="berkas lengkap")
    applicant.refresh_from_db()
    assert applicant.status == Status.ELIGIBLE
    assert [(h.status, h.actor, h.note) for h in applicant.history.all()] == [
        ("memenuhi_syarat", "pps-1", "berkas lengkap")
    ]
    event = AuditEvent.objects.get(action="officers.status")
    assert event.object_code == str(applicant.pk) and applicant.nik not in event.summary


def test_a_move_the_rules_do_not_allow_is_refused_and_changes_nothing(applicant):
    with pytest.raises(DomainError) as refused:
        officer_status_move(officer=applicant, to=Status.APPOINTED, actor=Actor.named("pps-1"))
    assert refused.value.code == "status_move_refused"
    applicant.refresh_from_db()
    assert applicant.status == Status.APPLICANT and not applicant.history.exists()
    assert not AuditEvent.objects.filter(action="officers.status").exists()
