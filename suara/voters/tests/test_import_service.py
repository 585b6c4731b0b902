"""voters_import on the database: valid rows in, every bad row reported, all or nothing, delta mode.

Every voter is synthetic (suara.voters.synthetic)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.voters.importing import service
from suara.voters.importing.service import voters_import
from suara.voters.importing.source import COLUMNS
from suara.voters.models import Voter, VoterEvent
from suara.voters.synthetic import SyntheticVoters

TODAY = date(2026, 11, 22)
VOTING_DAY = date(2029, 2, 14)
DEPOK_DESA = "3276011006"


def synthetic_rows(desa: list[str], count: int, seed: int = 1) -> list[list[str]]:
    return [list(row) for row in SyntheticVoters(desa, count, seed=seed).rows()]


def csv_bytes(rows: list[list[str]], header: tuple[str, ...] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def run(data: bytes, **options) -> service.ImportResult:
    options.setdefault("voting_day", VOTING_DAY)
    return voters_import(stream=io.BytesIO(data), actor="test", **options)


@pytest.fixture
def depok(kemendagri, fixed_today):
    fixed_today(TODAY)
    return [code for code in kemendagri if code.startswith("327601")]


def test_valid_rows_go_in_with_an_impor_event_each_and_one_audit_event(depok, geography):
    rows = synthetic_rows(depok, 120)
    result = run(csv_bytes(rows), batch="uji-1")

    assert (result.rows, result.added, result.rejected, result.problems) == (120, 120, 0, [])
    assert Voter.objects.count() == 120
    voter = Voter.objects.get(nik=rows[0][0])
    first = rows[0]
    assert (voter.kk, voter.name, voter.birth_date.isoformat(), voter.sex) == (first[1], first[2], first[4], first[5])
    assert (voter.kemendagri_desa_code, voter.status, voter.tms_code, voter.tps_id) == (first[10], "aktif", None, None)
    # The Kemendagri desa maps to its KPU electoral desa (the geography slice has the same codes).
    assert voter.desa_id == rows[0][10]
    assert voter.name_key and " " not in voter.name_key

    events = VoterEvent.objects.filter(kind="impor", batch="uji-1")
    assert events.count() == 120
    assert set(events.values_list("region_code", flat=True)) == {row[10] for row in rows}
    audit = list(AuditEvent.objects.values_list("action", "object_code", "summary"))
    assert len(audit) == 1
    assert audit[0][:2] == ("voters.import", "uji-1")
    assert "120 ditambahkan" in audit[0][2]
    assert not any(row[0] in audit[0][2] or row[2] in audit[0][2] for row in rows)


def test_a_desa_without_an_electoral_counterpart_is_imported_unmapped(depok):
    result = run(csv_bytes(synthetic_rows(depok, 10)))
    assert result.added == 10
    assert set(Voter.objects.values_list("desa_id", flat=True)) == {None}
    assert set(VoterEvent.objects.values_list("region_code", flat=True)) == {""}


def test_a_second_run_adds_nothing_and_reports_every_nik_as_registered(depok):
    data = csv_bytes(synthetic_rows(depok, 50))
    run(data)
    again = run(data)
    assert (again.added, again.rejected) == (0, 50)
    assert {p.code for p in again.problems} == {"nik_registered"}
    assert sorted(p.line for p in again.problems) == list(range(2, 52))
    assert Voter.objects.count() == 50
    assert AuditEvent.objects.count() == 2


def test_without_the_kemendagri_regions_nothing_can_be_checked(db):
    with pytest.raises(DomainError) as caught:
        run(csv_bytes([]))
    assert caught.value.code == "regions_not_loaded"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "import_empty"),
        (b"nik,kk,nama\n1,2,3\n", "import_bad_header"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "import_xls_unsupported"),
        (b"PK\x03\x04not really a zip", "import_bad_xlsx"),
        ("nik,kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,status_kawin,alamat,rt,rw,kode_désa,disabilitas\n"
         .encode("latin-1"), "import_not_utf8"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_refused_whole(depok, data, code):
    with pytest.raises(DomainError) as caught:
        run(data)
    assert caught.value.code == code
    assert Voter.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_batch_name_too_long_is_refused(depok):
    with pytest.raises(DomainError) as caught:
        run(csv_bytes([]), batch="x" * 41)
    assert caught.value.code == "batch_invalid"
