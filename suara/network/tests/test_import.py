"""The import of a signal list as a job: valid rows written, refused rows reported by line and code, a file
that cannot be read refused whole, another city's region refused before anything is queued."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.network import selectors
from suara.network.importing import WIB, readiness_import
from suara.network.models import Observation
from suara.network.rules import Readiness
from suara.network.tests.conftest import TPS_1, TPS_2, TPS_3, TPS_BEKASI

pytestmark = pytest.mark.django_db


def listing(*rows: str) -> io.BytesIO:
    return io.BytesIO(("kode_tps,operator,sinyal,tanggal\n" + "".join(r + "\n" for r in rows)).encode())


def today() -> str:
    return timezone.now().astimezone(WIB).date().isoformat()


def test_the_import_runs_as_a_job_and_reports_bad_rows(people, django_capture_on_commit_callbacks, settings, tmp_path):
    from suara.jobs.models import Job
    from suara.jobs.runner import job_run
    from suara.jobs.services import job_start

    settings.PRIVATE_DIR = tmp_path
    day, old = today(), (timezone.now() - timedelta(days=400)).date().isoformat()
    content = listing(
        f"{TPS_1},telkomsel,none,{day}", f"{TPS_1},Indosat Ooredoo Hutchison,blank_spot,{day}",
        f"{TPS_2},xl,sms,{day}", f"{TPS_3},smartfren,4g,{day}",
        f"{TPS_BEKASI},xl,4g,{day}",  # line 6: Kota Bekasi, outside the job's region
        f"{TPS_1},axis,4g,{day}",  # line 7
        f"{TPS_2},xl,4g,{old}",  # line 8
        f"{TPS_1},telkomsel,4g,{day}",  # line 9: telkomsel at TPS 1 again
        "3276011006",  # line 10
    ).getvalue()  # fmt: skip
    with pytest.raises(DomainError) as refused:  # the pemkot of another city
        job_start(actor=Actor.of(people["pemkot_bekasi"]), kind="network_import", scope="3276",
                  upload=io.BytesIO(content), upload_name="blank.csv")  # fmt: skip
    assert refused.value.status == 403
    with django_capture_on_commit_callbacks(execute=False):
        job = job_start(actor=Actor.of(people["pemkot"]), kind="network_import", scope="3276",
                        upload=io.BytesIO(content), upload_name="blank.csv")  # fmt: skip
    assert job_run(job.pk) == "done"
    job = Job.objects.get(pk=job.pk)
    assert job.summary["rows"] == 9 and job.summary["added"] == 4 and job.summary["rejected"] == 5
    report = (tmp_path / "jobs" / str(job.pk) / "baris-ditolak.csv").read_text().splitlines()
    assert [line.split(",")[:3] for line in report[1:]] == [
        ["6", "tps_outside_scope", "kode_tps"], ["7", "operator_unknown", "operator"],
        ["8", "date_too_old", "tanggal"], ["9", "duplicate_in_file", "kode_tps"], ["10", "row_broken", ""],
    ]  # fmt: skip
    assert Observation.objects.filter(source="import", job_id=job.pk).count() == 4
    found = selectors.readiness_in("3276011006")
    assert found[TPS_1].readiness == Readiness.BLANK_SPOT
    assert found[TPS_2].readiness == Readiness.TERBATAS and found[TPS_3].readiness == Readiness.SIAP
    assert AuditEvent.objects.filter(action="network.import", object_code="3276").count() == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"kode,operator\n1,2\n", "import_bad_header"), (b"\xd0\xcf\x11\xe0rest", "import_xls_unsupported")],
)
def test_a_file_that_cannot_be_read_is_refused_whole(people, content, code):
    with pytest.raises(DomainError) as refused:
        readiness_import(stream=io.BytesIO(content), actor=Actor.named("test"), scope="3276")
    assert refused.value.code == code and not Observation.objects.exists()


def test_a_failure_part_way_leaves_nothing(people, monkeypatch):
    from suara.network import importing

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "audit_record", broken)
    with pytest.raises(RuntimeError):
        readiness_import(stream=listing(f"{TPS_1},xl,4g,{today()}"), actor=Actor.named("test"), scope="3276")
    assert not Observation.objects.exists()
