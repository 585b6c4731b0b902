"""The demo's fully reported kecamatan: every TPS by its own KPPS account, once, and then lockable."""

from conftest import make_officer
from suara.audit.actors import Actor
from suara.results.demo import demo_count_ensure
from suara.results.models import CountTps, TpsResult
from suara.results.recap.locks import recap_lock


def test_every_tps_of_the_kecamatan_is_reported_once_and_its_ppk_can_lock_it(counting):
    kecamatan = "327601"
    expected = CountTps.objects.filter(election=counting, code__startswith=kecamatan).count()

    assert demo_count_ensure(contest="ppwp-2024", kecamatan=kecamatan, candidates=3) == expected
    assert TpsResult.objects.filter(contest__slug="ppwp-2024", tps_code__startswith=kecamatan).count() == expected
    assert demo_count_ensure(contest="ppwp-2024", kecamatan=kecamatan, candidates=3) == 0  # a second run
    ppk = make_officer("ppk_demo", "ppk", kecamatan)
    lock = recap_lock(actor=Actor.of(ppk), contest="ppwp-2024", region_code=kecamatan)
    assert lock.region_code == kecamatan
