"""Clarifications: drafted, checked, versioned and published by a second person, each write one audit
event; every refusal leaves nothing behind."""

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.information.models import Clarification, ClarificationVersion
from suara.information.services import ClarificationInput, clarification_publish, clarification_update
from suara.information.tests.conftest import GOOD, make

pytestmark = pytest.mark.django_db


def _events(action):
    return AuditEvent.objects.filter(action=action).count()


def test_draft_then_second_person_publishes(writers):
    draft = make(writers["author"])
    assert draft.status == "draft" and draft.version == 1
    assert "dicoblos" in draft.search_document and "depok" in draft.search_document
    assert _events("information.clarification_create") == 1
    with pytest.raises(DomainError) as refused:
        clarification_publish(actor=Actor.of(writers["author"]), pk=draft.pk)
    assert refused.value.code == "same_person" and refused.value.status == 403
    published = clarification_publish(actor=Actor.of(writers["second"]), pk=draft.pk)
    assert published.status == "published" and published.publisher == writers["second"]
    assert _events("information.clarification_publish") == 1
    with pytest.raises(DomainError) as again:
        clarification_publish(actor=Actor.of(writers["kominfo"]), pk=draft.pk)
    assert again.value.code == "already_published"


def test_a_diskominfo_operator_writes_for_its_city_only(writers):
    draft = make(writers["kominfo"])
    assert clarification_publish(actor=Actor.of(writers["author"]), pk=draft.pk).status == "published"
    with pytest.raises(DomainError) as refused:
        make(writers["kominfo"], region_code="3275")
    assert refused.value.code == "forbidden"


@pytest.mark.parametrize("who", ["bekasi", "pps"])
def test_others_may_not_write(writers, who):
    with pytest.raises(DomainError) as refused:
        make(writers[who])
    assert refused.value.code == "forbidden"
    assert not Clarification.objects.exists() and not _events("information.clarification_create")


def test_an_edit_keeps_every_version(writers):
    draft = make(writers["author"])
    changed = {**GOOD, "claim": GOOD["claim"] + " (versi kedua)"}
    edited = clarification_update(actor=Actor.of(writers["second"]), pk=draft.pk, data=ClarificationInput(**changed))
    assert edited.version == 2
    versions = list(ClarificationVersion.objects.filter(clarification=draft).values_list("number", "body"))
    assert [n for n, _ in versions] == [1, 2]
    assert versions[0][1]["claim"] == GOOD["claim"] and versions[1][1]["claim"].endswith("(versi kedua)")
    assert _events("information.clarification_update") == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"verdict": ""}, "verdict_required"),
        ({"verdict": None}, "verdict_required"),
        ({"verdict": "BENAR"}, "verdict_disagrees"),  # the answers say HOAKS
        ({"verdict": "PALSU"}, "verdict_disagrees"),
        ({"answers": {"facts_true": False}}, "answers_required"),
        ({"claim": "pendek"}, "claim_required"),
        ({"explanation": "singkat"}, "explanation_required"),
        ({"platform": "friendster"}, "invalid_platform"),
        ({"appearance_url": "javascript:alert(1)"}, "invalid_link"),
        ({"evidence": ["ftp://x"]}, "invalid_link"),
        ({"evidence": [f"https://a.id/{i}" for i in range(11)]}, "too_many_links"),
        ({"first_seen": "2024-13-01"}, "first_seen_invalid"),
        ({"first_seen": "2999-01-01"}, "first_seen_invalid"),
        ({"region_code": "32x"}, "invalid_region_code"),
    ],
)
def test_bad_input_is_refused_with_its_code_and_nothing_written(writers, overrides, code):
    with pytest.raises(DomainError) as refused:
        make(writers["author"], **overrides)
    assert refused.value.code == code and refused.value.status == 400
    assert not Clarification.objects.exists() and not ClarificationVersion.objects.exists()
    assert not _events("information.clarification_create")


def test_a_refused_edit_changes_nothing(writers):
    draft = make(writers["author"])
    with pytest.raises(DomainError):
        clarification_update(
            actor=Actor.of(writers["second"]), pk=draft.pk, data=ClarificationInput(**{**GOOD, "verdict": "BENAR"})
        )
    draft.refresh_from_db()
    assert draft.version == 1 and draft.verdict == "HOAKS" and draft.versions.count() == 1
