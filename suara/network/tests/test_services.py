"""The writes: a survey (one statement with its audit event, resends counted once, every refusal with its
code and nothing written) and the remediation actions (plan, change, history, one audit event each)."""

import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.network import selectors
from suara.network.models import Observation, Remediation, RemediationEvent
from suara.network.rules import Readiness
from suara.network.services import remediation_create, remediation_update, survey_record
from suara.network.tests.conftest import DESA, TPS_1, TPS_2, TPS_3, TPS_BEKASI

pytestmark = pytest.mark.django_db


def test_the_operators_are_data():
    assert list(selectors.operators()) == ["telkomsel", "indosat", "xl", "smartfren"]
    assert selectors.operators()["indosat"] == "Indosat Ooredoo Hutchison"


def test_a_kpps_survey_of_its_tps(people):
    events = AuditEvent.objects.count()
    outcome = survey_record(
        actor=Actor.of(people["kpps"]), tps=TPS_1, readings=[("telkomsel", "4g"), ("xl", "voice")],
        effective_type="4g", probe_ms=240, latitude=-6.4, longitude=106.8, submission=uuid.uuid4(),
    )  # fmt: skip
    assert outcome.created and len(outcome.observations) == 2
    stored = Observation.objects.filter(tps_code=TPS_1)
    assert {(o.operator_id, o.kind, o.source) for o in stored} == {("telkomsel", "4g", "kpps"), ("xl", "voice", "kpps")}
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "network.survey" and event.role == "kpps" and "-6.4" not in event.summary
    assert selectors.class_of(selectors.readiness_in(TPS_1), TPS_1) == Readiness.SIAP


def test_a_resend_is_counted_once_and_a_changed_resend_refused(people):
    sid = uuid.uuid4()
    first = survey_record(actor=Actor.of(people["pps"]), tps=TPS_2, readings=[("xl", "none")], submission=sid)
    again = survey_record(actor=Actor.of(people["pps"]), tps=TPS_2, readings=[("xl", "none")], submission=sid)
    assert first.created and not again.created
    assert Observation.objects.filter(submission=sid).count() == 1
    assert AuditEvent.objects.filter(action="network.survey").count() == 1
    with pytest.raises(DomainError) as refused:
        survey_record(actor=Actor.of(people["pps"]), tps=TPS_2, readings=[("xl", "4g")], submission=sid)
    assert refused.value.code == "survey_replayed" and refused.value.status == 409
    assert Observation.objects.filter(submission=sid).get().kind == "none"


@pytest.mark.parametrize(
    ("who", "changes", "code", "status"),
    [
        ("kpps", {"tps": TPS_2}, "forbidden", 403),  # the next TPS of its desa
        ("pemkot_bekasi", {}, "forbidden", 403),  # another city
        ("health", {}, "forbidden", 403),
        ("kpps", {"tps": "3276011006999"}, "forbidden", 403),  # outside the KPPS's TPS before it is looked up
        ("pps", {"tps": "3276011006999"}, "network_tps_not_found", 404),
        ("kpps", {"tps": "abc"}, "network_tps_not_found", 400),
        ("kpps", {"readings": []}, "survey_empty", 400),
        ("kpps", {"readings": [("xl", "4g"), ("xl", "3g")]}, "survey_empty", 400),
        ("kpps", {"readings": [("axis", "4g")]}, "operator_unknown", 400),
        ("kpps", {"readings": [("xl", "5g")]}, "signal_kind_unknown", 400),
        ("kpps", {"effective_type": "5g"}, "survey_measure_invalid", 400),
        ("kpps", {"probe_ms": -1}, "survey_measure_invalid", 400),
        ("kpps", {"latitude": -6.4}, "survey_measure_invalid", 400),  # without its longitude
        ("kpps", {"latitude": 48.8, "longitude": 2.3}, "survey_measure_invalid", 400),  # not in Indonesia
        ("kpps", {"observed_at": timezone.now() + timedelta(hours=1)}, "survey_time_invalid", 400),
        ("kpps", {"observed_at": timezone.now() - timedelta(days=400)}, "survey_time_invalid", 400),
    ],
)
def test_survey_refusals_write_nothing(people, who, changes, code, status):
    args = {"tps": TPS_1, "readings": [("xl", "4g")]} | changes
    with pytest.raises(DomainError) as refused:
        survey_record(actor=Actor.of(people[who]), **args)
    assert (refused.value.code, refused.value.status) == (code, status)
    assert not Observation.objects.exists() and not AuditEvent.objects.filter(action="network.survey").exists()


def test_the_city_plans_and_changes_an_action_with_its_history(people):
    actor = Actor.of(people["pemkot"])
    action = remediation_create(actor=actor, tps=[TPS_2, TPS_1], remedy="booster", owner="Diskominfo Depok",
                                due_on="2024-01-20", note="minta ke operator")  # fmt: skip
    assert action.area_code == DESA and action.city_code == "3276" and action.status == "open"
    assert sorted(t.tps_code for t in action.tps.all()) == [TPS_1, TPS_2]
    changed = remediation_update(actor=actor, pk=action.pk, version=1, status="in_progress", owner="Bidang TIK")
    assert changed.version == 2 and changed.status == "in_progress"
    history = list(RemediationEvent.objects.filter(remediation=action).values_list("version", "changes"))
    assert history == [(1, {}), (2, {"status": ["open", "in_progress"], "owner": ["Diskominfo Depok", "Bidang TIK"]})]
    assert list(AuditEvent.objects.filter(action__startswith="network.remediation").values_list("action", flat=True)) \
        == ["network.remediation", "network.remediation_change"]  # fmt: skip
    remediation_update(actor=actor, pk=action.pk, status="done")
    with pytest.raises(DomainError) as refused:  # done is final
        remediation_update(actor=actor, pk=action.pk, status="open")
    assert refused.value.code == "remediation_status_move"
    with pytest.raises(DomainError) as stale:
        remediation_update(actor=actor, pk=action.pk, version=2, note="x")
    assert stale.value.code == "remediation_stale"
    assert Remediation.objects.get(pk=action.pk).version == 3


def test_the_kpu_kabkota_acts_too_and_a_single_tps_is_its_own_area(people):
    action = remediation_create(actor=Actor.of(people["kpu_depok"]), tps=[TPS_3], remedy="fallback_sms",
                                owner="PPS", due_on=date(2024, 2, 1))  # fmt: skip
    assert action.area_code == TPS_3


@pytest.mark.parametrize(
    ("who", "tps", "changes", "code", "status"),
    [
        ("pemkot_bekasi", [TPS_1], {}, "forbidden", 403),  # the pemkot of another city
        ("pemkot", [TPS_1, TPS_BEKASI], {}, "remediation_tps_invalid", 400),  # two cities in one action
        ("ppk", [TPS_1], {}, "forbidden", 403),  # reads readiness, plans nothing
        ("kpps", [TPS_1], {}, "forbidden", 403),
        ("pemkot", [], {}, "remediation_tps_invalid", 400),
        ("pemkot", ["3276011006999"], {}, "remediation_tps_invalid", 400),
        ("pemkot", [TPS_1], {"remedy": "pray"}, "remedy_unknown", 400),
        ("pemkot", [TPS_1], {"owner": " "}, "remediation_field_invalid", 400),
        ("pemkot", [TPS_1], {"due_on": "besok"}, "remediation_field_invalid", 400),
        ("pemkot", [TPS_1], {"note": "x" * 1001}, "remediation_field_invalid", 400),
    ],
)
def test_action_refusals_write_nothing(people, who, tps, changes, code, status):
    args = {"tps": tps, "remedy": "booster", "owner": "Diskominfo"} | changes
    with pytest.raises(DomainError) as refused:
        remediation_create(actor=Actor.of(people[who]), **args)
    assert (refused.value.code, refused.value.status) == (code, status)
    assert not Remediation.objects.exists() and not AuditEvent.objects.filter(action__startswith="network").exists()


def test_another_citys_pemkot_cannot_change_an_action(people):
    action = remediation_create(actor=Actor.of(people["pemkot"]), tps=[TPS_1], remedy="booster", owner="D")
    with pytest.raises(DomainError) as refused:
        remediation_update(actor=Actor.of(people["pemkot_bekasi"]), pk=action.pk, status="done")
    assert refused.value.code == "remediation_not_found" and refused.value.status == 404
    with pytest.raises(DomainError) as reader:  # the PPK sees it, changes nothing
        remediation_update(actor=Actor.of(people["ppk"]), pk=action.pk, status="done")
    assert reader.value.status == 403
    assert Remediation.objects.get(pk=action.pk).status == "open"
