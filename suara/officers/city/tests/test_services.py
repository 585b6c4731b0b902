"""The city's internal count: entered by the city's field officers within their city, checked with KPU's
tally rules, kept with its history and one audit event per entry, and never written to KPU's tables."""

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.officers.city import services
from suara.officers.city.tests.support import CONTEST, TPS_1, TPS_BEKASI
from suara.officers.models import CityCount, CityCountVersion
from suara.results.models import TpsResult

pytestmark = pytest.mark.django_db

GOOD = {"votes": {1: 40, 2: 35, 3: 25}, "valid": 100, "invalid": 5, "total": 105}


def enter(user, tps=TPS_1, contest=CONTEST, **changes):
    return services.city_count_enter(actor=Actor.of(user), contest=contest, tps=tps, **(GOOD | changes))


def test_an_entry_is_kept_with_its_history_and_audited(people):
    count = enter(people["field"])
    assert (count.version, count.valid, count.total) == (1, 100, 105)
    assert count.votes == {"votes.1": 40, "votes.2": 35, "votes.3": 25}
    again = enter(people["field"], votes={1: 41, 2: 34, 3: 25}, base_version=1)
    assert again.pk == count.pk and again.version == 2
    history = list(CityCountVersion.objects.filter(count=count).values_list("number", "votes"))
    assert history == [
        (1, {"votes.1": 40, "votes.2": 35, "votes.3": 25}),
        (2, {"votes.1": 41, "votes.2": 34, "votes.3": 25}),
    ]
    events = AuditEvent.objects.filter(action="officers.city_count")
    assert events.count() == 2
    assert events.first().object_code == f"{CONTEST}/{TPS_1}"
    assert not TpsResult.objects.exists()  # KPU's official count is untouched


def test_another_citys_tps_is_refused(people):
    with pytest.raises(PermissionDenied) as caught:
        enter(people["field"], tps=TPS_BEKASI)
    assert caught.value.code == "city_area_forbidden"
    assert not CityCount.objects.exists()


@pytest.mark.parametrize("who", ["pemkot", "kpu_depok", "kpps", "health"])
def test_only_field_officers_enter(people, who):
    with pytest.raises(PermissionDenied):
        enter(people[who])


def test_inconsistent_sums_are_refused_naming_each_rule(people):
    with pytest.raises(DomainError) as caught:
        enter(people["field"], valid=101, total=105)
    assert caught.value.code == "city_count_invalid" and caught.value.status == 422
    assert [d["code"] for d in caught.value.details] == ["R1", "R2"]
    assert not CityCount.objects.exists() and not AuditEvent.objects.filter(action="officers.city_count").exists()


@pytest.mark.parametrize("huge", [613, 10**9, 2**64])
def test_numbers_beyond_a_tps_are_refused(people, huge):
    with pytest.raises(DomainError) as caught:
        enter(people["field"], votes={1: huge, 2: 0, 3: 0}, valid=huge, invalid=0, total=huge)
    assert "R10" in [d["code"] for d in caught.value.details]
    assert not CityCount.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"votes": {1: 40, 2: 35}},  # a pair missing
        {"votes": {1: 40, 2: 35, 3: 25, 9: 0}},  # no such pair
        {"votes": {1: -1, 2: 35, 3: 25}},
        {"valid": "seratus"},
        {"invalid": None},
        {"total": True},
    ],
)
def test_malformed_numbers_are_refused(people, changes):
    with pytest.raises(DomainError) as caught:
        enter(people["field"], **changes)
    assert caught.value.code == "city_count_invalid"
    assert "R0" in [d["code"] for d in caught.value.details]


def test_an_unknown_tps_or_contest_is_a_404(people):
    with pytest.raises(NotFound):
        enter(people["field"], tps="3276011006999")
    with pytest.raises(NotFound):
        enter(people["field"], contest="tidak-ada")
    with pytest.raises(NotFound):
        enter(people["field"], contest="bad slug\x00")
    with pytest.raises(NotFound):
        enter(people["field"], tps="3276011006")  # a desa is not a TPS


def test_a_stale_version_is_refused_and_nothing_is_overwritten(people):
    enter(people["field"])
    with pytest.raises(Conflict) as caught:
        enter(people["field"], votes={1: 41, 2: 34, 3: 25}, base_version=0)
    assert caught.value.code == "city_count_stale"
    assert CityCount.objects.get().votes["votes.1"] == 40
