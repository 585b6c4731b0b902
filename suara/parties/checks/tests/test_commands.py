"""`suara parties import-officer-niks`, `import-population` and `check`."""

import pytest
from django.core.management import CommandError, call_command

from suara.parties.checks.tests.support import listing, nik_of
from suara.parties.models import KabkotaPopulation, Member, OfficerNik

pytestmark = pytest.mark.django_db


def test_the_commands(parties, tmp_path, capsys):
    m = listing(parties[1], nik_of(1))
    niks = tmp_path / "niks.csv"
    niks.write_text(f"nik\n{m.nik}\n")
    call_command("parties", "import-officer-niks", str(niks), "--source", "KPU RI")
    assert OfficerNik.objects.count() == 1
    population = tmp_path / "pop.csv"
    population.write_text("kabkota,population,year\n3276,2163635,2023\n")
    call_command("parties", "import-population", str(population), "--source", "BPS")
    assert KabkotaPopulation.objects.get().population == 2163635
    call_command("parties", "check", "--party", "1")
    assert Member.objects.get().status == "BMS"
    assert "1 anggota diperiksa" in capsys.readouterr().out
    niks.write_text("nik\n12\n")
    with pytest.raises(CommandError, match="baris 2: nik_invalid") as caught:
        call_command("parties", "import-officer-niks", str(niks), "--source", "KPU RI")
    assert "12\n" not in str(caught.value).replace("baris 2", "")
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("parties", "import-population", str(tmp_path / "none.csv"), "--source", "BPS")


def test_the_full_check_runs_as_a_job(parties, tmp_path, settings, django_capture_on_commit_callbacks):
    from conftest import make_officer
    from suara.jobs.registry import kinds
    from suara.jobs.services import job_start

    settings.PRIVATE_DIR = tmp_path
    assert "party_checks" in kinds()
    listing(parties[1], nik_of(1)), listing(parties[2], nik_of(1))
    kpu_ri = make_officer("kpu_ri", "kpu_ri", "")
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(user=kpu_ri, kind="party_checks", scope="")
    job.refresh_from_db()
    assert (job.state, job.summary) == ("done", {"listings": 2, "eligible": 0, "double": 2, "changed": 2})
    assert set(Member.objects.values_list("status", flat=True)) == {"BMS"}
