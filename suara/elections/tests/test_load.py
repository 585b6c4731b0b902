from datetime import date

from django.core.management import call_command

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.elections.models import Contest, Election, Stage
from suara.elections.services import elections_load


def test_pemilu_2024_ships_the_three_pairs(pemilu_2024):
    contest = Contest.objects.get(slug="ppwp-2024")
    pairs = [(c.number, c.head_name, c.deputy_name) for c in contest.candidates.all()]
    assert pairs == [
        (1, "Anies Rasyid Baswedan", "Abdul Muhaimin Iskandar"),
        (2, "Prabowo Subianto", "Gibran Rakabuming Raka"),
        (3, "Ganjar Pranowo", "Mahfud MD"),
    ]
    assert contest.region_code == ""


def test_pemilu_2024_schedule_follows_pkpu_3_2022(pemilu_2024):
    stages = list(pemilu_2024.stages.all())
    dated = [s for s in stages if s.starts_on]
    assert min(s.starts_on for s in dated) == date(2022, 6, 14)
    assert max(s.ends_on for s in dated) == date(2024, 10, 20)
    voting = [s for s in stages if s.is_voting_day]
    assert len(voting) == 1 and voting[0].starts_on == pemilu_2024.voting_day == date(2024, 2, 14)
    assert "PKPU" in pemilu_2024.source or "Peraturan KPU Nomor 3 Tahun 2022" in pemilu_2024.source
    assert all(s.ends_on >= s.starts_on for s in dated)
    assert all(s.note for s in stages if not s.starts_on)


def test_loading_twice_changes_nothing(pemilu_2024, capsys):
    events = AuditEvent.objects.count()
    assert elections_load(actor=Actor.named("test")) == {"pemilu-2024": 0, "pilkada-2024": 0}
    assert AuditEvent.objects.count() == events
    call_command("load_elections")
    assert "nothing changed" in capsys.readouterr().out


def test_a_changed_stage_is_restored(pemilu_2024):
    Stage.objects.filter(election=pemilu_2024, is_voting_day=True).update(starts_on=date(2024, 2, 15))
    assert elections_load(actor=Actor.named("test"))["pemilu-2024"] == 1
    assert Stage.objects.get(election=pemilu_2024, is_voting_day=True).starts_on == date(2024, 2, 14)


def test_pilkada_contests_follow_the_geography(geography):
    elections_load(actor=Actor.named("test"))
    pilkada = Election.objects.get(slug="pilkada-2024")
    assert pilkada.voting_day == date(2024, 11, 27)
    governors = pilkada.contests.filter(ballot_type="gubernur")
    assert governors.count() == 37  # 38 provinces less DI Yogyakarta
    assert not governors.filter(region_code="34").exists()
    mayors = pilkada.contests.filter(ballot_type="walikota").values_list("region_code", flat=True)
    assert set(mayors) == {"3275", "3276"}


def test_shipped_data_cannot_change_the_candidates_of_a_counted_contest(pemilu_2024):
    import pytest

    from suara.core.errors import Conflict
    from suara.elections.models import Candidate
    from suara.results.models import RecapDelta

    contest = Contest.objects.get(slug="ppwp-2024")
    Candidate.objects.filter(contest=contest, number=2).update(head_name="Nama Lain")  # the data now differs
    RecapDelta.objects.create(contest=contest, tps_code="3276011006001", delta={"tps_reported": 1})
    events = AuditEvent.objects.count()
    Stage.objects.filter(election=pemilu_2024, is_voting_day=True).update(starts_on=date(2024, 2, 15))

    with pytest.raises(Conflict) as refused:
        elections_load(actor=Actor.named("test"))
    assert refused.value.code == "results_exist" and contest.name in refused.value.message
    assert Candidate.objects.get(contest=contest, number=2).head_name == "Nama Lain"  # nothing of the load kept
    assert Stage.objects.get(election=pemilu_2024, is_voting_day=True).starts_on == date(2024, 2, 15)
    assert AuditEvent.objects.count() == events

    RecapDelta.objects.all().delete()  # no result: the shipped candidates are restored
    elections_load(actor=Actor.named("test"))
    assert Candidate.objects.get(contest=contest, number=2).head_name == "Prabowo Subianto"
