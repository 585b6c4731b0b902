"""The 2024 parties shipped as data: KPU's decisions 518, 519 and 552 of 2022."""

import json
from importlib import resources

import pytest
from django.core.management import call_command

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.elections.services import elections_load
from suara.parties.models import Party
from suara.parties.selectors import party_by_number, party_get
from suara.parties.services import _checked, parties_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def elections():
    elections_load(actor=Actor.named("test"))


def test_the_2024_parties_are_18_national_and_6_aceh_local(elections):
    assert parties_load(actor=Actor.named("test")) == {"pemilu-2024": 24}
    parties = Party.objects.filter(election__slug="pemilu-2024")
    assert parties.filter(kind=Party.Kind.NATIONAL).count() == 18
    local = parties.filter(kind=Party.Kind.LOCAL)
    assert local.count() == 6 and set(local.values_list("province_code", flat=True)) == {"11"}
    assert sorted(local.values_list("number", flat=True)) == [18, 19, 20, 21, 22, 23]
    assert party_by_number(election_slug="pemilu-2024", number=24).name == "Partai Ummat"
    assert party_get(election_slug="pemilu-2024", code="pkb").number == 1
    assert "519 Tahun 2022" in parties.first().source


def test_loading_twice_changes_nothing_and_records_one_event(elections):
    parties_load(actor=Actor.named("test"))
    events = AuditEvent.objects.filter(action="parties.load").count()
    assert parties_load(actor=Actor.named("test")) == {"pemilu-2024": 0}
    assert AuditEvent.objects.filter(action="parties.load").count() == events == 1


def test_a_changed_name_is_updated(elections):
    parties_load(actor=Actor.named("test"))
    Party.objects.filter(code="pkb").update(name="salah")
    assert parties_load(actor=Actor.named("test")) == {"pemilu-2024": 1}
    assert Party.objects.get(code="pkb").name == "Partai Kebangkitan Bangsa"


def test_without_the_election_the_load_is_refused():
    with pytest.raises(DomainError) as refused:
        parties_load(actor=Actor.named("test"))
    assert refused.value.code == "parties_data_invalid"
    assert not Party.objects.exists()


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"number": 1}, "nomor urut"),
        ({"code": "PKB!"}, "kode partai"),
        ({"kind": "lokal"}, "provinsi"),
        ({"name": ""}, "nama"),
    ],
)
def test_bad_data_is_refused_whole(change, problem):
    data = json.loads(resources.files("suara.parties").joinpath("data", "parties-2024.json").read_text())
    data["parties"][1].update(change)
    with pytest.raises(DomainError, match=problem):
        _checked(data)


def test_the_command_loads_and_says_so(elections, capsys):
    call_command("load_parties")
    call_command("load_parties")
    out = capsys.readouterr().out
    assert "24 parties added" in out and "already up to date" in out
