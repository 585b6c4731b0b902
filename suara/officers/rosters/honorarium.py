"""The honorarium list of a region's appointed officers as XLSX: one line per officer with the rate of its
body and position (``rates``, kept as data with their source), subtotals per body and the total, and the
source of the rates under the table. One month's honorarium per person."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, NamedStyle

from suara.core.errors import Conflict
from suara.elections.models import Election
from suara.officers.bodies import BODY_LABELS, Body, Position, Status
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import Officer
from suara.officers.rosters.rates import RateTable, rate_table
from suara.regions.models import Region

BODY_ORDER = {body: n for n, body in enumerate((Body.PPK, Body.PPS, Body.KPPS, Body.PANTARLIH, Body.LINMAS))}


@dataclass(frozen=True)
class HonorariumLine:
    body: Body
    posting_code: str
    position: str
    name: str
    rate: int


@dataclass
class HonorariumList:
    election: Election
    region: Region
    table: RateTable
    lines: list[HonorariumLine]

    def subtotals(self) -> dict[Body, tuple[int, int]]:
        """Per body: (officers, rupiah)."""
        out: dict[Body, tuple[int, int]] = {}
        for line in self.lines:
            count, amount = out.get(line.body, (0, 0))
            out[line.body] = (count + 1, amount + line.rate)
        return out

    @property
    def total(self) -> int:
        return sum(line.rate for line in self.lines)


def honorarium_list(election: Election, region: Region) -> HonorariumList:
    table = rate_table(election.voting_day.year)
    if table is None or election.kind not in table.rates:
        raise Conflict(
            OfficerErrorCode.HONORARIUM_RATES_MISSING, "Belum ada tarif honorarium untuk pemilu ini.", field="election"
        )
    officers = Officer.objects.filter(
        election=election, status=Status.APPOINTED, posting_code__startswith=region.code
    ).only("body", "posting_code", "position", "name")
    lines = []
    for officer in officers:
        body, position = Body(officer.body), officer.position or Position.MEMBER
        rate = table.rate(election.kind, body, position)
        lines.append(HonorariumLine(body, officer.posting_code, position, officer.name, rate))
    lines.sort(key=lambda x: (BODY_ORDER[x.body], x.posting_code, x.position != Position.CHAIR, x.name))
    return HonorariumList(election, region, table, lines)


def render_xlsx(listing: HonorariumList) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Honorarium"
    bold = Font(bold=True)
    sheet.append([_("Daftar honorarium badan ad hoc")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{listing.election.name} — {listing.region.name} ({listing.region.code})"])
    sheet.append([_("Satuan: %(unit)s") % {"unit": listing.table.unit}])
    sheet.append([])
    sheet.append([_("No."), _("Badan"), _("Tempat tugas"), _("Jabatan"), _("Nama"), _("Honorarium (Rp)")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    money = NamedStyle(name="rupiah", number_format="#,##0")
    # Rows counted here: openpyxl's max_row scans every cell, which made a city's list quadratic.
    row = sheet.max_row
    for n, line in enumerate(listing.lines, start=1):
        sheet.append([n, BODY_LABELS[line.body], line.posting_code, line.position, line.name, line.rate])
        row += 1
        sheet.cell(row=row, column=6).style = money
    sheet.append([])
    row += 1
    for body, (count, amount) in sorted(listing.subtotals().items(), key=lambda item: BODY_ORDER[item[0]]):
        sheet.append(["", _("Jumlah %(body)s") % {"body": BODY_LABELS[body]}, "", "", count, amount])
        row += 1
        sheet.cell(row=row, column=6).style = money
    sheet.append(["", _("JUMLAH"), "", "", len(listing.lines), listing.total])
    row += 1
    for column in range(1, 7):
        sheet.cell(row=row, column=column).font = bold
    sheet.cell(row=row, column=6).style = money
    sheet.cell(row=row, column=6).font = bold
    sheet.append([])
    sheet.append([_("Sumber tarif: %(source)s.") % {"source": listing.table.source}])
    made = timezone.localtime().strftime("%d-%m-%Y %H:%M %Z")
    sheet.append([_("Dibuat oleh Suara pada %(when)s.") % {"when": made}])
    for column, width in zip("ABCDEF", (6, 36, 15, 10, 36, 18), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
