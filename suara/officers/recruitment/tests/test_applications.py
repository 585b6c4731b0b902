"""The public form's service: an application in with its history and code; every bad input a clear
code with nothing written; the status by its code."""

from __future__ import annotations

from datetime import date

import pytest

from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.officers.bodies import Body, Status
from suara.officers.models import Application, Officer
from suara.officers.recruitment.applications import application_status, application_submit
from suara.officers.recruitment.documents import ALL, Document
from suara.officers.recruitment.tests.conftest import TPS, applicant_values

pytestmark = pytest.mark.django_db


def submit(election, values=None, *, documents=int(ALL), letter=False, body=Body.KPPS, posting=TPS):
    return application_submit(
        election=election, body=body, posting_code=posting, values=values or applicant_values(),
        documents=documents, letter=letter,
    )  # fmt: skip


def test_an_application_is_a_record_with_its_history_and_a_code(recruiting):
    submitted = submit(recruiting)
    officer = Officer.objects.get()
    assert officer.status == Status.APPLICANT and officer.source == "form" and officer.posting_code == TPS
    assert [h.status for h in officer.history.all()] == ["pendaftar"]
    assert len(submitted.code) == 11 and Application.objects.get().code_hash != submitted.code
    event = AuditEvent.objects.filter(action="officers.application").get()
    assert event.object_code == str(officer.pk) and officer.nik not in event.summary
    answer = application_status(submitted.code.lower().replace("-", " "))
    assert answer.status == "pendaftar" and answer.reasons == [] and answer.history[0][0] == "Pendaftar"


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"nik": "12345"}, "nik_length", "nik"),
        ({"nik": "3276010000000001"}, "nik_bad_date", "nik"),
        ({"tanggal_lahir": "1991-05-17"}, "nik_birth_date_mismatch", "nik"),
        ({"jenis_kelamin": "L"}, "nik_sex_mismatch", "nik"),
        ({"nama": "  "}, "name_required", "nama"),
        ({"telepon": "", "email": ""}, "application_field_invalid", "telepon"),
        ({"pendidikan": "sma atas"}, "application_field_invalid", "pendidikan"),
        ({"kode_desa_domisili": "3276019999"}, "application_field_invalid", "kode_desa_domisili"),
        ({"kode_desa_domisili": "3275011001"}, "domicile_other_region", "kode_desa_domisili"),
    ],
)
def test_a_bad_field_is_refused_by_name_and_nothing_is_written(recruiting, changes, code, field):
    values = applicant_values(**changes)
    with pytest.raises(DomainError) as refused:
        submit(recruiting, values)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert values["nik"] not in refused.value.message
    assert not Officer.objects.exists() and not AuditEvent.objects.filter(action="officers.application").exists()


def test_missing_documents_are_named(recruiting):
    with pytest.raises(DomainError) as refused:
        submit(recruiting, documents=int(ALL & ~Document.SURAT_SEHAT))
    assert refused.value.code == "documents_missing" and "sehat" in refused.value.message
    # The village head's letter stands for the diploma, and is then required.
    submit(recruiting, documents=int(ALL & ~Document.IJAZAH), letter=True)
    with pytest.raises(DomainError, match="kepala desa"):
        submit(recruiting, applicant_values(2), documents=int(ALL & ~Document.SURAT_KETERANGAN_PENDIDIKAN), letter=True)


def test_another_region_posting_or_body_is_refused(recruiting):
    with pytest.raises(DomainError) as refused:
        submit(recruiting, posting="3276011006999")
    assert refused.value.code == "posting_not_found"
    with pytest.raises(DomainError) as refused:
        submit(recruiting, body=Body.PPS, posting=TPS)  # a PPS is posted to a desa
    assert refused.value.code == "posting_not_found"
    # Living in Depok and applying to a Bekasi TPS.
    with pytest.raises(DomainError) as refused:
        submit(recruiting, posting="3275011001001")
    assert refused.value.code == "domicile_other_region"


def test_a_second_application_to_the_same_body_is_refused(recruiting):
    submit(recruiting)
    with pytest.raises(DomainError) as refused:
        submit(recruiting)
    assert refused.value.code == "application_exists" and refused.value.status == 409
    submit(recruiting, body=Body.PPS, posting="3276011006")  # another body is another application
    assert Officer.objects.count() == 2


def test_outside_the_window_the_form_is_closed(recruiting, fixed_today):
    fixed_today(date(2024, 1, 1))
    with pytest.raises(DomainError) as refused:
        submit(recruiting)
    assert refused.value.code == "recruitment_not_open"


@pytest.mark.parametrize("code", ["", "ABCDE-FGHJK", "x" * 100, None, "'; --"])
def test_an_unknown_code_is_one_answer(recruiting, code):
    submit(recruiting)
    with pytest.raises(DomainError) as refused:
        application_status(code)
    assert refused.value.code == "application_code_unknown"
