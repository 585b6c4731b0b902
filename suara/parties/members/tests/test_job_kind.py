"""The upload's job kind (parties.job_kinds) on the job kernel: scoped to the party, not to a region;
another party's scope refused before anything is stored; a job whose options name another party than its
scope fails without touching either list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suara.audit.models import AuditEvent
from suara.core.errors import DomainError, NotFound, PermissionDenied
from suara.jobs import services
from suara.jobs.models import Job
from suara.parties.models import Member


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"


def start(user, scope, party_id, data=b"x", **kwargs):
    upload = SimpleUploadedFile("anggota.csv", data)
    return services.job_start(user=user, kind="party_members", scope=scope, params={"party_id": party_id},
                              upload=upload, upload_name=upload.name, **kwargs)  # fmt: skip


@pytest.mark.parametrize(
    ("scope", "party", "error", "code"),
    [
        ("gerindra", "gerindra", PermissionDenied, "forbidden"),
        ("PKB!", "pkb", DomainError, "job_scope_invalid"),
        ("", "pkb", DomainError, "job_scope_invalid"),
        ("pkb", None, NotFound, "party_not_found"),
    ],
)
def test_a_party_job_is_refused_before_anything_is_stored(parties, operators, scope, party, error, code):
    before = AuditEvent.objects.count()
    with pytest.raises(error) as caught:
        start(operators["pkb"], scope, parties[party].pk if party else "nope")
    assert caught.value.code == code
    assert not Job.objects.exists() and AuditEvent.objects.count() == before


def test_a_job_naming_another_party_than_its_scope_fails(
    parties, operators, members, csv_bytes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(operators["pkb"], "pkb", parties["gerindra"].pk, csv_bytes(members(3)))
    job.refresh_from_db()
    assert (job.state, job.error_code) == ("failed", "forbidden")
    assert not Member.objects.exists()
    assert AuditEvent.objects.filter(action="jobs.start").get().summary.endswith("untuk partai pkb")
