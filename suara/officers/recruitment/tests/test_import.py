"""The bulk import of applicants (importing.py): valid rows in with their history, every bad row reported
by line and code without its NIK, a posting outside the importer's region refused, whole-file problems
refusing the file; and as a job through the jobs framework."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.officers.bodies import Status
from suara.officers.models import Application, Officer
from suara.officers.recruitment import importing
from suara.officers.recruitment.importing import applicants_import
from suara.officers.recruitment.rows import COLUMNS
from suara.officers.recruitment.tests.conftest import TPS, applicant_values

pytestmark = pytest.mark.django_db


def row(serial: int = 1, body="kpps", posting=TPS, letter="", **changes) -> list[str]:
    values = applicant_values(serial, **changes)
    values.update(surat_keterangan_pendidikan=letter, badan=body, kode_penempatan=posting)
    return [values[c] for c in COLUMNS]


def csv_file(rows, header=COLUMNS) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode())


def run(election, stream, scope="3276011006"):
    return applicants_import(stream=stream, election=election, actor=Actor.named("pps_1"), role="pps", scope=scope)


def test_valid_rows_come_in_and_bad_ones_are_reported_by_line_and_code(recruiting):
    rows = [
        row(1),
        row(2, body="pps", posting="3276011006", letter="ya", pendidikan="smp"),
        row(3, nik="3276010000000001"),  # line 4: a NIK that is no date
        row(4, posting="3275011001001"),  # line 5: a Bekasi TPS, outside the PPS's desa
        row(5, body="camat"),  # line 6
        row(1),  # line 7: the same NIK and body again
        row(6, tanggal_lahir="17-05-1990"),  # line 8
        row(7)[:5],  # line 9: a short row
        row(8, posting="3276011006999"),  # line 10: no such TPS
    ]
    result = run(recruiting, csv_file(rows))
    assert (result.rows, result.added, result.rejected) == (9, 2, 7)
    codes: dict[int, set[str]] = {}
    for found in result.problems:
        codes.setdefault(found.line, set()).add(found.code)
    assert codes == {4: {"nik_bad_date", "nik_birth_date_mismatch"}, 5: {"outside_scope"}, 6: {"invalid_body"},
                     7: {"nik_duplicate_in_file"}, 8: {"invalid_birth_date"}, 9: {"row_broken"},
                     10: {"unknown_posting"}}  # fmt: skip
    niks = [r[0] for r in rows]
    assert not any(nik in p.reason for p in result.problems for nik in niks)
    kpps = Officer.objects.get(body="kpps")
    assert kpps.source == "import" and kpps.status == Status.APPLICANT and kpps.name == "Contoh Pendaftar Sintetis"
    assert [h.status for h in kpps.history.all()] == ["pendaftar"] and kpps.history.get().actor == "pps_1"
    pps = Officer.objects.get(body="pps")
    assert pps.application.education_letter and not kpps.application.education_letter
    assert Application.objects.filter(code_hash="").count() == 2
    event = AuditEvent.objects.filter(action="officers.applicants_import").get()
    assert event.object_code == "3276011006" and "2 ditambahkan, 7 ditolak" in event.summary


def test_a_nik_already_applied_is_refused_on_its_line(recruiting):
    run(recruiting, csv_file([row(1)]))
    result = run(recruiting, csv_file([row(2), row(1)]))
    assert result.added == 1 and [(p.line, p.code) for p in result.problems] == [(3, "application_exists")]
    assert Officer.objects.count() == 2


def test_chunks_each_write_their_records_with_history_and_application(recruiting, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 2)  # five valid rows: three chunks, the last one short
    run(recruiting, csv_file([row(4)]))
    rows = [row(1), row(2), row(3), row(4), row(5, body="pps", posting="3276011006", letter="ya"), row(6)]
    result = run(recruiting, csv_file(rows))
    assert (result.rows, result.added) == (6, 5)
    assert [(p.line, p.code) for p in result.problems] == [(5, "application_exists")]
    officers = Officer.objects.filter(source="import").exclude(nik=rows[3][0])
    assert officers.count() == 5
    for officer in officers:
        assert [(h.status, h.note) for h in officer.history.all()] == [("pendaftar", "impor berkas")]
        assert officer.application.education_letter == (officer.body == "pps")
    assert Officer.objects.filter(nik=rows[3][0]).count() == 1


def test_nik_lookups_happen_only_where_the_election_had_records(recruiting, monkeypatch):
    looked_up = []
    applied = importing._ChunkWriter._applied
    monkeypatch.setattr(importing._ChunkWriter, "_applied", lambda self, records, cursor: looked_up.append(
        len(records)) or applied(self, records, cursor))  # fmt: skip
    run(recruiting, csv_file([row(1), row(2)]))
    assert looked_up == []  # nothing to compare with
    result = run(recruiting, csv_file([row(3), row(2)]))
    assert looked_up == [2] and [(p.line, p.code) for p in result.problems] == [(3, "application_exists")]


def test_a_write_that_races_the_import_refuses_it_whole(recruiting, monkeypatch):
    """The NIK check reads what other transactions have committed; one committing the same NIK and body
    while the import runs meets the unique key instead, and the import names that."""
    run(recruiting, csv_file([row(2)]))
    monkeypatch.setattr(importing._ChunkWriter, "_applied", lambda self, records, cursor: set())  # the race
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        run(recruiting, csv_file([row(1), row(2), row(3)]))
    assert refused.value.code == "import_conflict" and refused.value.status == 409
    assert Officer.objects.count() == 1 and Application.objects.count() == 1
    assert AuditEvent.objects.count() == events


# Another writer's KPPS record for a NIK, as if committed while the import runs.
RACING_INSERT = (
    "INSERT INTO officers_officer (election_id, body, posting_code, position, nik, kk, name, sex, birth_date, "
    "marital, phone, email, address, domicile_code, education, occupation, status, reasons, flags, source, "
    "applied_at, updated_at) VALUES (%s, 'kpps', '3276011006001', '', %s, '', 'Lain', 'P', '1990-05-17', 'S', "
    "'081200000000', '', '', '3276011006', 'sma', '', 'pendaftar', 0, 0, 'form', CURRENT_TIMESTAMP, "
    "CURRENT_TIMESTAMP)"
)


def test_a_record_added_meanwhile_to_an_election_that_had_none_refuses_the_import(recruiting, monkeypatch):
    """No NIK is looked up in an election without records; one added meanwhile meets the unique key."""
    write = importing._ChunkWriter.write

    def racing(self, records, cursor):
        cursor.execute(RACING_INSERT, [recruiting.pk, records[0][1]])
        write(self, records, cursor)

    monkeypatch.setattr(importing._ChunkWriter, "write", racing)
    with pytest.raises(DomainError) as refused:
        run(recruiting, csv_file([row(1), row(2)]))
    assert refused.value.code == "import_conflict" and not Officer.objects.exists()


def test_an_xlsx_file_reads_as_the_csv(recruiting):
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append(row(1))
    values = row(2)
    values[COLUMNS.index("tanggal_lahir")] = date(1990, 5, 17)  # a date cell
    sheet.append(values)
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    result = run(recruiting, stream)
    assert result.kind == "xlsx" and result.added == 2, result.problems


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "import_empty"),
        (b"nik,nama\n1,2\n", "import_bad_header"),
        (b"\xd0\xcf\x11\xe0xxxx", "import_xls_unsupported"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(recruiting, content, code):
    with pytest.raises(DomainError) as refused:
        run(recruiting, io.BytesIO(content))
    assert refused.value.code == code and not Officer.objects.exists()


def test_the_import_runs_as_a_job_with_its_report(recruiting, django_capture_on_commit_callbacks, settings, tmp_path):
    from conftest import make_officer
    from suara.jobs.models import Job
    from suara.jobs.runner import job_run
    from suara.jobs.services import job_start

    settings.PRIVATE_DIR = tmp_path
    pps = make_officer("pps_1", "pps", "3276011006")
    with pytest.raises(DomainError) as refused:  # a PPS imports in its own desa only
        job_start(actor=Actor.of(pps), kind="officers_import", scope="3276011007", params={"pemilu": "pemilu-2024"},
                  upload=csv_file([row(1)]), upload_name="pendaftar.csv")  # fmt: skip
    assert refused.value.status == 403
    with django_capture_on_commit_callbacks(execute=False):
        job = job_start(actor=Actor.of(pps), kind="officers_import", scope="3276011006",
                        params={"pemilu": "pemilu-2024"},
                        upload=csv_file([row(1), row(2, nik="1")]), upload_name="pendaftar.csv")  # fmt: skip
    assert job_run(job.pk) == "done"
    job = Job.objects.get(pk=job.pk)
    assert job.summary["added"] == 1 and job.summary["by_code"] == {"nik_length": 1}
    report = (tmp_path / "jobs" / str(job.pk) / "baris-ditolak.csv").read_text()
    assert "3,nik_length,nik," in report
