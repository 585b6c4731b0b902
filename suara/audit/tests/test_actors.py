"""Who acts in a service: ``audit.actors.Actor``, and what the audit log records of it."""

import dataclasses

import pytest
from django.db import transaction

from suara.accounts.models import User
from suara.audit.actors import SYSTEM, Actor
from suara.audit.models import AuditEvent
from suara.audit.services import audit_record
from suara.jobs.services import job_start


def test_an_officer_is_named_by_their_username_and_carries_the_user(db):
    user = User.objects.create_user("pps_3276011001", password=None)
    actor = Actor.of(user)
    assert (actor.name, actor.user) == ("pps_3276011001", user)
    assert actor.officer() is user


def test_a_command_is_a_name_without_a_user():
    assert (SYSTEM.name, SYSTEM.user) == ("system", None)
    assert Actor.named("recap-worker") == Actor(name="recap-worker")
    with pytest.raises(ValueError):
        Actor.named("")  # the audit log must name someone


def test_an_actor_does_not_change():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SYSTEM.name = "someone else"


def test_a_named_actor_is_no_officer():
    with pytest.raises(TypeError):
        SYSTEM.officer()


def test_the_audit_log_records_the_actors_name(db):
    user = User.objects.create_user("kpps_3276011001001", password=None)
    with transaction.atomic():
        audit_record(actor=Actor.of(user), action="test.write", summary="oleh petugas")
        audit_record(actor=Actor.named("sistem:ganda"), action="test.write", summary="oleh sistem")
    assert list(AuditEvent.objects.order_by("id").values_list("actor", flat=True)) == [
        "kpps_3276011001001",
        "sistem:ganda",
    ]


def test_a_service_whose_rule_is_an_officers_role_refuses_a_command_before_writing(db):
    with pytest.raises(TypeError):
        job_start(actor=SYSTEM, kind="report_dpb", scope="")
    assert not AuditEvent.objects.exists()
