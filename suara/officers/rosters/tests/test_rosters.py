"""Rosters and their completeness, the Linmas intake from the Satpol PP, the honorarium list and the
decree's PDF (officers.rosters, officers.selection.decree)."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.officers.bodies import Body, Position, Status
from suara.officers.models import Officer
from suara.officers.rosters import selectors
from suara.officers.rosters.honorarium import honorarium_list, render_xlsx
from suara.officers.rosters.rates import rate_table
from suara.officers.rosters.services import linmas_intake
from suara.officers.selection.decree import decree_pdf
from suara.officers.selection.services_appointment import officers_appoint
from suara.officers.selection.tests.support import DESA, KECAMATAN, TPS, make_adhoc, synthetic_nik
from suara.regions.models import Region, Tps
from suara.results.tests.support import pdf_text

pytestmark = pytest.mark.django_db
DECREE = {
    "number": "12/PP.04.1-Kpt/3276011006/2024",
    "decreed_on": date(2024, 1, 24),
    "signer": "Ketua PPS Depok",
    "term_start": date(2024, 1, 25),
    "term_end": date(2024, 2, 24),
}


@pytest.fixture
def tps_appointed(staff, pemilu_2024):
    kpps = [make_adhoc(pemilu_2024, Body.KPPS, TPS, name=f"Sintetis Kpps {n}") for n in range(7)]
    decree = officers_appoint(
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="kpps",
        posting=TPS,
        officer_ids=[o.pk for o in kpps],
        chair_id=kpps[0].pk,
        **DECREE,
    )
    return kpps, decree


def test_the_decree_pdf_lists_its_roster(tps_appointed):
    kpps, decree = tps_appointed
    data = decree_pdf(decree)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = pdf_text(data)
    assert DECREE["number"] in text and "Ketua PPS Depok" in text
    assert all(o.name in text for o in kpps)
    assert "Ketua" in text and "25-01-2024 s.d. 24-02-2024" in text
    assert kpps[0].nik not in text


def test_a_tps_roster_has_its_bodies_chair_first(tps_appointed, pemilu_2024):
    rosters = selectors.posting_roster(pemilu_2024, TPS)
    assert [r.body for r in rosters] == [Body.KPPS, Body.PANTARLIH, Body.LINMAS]
    kpps = rosters[0]
    assert (kpps.filled, kpps.seats, kpps.open_seats) == (7, 7, 0)
    assert kpps.appointed[0].position == Position.CHAIR and len(kpps.decrees) == 1
    assert (rosters[2].filled, rosters[2].seats) == (0, 2)


def test_completeness_drills_down_from_the_city_to_the_tps(tps_appointed, pemilu_2024):
    tps_in_desa = Tps.objects.filter(desa_id=DESA).count()
    pps = [make_adhoc(pemilu_2024, Body.PPS, DESA, status=Status.APPOINTED) for _ in range(2)]
    make_adhoc(pemilu_2024, Body.PPK, KECAMATAN, status=Status.APPOINTED)
    make_adhoc(pemilu_2024, Body.KPPS, TPS, status=Status.RESERVE)  # a reserve fills no seat

    total, tps_rows = selectors.completeness(pemilu_2024, Region.objects.get(code=DESA))
    assert len(tps_rows) == tps_in_desa
    first = tps_rows[0]
    assert first.code == TPS and dict((b, (f, s)) for b, f, s in first.cells())[Body.KPPS] == (7, 7)
    assert total.seats[Body.PPS] == 3 and total.filled[Body.PPS] == len(pps)
    assert total.seats[Body.KPPS] == 7 * tps_in_desa and total.filled[Body.KPPS] == 7

    total, desa_rows = selectors.completeness(pemilu_2024, Region.objects.get(code=KECAMATAN))
    desa = next(r for r in desa_rows if r.code == DESA)
    assert (desa.filled.get(Body.PPS), desa.seats[Body.PPS]) == (2, 3)
    assert desa.seats[Body.LINMAS] == 2 * tps_in_desa
    assert (total.filled[Body.PPK], total.seats[Body.PPK]) == (1, 5)

    city = Region.objects.get(code="3276")
    total, kecamatan_rows = selectors.completeness(pemilu_2024, city)
    kecamatan_count = Region.objects.filter(parent_id="3276").count()
    desa_count = Region.objects.filter(code__startswith="3276", level=4).count()
    assert len(kecamatan_rows) == kecamatan_count
    assert total.seats[Body.PPK] == 5 * kecamatan_count and total.seats[Body.PPS] == 3 * desa_count
    assert total.seats[Body.KPPS] == 7 * city.tps_count
    assert total.total_filled == 7 + 2 + 1
    assert total.percent() == round(100 * 10 / total.total_seats, 1)


# --- Linmas from the Satpol PP --------------------------------------------------------------------------


def linmas_file(*rows):
    return "nik,nama,tps,telepon\n" + "".join(",".join(r) + "\n" for r in rows)


def test_the_satpol_pp_linmas_go_onto_the_rosters(staff, pemilu_2024):
    content = linmas_file(
        (synthetic_nik(9001, sex="L"), "Sintetis Linmas Satu", TPS, "081200000001"),
        (synthetic_nik(9002, sex="L"), "Sintetis Linmas Dua", TPS, ""),
    )
    assert linmas_intake(actor=Actor.of(staff["kpu"]), election=pemilu_2024, region="3276", content=content) == 2
    guards = Officer.objects.filter(body=Body.LINMAS)
    assert {g.status for g in guards} == {Status.APPOINTED} and {g.source for g in guards} == {"satpol_pp"}
    assert {g.sex for g in guards} == {"L"} and guards[0].history.get().note == "usulan Satpol PP"
    event = AuditEvent.objects.get(action="officers.linmas_intake")
    assert "Sintetis" not in event.summary and event.role == "kpu_kabkota"


def test_a_linmas_file_with_errors_is_refused_whole(staff, pemilu_2024):
    make_adhoc(pemilu_2024, Body.LINMAS, TPS, status=Status.APPOINTED)
    content = linmas_file(
        (synthetic_nik(9101), "Sintetis A", TPS, "0812"),  # a phone too short
        ("32760112345", "Sintetis B", TPS, ""),  # a malformed NIK
        (synthetic_nik(9102), "Sintetis C", "3275011001001", ""),  # Kota Bekasi's TPS
        (synthetic_nik(9103), "Sintetis D", TPS, ""),  # fills the second seat
        (synthetic_nik(9104), "Sintetis E", TPS, ""),  # a third Linmas: full
        (synthetic_nik(9103), "Sintetis D", DESA + "002", ""),  # listed twice
        (synthetic_nik(9105), "", TPS, ""),
        (synthetic_nik(9106), "Sintetis F", "12345", ""),
    )
    with pytest.raises(DomainError) as refused:
        linmas_intake(actor=Actor.of(staff["kpu"]), election=pemilu_2024, region="3276", content=content)
    error = refused.value
    assert error.code == "linmas_file_invalid"
    assert [(d["line"], d["code"]) for d in error.details] == [
        (2, "phone_invalid"),
        (3, "nik_length"),
        (4, "tps_unknown"),
        (6, "tps_full"),
        (7, "already_listed"),
        (8, "name_invalid"),
        (9, "tps_invalid"),
    ]
    assert all(synthetic_nik(9101) not in d["message"] for d in error.details)
    assert Officer.objects.filter(body=Body.LINMAS).count() == 1


def test_linmas_intake_is_the_kpu_kabkota_s(staff, pemilu_2024):
    content = linmas_file((synthetic_nik(9201), "Sintetis", TPS, ""))
    for who in ("pps", "kpu_bekasi"):
        with pytest.raises(DomainError) as refused:
            linmas_intake(actor=Actor.of(staff[who]), election=pemilu_2024, region="3276", content=content)
        assert refused.value.code == "forbidden"
    with pytest.raises(DomainError) as refused:
        linmas_intake(actor=Actor.of(staff["kpu"]), election=pemilu_2024, region="3276", content="nama\n")
    assert refused.value.details[0]["code"] == "header_invalid"


# --- honorarium ----------------------------------------------------------------------------------------


def test_the_2024_rates_name_their_source():
    table = rate_table(2024)
    assert "S-647/MK.02/2022" in table.source and table.verification
    assert table.rate("pemilu", Body.KPPS, "ketua") == 1_200_000
    assert table.rate("pemilu", Body.KPPS, "anggota") == 1_100_000
    assert table.rate("pemilu", Body.LINMAS, "") == 700_000
    assert table.rate("pilkada", Body.KPPS, "ketua") == 900_000
    assert table.rate("pemilu", Body.PPK, "ketua") == 2_500_000
    assert rate_table(1999) is None


def test_the_honorarium_xlsx_totals(tps_appointed, staff, pemilu_2024):
    linmas_intake(
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        region="3276",
        content=linmas_file(
            (synthetic_nik(9301, sex="L"), "Sintetis Linmas", TPS, ""),
            (synthetic_nik(9302, sex="L"), "Sintetis Linmas Dua", TPS, ""),
        ),
    )
    make_adhoc(pemilu_2024, Body.PPS, DESA, status=Status.APPOINTED, position=Position.CHAIR)
    listing = honorarium_list(pemilu_2024, Region.objects.get(code=DESA))
    expected = 1_200_000 + 6 * 1_100_000 + 2 * 700_000 + 1_500_000
    assert listing.total == expected
    assert listing.subtotals()[Body.KPPS] == (7, 7_800_000)
    sheet = load_workbook(io.BytesIO(render_xlsx(listing))).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    total_row = next(r for r in values if r[1] == "JUMLAH")
    assert total_row[4] == 10 and total_row[5] == expected
    assert any(r[0] and "S-647/MK.02/2022" in str(r[0]) for r in values)
    officer_rows = [r for r in values if isinstance(r[0], int)]
    assert sum(r[5] for r in officer_rows) == expected
    # Every officer appears once; the PPS first, its chair at the chair's rate.
    assert officer_rows[0][3] == "ketua" and officer_rows[0][5] == 1_500_000
