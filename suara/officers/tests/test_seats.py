"""Pantarlih's second seat, one rule: ``bodies.seats_of`` over many postings is ``bodies.seats`` summed over
each, and the openings, the rosters' completeness, the appointment's seat limit and the city's view count
a Pilkada TPS of over 400 voters alike."""

from datetime import date

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from conftest import make_officer
from suara.audit.actors import Actor
from suara.core.errors import Conflict
from suara.elections.models import Election
from suara.officers.bodies import PANTARLIH_LARGE_TPS, Body, Status, seats, seats_of
from suara.officers.city import selectors as city
from suara.officers.models import Officer
from suara.officers.recruitment.openings import openings
from suara.officers.rosters import selectors as rosters
from suara.officers.selection.services_appointment import officers_appoint
from suara.officers.selection.tests.support import DESA, KECAMATAN, TPS, make_adhoc
from suara.regions.models import Region, Tps
from suara.voters.models import Voter


@given(
    body=st.sampled_from(list(Body)),
    voters=st.lists(st.integers(min_value=0, max_value=900), max_size=40),
    pilkada=st.booleans(),
)
def test_seats_of_many_postings_is_the_sum_of_each(body, voters, pilkada):
    large = sum(1 for n in voters if n > PANTARLIH_LARGE_TPS)
    assert seats_of(body, len(voters), large_tps=large, pilkada=pilkada) == sum(
        seats(body, tps_voters=n, pilkada=pilkada) for n in voters
    )


def _voters(tps: str, count: int) -> None:
    now = timezone.now()
    Voter.objects.bulk_create(
        Voter(nik=f"3276014101{n:06d}", kk="3276010000000001", name="Sintetis", birth_date="1990-01-01", sex="P",
              marital="S", kemendagri_desa_code=tps[:10], desa_id=tps[:10], tps_id=tps, name_key="sintetis",
              created_at=now, updated_at=now)
        for n in range(count)
    )  # fmt: skip


@pytest.fixture
def pilkada(geography, pemilu_2024):
    _voters(TPS, PANTARLIH_LARGE_TPS + 1)
    return Election.objects.get(slug="pilkada-2024")


def _opened(election, code):
    pantarlih = next(b for b in openings(election, code)[1] if b.body == Body.PANTARLIH)
    return pantarlih.seats, {p.code: p.seats for p in pantarlih.listed}


def test_the_rosters_count_pantarlih_s_second_seat_as_the_openings_do(pilkada, pemilu_2024):
    tps_in_desa = Tps.objects.filter(desa_id=DESA).count()
    total, tps_rows = rosters.completeness(pilkada, Region.objects.get(code=DESA))
    by_tps = {row.code: row.seats[Body.PANTARLIH] for row in tps_rows}
    opened_total, opened = _opened(pilkada, DESA)
    assert by_tps[TPS] == 2 and set(by_tps.values()) == {1, 2}
    assert by_tps == opened
    assert total.seats[Body.PANTARLIH] == tps_in_desa + 1 == opened_total

    total, desa_rows = rosters.completeness(pilkada, Region.objects.get(code=KECAMATAN))
    desa = next(row for row in desa_rows if row.code == DESA)
    assert desa.seats[Body.PANTARLIH] == tps_in_desa + 1
    assert (
        total.seats[Body.PANTARLIH]
        == Region.objects.get(code=KECAMATAN).tps_count + 1
        == _opened(pilkada, KECAMATAN)[0]
    )
    city = rosters.completeness(pilkada, Region.objects.get(code="3276"))[0]
    assert city.seats[Body.PANTARLIH] == Region.objects.get(code="3276").tps_count + 1
    assert city.seats[Body.KPPS] == 7 * Region.objects.get(code="3276").tps_count  # only Pantarlih doubles

    # Outside a Pilkada a TPS has one Pantarlih however many voters it has.
    total, tps_rows = rosters.completeness(pemilu_2024, Region.objects.get(code=DESA))
    assert {row.seats[Body.PANTARLIH] for row in tps_rows} == {1}


def test_the_city_view_and_a_tps_roster_count_it_too(pilkada):
    table = city.seat_table(pilkada, DESA, 13)
    assert table[TPS][Body.PANTARLIH].seats == 2
    assert table[f"{DESA}002"][Body.PANTARLIH].seats == 1
    assert (
        city.seat_table(pilkada, KECAMATAN, 10)[DESA][Body.PANTARLIH].seats
        == Tps.objects.filter(desa_id=DESA).count() + 1
    )
    roster = {r.body: r for r in rosters.posting_roster(pilkada, TPS)}
    assert roster[Body.PANTARLIH].seats == 2


def test_a_large_pilkada_tps_takes_two_pantarlih_and_no_third(pilkada):
    pps = Actor.of(make_officer("pps_depok", "pps", DESA))
    three = [make_adhoc(pilkada, Body.PANTARLIH, TPS, name=f"Sintetis Pantarlih {n}") for n in range(3)]
    decree = dict(decreed_on=date(2024, 6, 1), signer="Ketua PPS (uji)", term_start=date(2024, 6, 1),
                  term_end=date(2024, 7, 31))  # fmt: skip
    with pytest.raises(Conflict) as refused:
        officers_appoint(actor=pps, election=pilkada, body="pantarlih", posting=TPS,
                         officer_ids=[o.pk for o in three], number="1/PANTARLIH", **decree)  # fmt: skip
    assert refused.value.code == "seats_exceeded"
    officers_appoint(actor=pps, election=pilkada, body="pantarlih", posting=TPS,
                     officer_ids=[o.pk for o in three[:2]], number="2/PANTARLIH", **decree)  # fmt: skip
    first = rosters.completeness(pilkada, Region.objects.get(code=DESA))[1][0]
    assert first.code == TPS
    assert (first.filled[Body.PANTARLIH], first.seats[Body.PANTARLIH]) == (2, 2)
    assert Officer.objects.get(pk=three[2].pk).status == Status.ELIGIBLE
