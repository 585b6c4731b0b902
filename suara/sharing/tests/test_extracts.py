"""Extracts under an agreement through the jobs framework: only the allowed fields, counted where the
agreement says, only its region, with the keyed-hash column and marker records; refused with their code
beyond the agreement (nothing written); recorded and audited."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.jobs.models import Job
from suara.jobs.services import job_start
from suara.sharing import keys
from suara.sharing.fingerprint import TOKEN, TOKEN_COLUMN, Tokens
from suara.sharing.models import Extract, ExtractRow
from suara.sharing.services import agreement_revoke
from suara.sharing.services_extracts import extract_download
from suara.sharing.tests.support import FIELDS, agreement, extract

pytestmark = pytest.mark.django_db


def _rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_an_extract_holds_only_the_allowed_fields_of_its_region_with_its_fingerprint(
    people, register, django_capture_on_commit_callbacks
):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    job = extract(django_capture_on_commit_callbacks, people["kpu_depok"], made.pk)
    assert job.state == "done", (job.error_code, job.error_message)
    record = Extract.objects.get()
    assert (record.agreement, record.rows, record.region_code, record.fields) == (made, 5, "3276", FIELDS)
    assert record.requested_by == "kpu_depok" and len(record.key_id) == 16 and len(record.markers) == 1
    assert job.summary == {"extract": record.pk, "rows": 5, "markers": 1}
    path, name = extract_download(actor=Actor.of(people["kpu_depok"]), pk=record.pk)
    assert name.endswith(f"ekstrak-perjanjian-{made.pk}.csv")
    rows = _rows(path)
    assert list(rows[0]) == [TOKEN_COLUMN, *FIELDS]  # never NIK, KK, birth date
    assert len(rows) == 6 and all(TOKEN.fullmatch(r[TOKEN_COLUMN]) for r in rows)
    depok = {v.pk for v in register if v.desa_id.startswith("3276")}
    tokens = Tokens(keys.secret_of(record.key_id))
    by_token = {tokens.voter(pk): pk for pk in depok}
    real = [r for r in rows if r[TOKEN_COLUMN] in by_token]
    assert len(real) == 5 and {by_token[r[TOKEN_COLUMN]] for r in real} == depok
    marker = [r for r in rows if r[TOKEN_COLUMN] not in by_token][0]
    assert marker[TOKEN_COLUMN] == record.markers[0]["token"] and marker["kode_desa"].startswith("3276")
    assert marker["nama"] not in {v.name for v in register}
    assert set(ExtractRow.objects.values_list("voter_id", flat=True)) == depok
    assert "Sari Wulandari" not in (record.file_name + str(job.summary))
    event = AuditEvent.objects.get(action="sharing.extract_create")
    assert (event.actor, event.object_code) == ("kpu_depok", str(record.pk)) and "5 baris" in event.summary
    assert record.key_id in event.summary and "Sari" not in event.summary


def test_an_extract_of_a_desa_under_a_kab_kota_agreement(people, register, django_capture_on_commit_callbacks):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    job = extract(django_capture_on_commit_callbacks, people["kpu_depok"], made.pk, region="3276011007",
                  fields=["nama", "usia"])  # fmt: skip
    assert job.state == "done"
    record = Extract.objects.get()
    assert record.rows == 1 and record.fields == ["nama", "usia"]


def test_counts_per_tps_with_small_cells_suppressed(people, register, django_capture_on_commit_callbacks):
    made = agreement(people["kpu_depok"], people["kpu_ri"], aggregation="tps",
                     fields=["jenis_kelamin", "usia", "disabilitas"])  # fmt: skip
    job = extract(django_capture_on_commit_callbacks, people["kpu_depok"], made.pk)
    assert job.state == "done", job.error_message
    path, _ = extract_download(actor=Actor.of(people["kpu_ri"]), pk=Extract.objects.get().pk)
    rows = {r["kode_wilayah"]: r for r in _rows(path)}
    assert set(rows) == {"3276011006001", "3276011006002", "3276011007001"}
    first = rows["3276011006001"]
    assert (first["jumlah_pemilih"], first["laki_laki"], first["perempuan"], first["disabilitas"]) == (
        "2",
        "<5",
        "<5",
        "<5",
    )
    assert rows["3276011006002"]["usia_60_plus"] == "<5" and rows["3276011006002"]["usia_45_59"] == "0"
    record = Extract.objects.get()
    assert record.markers == [] and not ExtractRow.objects.exists() and record.rows == 3
    tokens = Tokens(keys.secret_of(record.key_id))
    assert all(r[TOKEN_COLUMN] == tokens.group(code) for code, r in rows.items())


@pytest.mark.parametrize(
    ("kwargs", "code", "status"),
    [
        ({"fields": ["nama", "nik"]}, "field_not_allowed", 403),
        ({"fields": ["nama", "gaji"]}, "unknown_sharing_field", 400),
        ({"region": "3275"}, "outside_agreement_region", 403),
        ({"region": "32"}, "outside_agreement_region", 403),
        ({"region": "3276x"}, "invalid_region_code", 400),
    ],
)
def test_a_request_beyond_its_agreement_is_refused_and_nothing_written(
    people, register, django_capture_on_commit_callbacks, kwargs, code, status
):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    with pytest.raises(DomainError) as refused:
        extract(django_capture_on_commit_callbacks, people["kpu_ri"], made.pk, **kwargs)
    assert (refused.value.code, refused.value.status) == (code, status)
    assert not Job.objects.exists() and not Extract.objects.exists() and not ExtractRow.objects.exists()


def test_before_approval_after_expiry_or_revoked_nothing_is_extracted(
    people, register, django_capture_on_commit_callbacks, fixed_today
):
    draft = agreement(people["kpu_depok"])
    with pytest.raises(DomainError) as early:
        extract(django_capture_on_commit_callbacks, people["kpu_depok"], draft.pk)
    assert (early.value.code, early.value.status) == ("agreement_not_approved", 403)
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    fixed_today(made.period_end + timedelta(days=1))
    with pytest.raises(DomainError) as late:
        extract(django_capture_on_commit_callbacks, people["kpu_depok"], made.pk)
    assert late.value.code == "agreement_expired"
    fixed_today(made.period_start)
    agreement_revoke(actor=Actor.of(people["kpu_ri"]), pk=made.pk, reason="Tujuan sudah selesai.")
    with pytest.raises(DomainError) as revoked:
        extract(django_capture_on_commit_callbacks, people["kpu_depok"], made.pk)
    assert revoked.value.code == "agreement_revoked"
    assert not Job.objects.exists() and not Extract.objects.exists()


def test_an_agreement_revoked_after_the_request_fails_the_job_with_its_code(
    people, register, django_capture_on_commit_callbacks, private_dir
):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    job = job_start(
        actor=Actor.of(people["kpu_depok"]),
        kind="sharing_extract",
        scope="3276",
        params={"agreement": made.pk, "region": "3276"},
    )  # fmt: skip  (queued, not run: no commit)
    agreement_revoke(actor=Actor.of(people["kpu_ri"]), pk=made.pk, reason="Dicabut sebelum dijalankan.")
    from suara.jobs.runner import job_run

    assert job_run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error_code == "agreement_revoked" and not job.result_name
    assert not Extract.objects.exists() and not ExtractRow.objects.exists()
    assert not any(p.suffix in (".csv", ".part") for p in (private_dir / "jobs" / str(job.pk)).iterdir())


def test_the_job_api_checks_the_same_rules(people, register, client):
    from suara.accounts.tokens import token_issue

    made = agreement(people["kpu_depok"], people["kpu_ri"])
    _, plaintext = token_issue(user=people["kpu_depok"], name="t", actor=Actor.named("test"))
    body = {"kind": "sharing_extract", "region": "3276", "params": {"agreement": made.pk, "fields": ["nik"]}}
    answer = client.post("/api/v1/tugas", body, "application/json", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert answer.status_code == 403 and answer.json()["code"] == "field_not_allowed"
    assert not Job.objects.exists()


def test_another_region_cannot_request_or_download(people, register, django_capture_on_commit_callbacks):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    with pytest.raises(DomainError) as hidden:
        extract(django_capture_on_commit_callbacks, people["kpu_bekasi"], made.pk)
    assert hidden.value.code == "agreement_not_found"
    extract(django_capture_on_commit_callbacks, people["kpu_depok"], made.pk)
    with pytest.raises(DomainError) as other:
        extract_download(actor=Actor.of(people["kpu_bekasi"]), pk=Extract.objects.get().pk)
    assert other.value.code == "extract_not_found"


def test_a_kab_kota_extracts_its_own_region_under_a_national_agreement(
    people, register, django_capture_on_commit_callbacks
):
    national = agreement(people["kpu_ri"], people["kpu_ri_2"], region_code="", organisation="")
    job = extract(django_capture_on_commit_callbacks, people["kpu_depok"], national.pk)
    assert (job.state, job.scope) == ("done", "3276")
    assert Extract.objects.get().rows == 5  # Depok's, not Bekasi's
    with pytest.raises(DomainError) as beyond:
        extract(django_capture_on_commit_callbacks, people["kpu_depok"], national.pk, region="")
    assert beyond.value.code == "forbidden"  # the nation is not Depok's to extract
