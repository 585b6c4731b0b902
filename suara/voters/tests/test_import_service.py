"""voters_import on the database: valid rows in, every bad row reported, all or nothing, delta mode.

Every voter is synthetic (suara.voters.synthetic.voters)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.people.nik import nik_make
from suara.voters.importing import service
from suara.voters.importing.service import voters_import
from suara.voters.importing.source import COLUMNS
from suara.voters.models import Voter, VoterEvent
from suara.voters.synthetic.voters import SyntheticVoters

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
    return voters_import(stream=io.BytesIO(data), actor=Actor.named("test"), **options)


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


def spoilt_file(depok: list[str]) -> tuple[bytes, dict[int, str]]:
    """Six good rows, then one bad row of each kind; returns the file and line -> expected code."""
    good = synthetic_rows(depok, 6)
    base = good[0]
    bad: list[tuple[bytes | list[str], str]] = [
        (base[:10], "row_broken"),
        (",".join(base).replace(base[2], base[2] + "\udce9").encode("utf-8", "surrogateescape"), "row_not_utf8"),
        ([*base[:7], base[7] + "\x00", *base[8:]], "row_nul"),
        ([base[0][:15], *base[1:]], "nik_length"),
        (["990999" + base[0][6:], *base[1:]], "nik_unknown_kecamatan"),
        ([base[0][:12] + "0000", *base[1:]], "nik_zero_serial"),
        ([*base[:5], "P" if base[5] == "L" else "L", *base[6:]], "nik_sex_mismatch"),
        ([*base[:10], "3276019999", base[11]], "unknown_desa"),
        ([*base[:4], "2027-01-01", *base[5:]], "birth_date_in_future"),
        ([*base[:6], "K", *base[7:]], "invalid_marital"),
        (list(good[1]), "nik_duplicate_in_file"),
        ([nik_make(base[0][:6], date(2015, 3, 3), "L", 9), *base[1:4], "2015-03-03", "L", "B", *base[7:]],
         "not_eligible_age"),
    ]  # fmt: skip
    out = io.BytesIO()
    out.write(csv_bytes(good))
    expected = {}
    for line, (row, code) in enumerate(bad, start=len(good) + 2):
        out.write(row + b"\n" if isinstance(row, bytes) else csv_bytes([row], header=())[1:])
        expected[line] = code
    return out.getvalue(), expected


def test_every_kind_of_bad_row_is_reported_with_its_line_and_the_good_rows_go_in(depok, tmp_path):
    registered = synthetic_rows(depok, 3, seed=9)
    run(csv_bytes(registered))
    data, expected = spoilt_file(depok)
    data += csv_bytes([registered[1]], header=())[1:]
    expected[max(expected) + 1] = "nik_registered"

    result = run(data)

    assert (result.added, result.rejected) == (6, len(expected))
    first_codes = {}
    for p in result.problems:
        first_codes.setdefault(p.line, p.code)
    assert first_codes == expected
    assert all(p.reason for p in result.problems)
    assert Voter.objects.count() == 3 + 6

    from suara.voters.importing.report import write_report

    report = tmp_path / "errors.csv"
    write_report(result.problems, report)
    text = report.read_text()
    for row in synthetic_rows(depok, 6) + registered:
        assert row[0] not in text and row[2] not in text


class DatabaseGone(Exception):
    pass


def test_a_failure_part_way_leaves_the_register_as_it_was(depok, monkeypatch):
    before = synthetic_rows(depok, 20, seed=5)
    run(csv_bytes(before))
    snapshot = sorted(Voter.objects.values_list("nik", "name", "address", "updated_at"))
    events, audits = VoterEvent.objects.count(), AuditEvent.objects.count()

    # The database dies after the new voters are in, before the audit event: everything goes back.
    def die(**kwargs):
        raise DatabaseGone

    monkeypatch.setattr(service, "audit_record", die)
    with pytest.raises(DatabaseGone):
        run(csv_bytes(synthetic_rows(depok, 200, seed=6)))
    monkeypatch.undo()

    # Ctrl-C while the file is being read.
    def interrupt(rows, fraction):
        raise KeyboardInterrupt

    monkeypatch.setattr(service, "PROGRESS_EVERY", 50)
    with pytest.raises(KeyboardInterrupt):
        run(csv_bytes(synthetic_rows(depok, 200, seed=7)), progress=interrupt)

    # And in delta mode, after the changes are written.
    changed = [list(row) for row in before]
    changed[0][7] = "Jl. Lain No. 9"
    monkeypatch.setattr(service, "_insert_new", lambda **kwargs: (_ for _ in ()).throw(DatabaseGone()))
    with pytest.raises(DatabaseGone):
        run(csv_bytes(changed + synthetic_rows(depok, 5, seed=8)), delta=True)

    assert sorted(Voter.objects.values_list("nik", "name", "address", "updated_at")) == snapshot
    assert (VoterEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_an_xlsx_file_goes_in_like_a_csv(depok):
    from openpyxl import Workbook

    rows = synthetic_rows(depok, 30)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([*row[:4], date.fromisoformat(row[4]), *row[5:8], int(row[8]), int(row[9]), *row[10:]])
    sheet.append([int(rows[0][0]), *rows[0][1:]])  # a NIK typed as a number: Excel lost its last digit
    out = io.BytesIO()
    book.save(out)

    result = run(out.getvalue())
    assert (result.kind, result.added, result.rejected) == ("xlsx", 30, 1)
    assert [(p.line, p.code) for p in result.problems] == [(32, "excel_number")]
    voter = Voter.objects.get(nik=rows[3][0])
    assert (voter.birth_date.isoformat(), voter.rt, voter.rw) == (rows[3][4], rows[3][8], rows[3][9])


def test_rows_in_a_kabkota_whose_dpb_period_is_signed_are_refused(depok):
    from suara.voters.models import DpbPeriodLock

    DpbPeriodLock.objects.create(
        region_code="3276", period_start=date(2026, 10, 1), period_end=date(2026, 12, 31),
        locked_at=datetime(2026, 11, 1, tzinfo=UTC), locked_by="ketua",
    )  # fmt: skip
    result = run(csv_bytes(synthetic_rows(depok, 5)))
    assert (result.added, {p.code for p in result.problems}) == (0, {"dpb_period_locked"})


# Delta mode ---------------------------------------------------------------------------------------------


def test_delta_adds_new_updates_changed_and_lists_the_missing_without_removing_them(depok, geography):
    first = synthetic_rows(depok, 40, seed=3)
    run(csv_bytes(first), batch="ekstrak-1")
    tms_voter = Voter.objects.get(nik=first[5][0])
    Voter.objects.filter(pk=tms_voter.pk).update(status="tms", tms_code=1)
    Voter.objects.filter(nik=first[6][0]).update(tps_id=f"{first[6][10]}001")
    other_desa = next(code for code in depok if code not in {row[10] for row in first[6:7]})

    later = [list(row) for row in first]
    later[1][2] = later[1][2] + " Putra"  # a corrected name
    later[2][7], later[2][8] = "Jl. Baru No. 1", "009"  # another address
    later[6][10] = other_desa  # moved to another desa
    gone = [later.pop(10), later.pop(20)]  # no longer in the extract
    later[30][1] = "12"  # a broken KK: refused, and not counted as missing
    fresh = synthetic_rows(depok, 3, seed=4)

    result = run(csv_bytes(later + fresh), delta=True, batch="ekstrak-2")

    assert (result.added, result.changed, result.rejected) == (3, 3, 1)
    assert result.unchanged == len(later) - 1 - 3
    assert sorted(nik for nik, _ in result.missing) == sorted(row[0] for row in gone)
    assert {code for _, code in result.missing} <= set(depok)
    assert Voter.objects.count() == 43  # nobody removed
    assert Voter.objects.filter(nik__in=[row[0] for row in gone], status="aktif").count() == 2

    renamed = Voter.objects.get(nik=first[1][0])
    assert renamed.name == first[1][2] + " Putra"
    assert renamed.name_key.endswith("putra")
    moved = Voter.objects.get(nik=first[6][0])
    assert (moved.kemendagri_desa_code, moved.desa_id, moved.tps_id) == (other_desa, other_desa, None)
    assert Voter.objects.get(nik=first[5][0]).status == "tms"  # the extract does not reinstate anyone

    events = {e.voter.nik: e for e in VoterEvent.objects.filter(batch="ekstrak-2").exclude(kind="impor")}
    assert events[first[1][0]].kind == "ubah"
    assert events[first[1][0]].changes == {"fields": ["name"]}  # names of personal fields, not values
    assert events[first[2][0]].changes == {"fields": ["address", "rt"]}
    assert events[first[6][0]].kind == "pindah"
    assert events[first[6][0]].changes == {"desa": [first[6][10], other_desa], "tps": [f"{first[6][10]}001", ""]}
    assert events[first[6][0]].region_code == other_desa
    assert VoterEvent.objects.filter(batch="ekstrak-2", kind="impor").count() == 3
    summary = AuditEvent.objects.filter(action="voters.import_delta").get().summary
    assert "3 ditambahkan" in summary and "3 diubah" in summary and "2 tidak ada lagi" in summary

    again = run(csv_bytes(later + fresh), delta=True)
    assert (again.added, again.changed, again.unchanged) == (0, 0, len(later) - 1 + 3)


# The direct path: an import that owns its transaction, on PostgreSQL -----------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_import_owning_its_transaction_copies_straight_in_with_the_same_outcome(depok, monkeypatch):
    from django.db import connection

    straight = connection.vendor == "postgresql"
    registered = synthetic_rows(depok, 3, seed=9)
    run(csv_bytes(registered))
    data, expected = spoilt_file(depok)
    data += csv_bytes([registered[1]], header=())[1:]
    expected[max(expected) + 1] = "nik_registered"
    snapshot = sorted(Voter.objects.values_list("nik", "updated_at"))

    def die(**kwargs):
        raise DatabaseGone

    monkeypatch.setattr(service, "audit_record", die)
    with pytest.raises(DatabaseGone):
        run(data)
    monkeypatch.undo()

    def interrupt(rows, fraction):  # Ctrl-C in the middle of the COPY
        raise KeyboardInterrupt

    monkeypatch.setattr(service, "PROGRESS_EVERY", 5)
    with pytest.raises(KeyboardInterrupt):
        run(data, progress=interrupt)
    monkeypatch.undo()
    assert sorted(Voter.objects.values_list("nik", "updated_at")) == snapshot
    assert VoterEvent.objects.count() == 3

    from suara.voters.importing import direct

    monkeypatch.setattr(direct, "CHUNK", 2)  # several chunks in flight, as in a large file
    result = run(data, batch="langsung")
    assert ("read, check, copy into the register" in result.timings) == straight
    assert (result.added, result.rejected) == (6, len(expected))
    first_codes = {}
    for p in result.problems:
        first_codes.setdefault(p.line, p.code)
    assert first_codes == expected
    assert Voter.objects.count() == 9
    assert VoterEvent.objects.filter(batch="langsung", kind="impor").count() == 6
    assert set(Voter.objects.values_list("status", flat=True)) == {"aktif"}
    assert all(v.name_key for v in Voter.objects.all())

    again = run(data)
    assert (again.added, sum(p.code == "nik_registered" for p in again.problems)) == (0, 7)


@pytest.mark.django_db(transaction=True)
def test_a_nik_registered_elsewhere_during_the_import_refuses_the_whole_file(depok, monkeypatch):
    from django.db import connection

    from suara.voters.importing import direct

    if connection.vendor != "postgresql":
        pytest.skip("the straight-in path is PostgreSQL's")
    rows = synthetic_rows(depok, 30, seed=11)
    run(csv_bytes(rows[:1]))
    # As if another operator registered the first voter just after the check.
    monkeypatch.setattr(direct, "registered_niks", lambda lookup, niks: set())
    with pytest.raises(DomainError) as caught:
        run(csv_bytes(rows))
    assert (caught.value.code, caught.value.status) == ("register_changed", 409)
    assert Voter.objects.count() == 1
    assert VoterEvent.objects.count() == 1


def test_progress_is_reported_as_the_file_is_read_and_once_at_the_end(depok, monkeypatch):
    calls = []
    monkeypatch.setattr(service, "PROGRESS_EVERY", 25)
    run(csv_bytes(synthetic_rows(depok, 110)), progress=lambda rows, fraction: calls.append((rows, fraction)))
    assert [rows for rows, _ in calls] == [25, 50, 75, 100, 110]
    fractions = [fraction for _, fraction in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
