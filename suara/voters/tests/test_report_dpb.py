"""The DPB recap (`suara report dpb`): its numbers against the database, at the end of a past period,
and its XLSX and PDF documents. Every voter is synthetic."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.utils import timezone
from openpyxl import load_workbook

from conftest import make_officer
from suara.audit.actors import Actor
from suara.core.errors import DomainError, NotFound
from suara.results.tests.support import pdf_text
from suara.voters.models import Voter, VoterEvent
from suara.voters.reports.dpb import dpb_recap
from suara.voters.reports.render import render_pdf, render_xlsx
from suara.voters.services import voter_add, voter_mark_tms, voter_move
from suara.voters.tests.support import add_voters, person

TODAY = date(2026, 11, 22)
VOTING_DAY = date(2029, 2, 14)
DESA_A = "3276011006"  # DEPOK
DESA_B = "3276011007"  # DEPOK JAYA
BEKASI = "3275011001"
KECAMATAN = "327601"


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def register(geography, fixed_today):
    """Bulk voters in two Pancoran Mas desa and one Bekasi desa, and DPB changes in October (a period)
    and on 20 November (after it)."""
    fixed_today(TODAY)
    kpu = make_officer("kpu_depok", "kpu_kabkota", "3276")
    a = add_voters(DESA_A, [(1, 1, 3), (1, 2, 4), (2, 1, 5), (2, 2, 5)])
    add_voters(DESA_A, [(1, 3, 2)], status="tms")
    b = add_voters(DESA_B, [(1, 1, 4), (1, 2, 6)])
    add_voters(BEKASI, [(1, 1, 4)])
    october = [
        voter_add(actor=Actor.of(kpu), **person(serial=n, sex=sex, voting_day=VOTING_DAY)).pk
        for n, sex in ((1, "L"), (2, "L"), (3, "P"))
    ]
    voter_mark_tms(actor=Actor.of(kpu), voter_id=a[0].pk, tms_code=1, note="akta kematian")
    voter_mark_tms(actor=Actor.of(kpu), voter_id=b[0].pk, tms_code=2, note="ganda")
    voter_move(actor=Actor.of(kpu), voter_id=a[1].pk, desa_code=DESA_B, note="pindah")
    VoterEvent.objects.update(at=at(date(2026, 10, 10)))
    voter_mark_tms(actor=Actor.of(kpu), voter_id=a[2].pk, tms_code=4, note="pindah domisili")
    later = voter_add(actor=Actor.of(kpu), **person(serial=9, kemendagri_desa_code=DESA_B, voting_day=VOTING_DAY))
    VoterEvent.objects.filter(voter_id__in=[a[2].pk, later.pk]).update(at=at(date(2026, 11, 20)))
    return {"a": a, "b": b, "october": october, "later": later}


def database_counts(desa: str) -> tuple[int, int]:
    counts = Voter.objects.filter(desa_id=desa, status="aktif").aggregate(
        men=Count("pk", filter=Q(sex="L")), women=Count("pk", filter=Q(sex="P"))
    )
    return counts["men"], counts["women"]


def by_code(recap):
    return {row.code: row for row in recap.rows}


def test_up_to_today_the_numbers_are_what_the_database_holds(register):
    recap = dpb_recap(region_code="3276")
    rows = by_code(recap)
    for desa in (DESA_A, DESA_B):
        assert (rows[desa].men, rows[desa].women) == database_counts(desa)
    assert BEKASI not in rows
    assert rows[KECAMATAN].level == 3 and rows[KECAMATAN].total == rows[DESA_A].total + rows[DESA_B].total
    assert recap.totals.total == Voter.objects.filter(desa__code__startswith="3276", status="aktif").count()
    assert dict(rows[DESA_A].changes) == {"tambah": 3, "tms": 2}
    assert dict(rows[DESA_A].tms) == {1: 1, 4: 1} and dict(rows[DESA_B].tms) == {2: 1}
    assert rows[DESA_B].changes["pindah"] == 1 and rows[DESA_B].changes["tambah"] == 1
    assert sum(recap.totals.changes.values()) == VoterEvent.objects.filter(region_code__startswith="3276").count()
    codes = [row.code for row in recap.rows]
    assert codes.index(KECAMATAN) < codes.index(DESA_A) < codes.index(DESA_B), "subtotal before its desa"


def test_a_past_period_counts_its_own_changes_and_the_voters_as_they_were_at_its_end(register):
    recap = dpb_recap(region_code=KECAMATAN, start=date(2026, 10, 1), end=date(2026, 10, 31))
    rows = by_code(recap)
    assert dict(rows[DESA_A].changes) == {"tambah": 3, "tms": 1}
    assert dict(rows[DESA_B].changes) == {"tms": 1, "pindah": 1}
    assert dict(rows[DESA_A].tms) == {1: 1} and dict(rows[DESA_B].tms) == {2: 1}
    # On 31 October the November TMS was still active in A, and the November addition not yet in B.
    a_men, a_women = database_counts(DESA_A)
    third = register["a"][2]
    assert (rows[DESA_A].men, rows[DESA_A].women) == (a_men + (third.sex == "L"), a_women + (third.sex == "P"))
    b_men, b_women = database_counts(DESA_B)
    later = register["later"]
    assert (rows[DESA_B].men, rows[DESA_B].women) == (b_men - (later.sex == "L"), b_women - (later.sex == "P"))
    before = dpb_recap(region_code=KECAMATAN, end=date(2026, 9, 30))
    rows = by_code(before)
    assert rows[DESA_A].total == 17 and rows[DESA_B].total == 10, "the bulk voters only, before every change"
    assert sum(before.totals.changes.values()) == 0


def test_a_desa_recap_is_its_one_row(register):
    recap = dpb_recap(region_code=DESA_B)
    assert [row.code for row in recap.rows] == [DESA_B]
    assert recap.totals.total == recap.rows[0].total == sum(database_counts(DESA_B))
    assert [r.code for r in recap.ancestors] == ["32", "3276", KECAMATAN]


def test_the_xlsx_is_one_sheet_with_headers_numbers_and_totals(register):
    recap = dpb_recap(region_code="3276", start=date(2026, 10, 1), end=date(2026, 10, 31))
    book = load_workbook(io.BytesIO(render_xlsx(recap)))
    assert book.sheetnames == ["Rekap DPB"]
    sheet = book.active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][0] == "Rekapitulasi Daftar Pemilih Berkelanjutan (DPB)"
    assert "KOTA DEPOK" in cells[1][0] and "01-10-2026" in cells[3][0] and "31-10-2026" in cells[3][0]
    header = next(row for row in cells if row[0] == "Kode")
    assert header[2:5] == ("L", "P", "Jumlah") and "TMS 8" in header
    assert next(row for row in cells if row[0] == KECAMATAN)[1] == "Kecamatan PANCORAN MAS"
    desa_row = next(row for row in cells if row[0] == DESA_A)
    assert desa_row[1] == "DEPOK" and all(isinstance(v, int) for v in desa_row[2:])
    totals = next(row for row in cells if row[1] == "JUMLAH")
    assert totals[2:5] == (recap.totals.men, recap.totals.women, recap.totals.total)
    assert totals[header.index("Baru")] == 3 and totals[header.index("TMS 1")] == 1
    assert any(row[0] and "rapat pleno" in str(row[0]) for row in cells)
    assert sum(1 for row in cells if row[0] == "Ketua") == 1


def test_the_pdf_is_a_pdf_with_the_region_the_period_and_the_totals(register):
    recap = dpb_recap(region_code=KECAMATAN)
    data = render_pdf(recap)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = pdf_text(data)
    for expected in ("Rekapitulasi Daftar Pemilih Berkelanjutan", "Kecamatan PANCORAN MAS", "DEPOK JAYA", "JUMLAH"):
        assert expected in text
    assert f"({recap.totals.total})" in text and "22-11-2026" in text and "rapat pleno" in text


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "PDF"])
def test_the_command_writes_the_document(register, tmp_path, fmt):
    out = tmp_path / f"rekap.{fmt.lower()}"
    stdout = io.StringIO()
    call_command("report", "dpb", "--region", KECAMATAN, "--format", fmt, "--out", str(out), stdout=stdout)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-" if fmt.lower() == "pdf" else b"PK")
    assert "PANCORAN MAS" in stdout.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "3276019999", "--format", "pdf"], "tidak ditemukan"),
        (["--region", "32760", "--format", "pdf"], "Kode wilayah"),
        (["--region", KECAMATAN, "--format", "docx"], "xlsx atau pdf"),
        (["--region", KECAMATAN, "--format", "pdf", "--from", "2026-13-01"], "--from harus tanggal"),
        (["--region", KECAMATAN, "--format", "pdf", "--to", "kemarin"], "--to harus tanggal"),
        (["--region", KECAMATAN, "--format", "pdf", "--from", "2026-11-01", "--to", "2026-10-01"], "tidak boleh"),
        (["--region", KECAMATAN, "--format", "pdf", "--to", "2027-01-01"], "setelah hari ini"),
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(register, tmp_path, args, message):
    out = tmp_path / "rekap.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("report", "dpb", *args, "--out", str(out), stdout=io.StringIO())
    assert not out.exists()


def test_the_recap_refuses_bad_input_with_codes(register):
    with pytest.raises(NotFound) as caught:
        dpb_recap(region_code="9901")
    assert caught.value.code == "region_not_found"
    with pytest.raises(DomainError) as caught:
        dpb_recap(region_code=KECAMATAN, start="2026-01-01")
    assert caught.value.code == "invalid_date"
