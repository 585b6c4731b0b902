"""The health officer's daily report of a region, as an XLSX workbook and a PDF: officers by body and age
band (as Kemenkes's daily tables), the screenings' risk, incidents by kind, overdue check-ins, relief
flags and the high-risk officers per TPS with the nearest facility. Counts only: no names."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from suara.core.pdf import build_numbered, pdf_document
from suara.officers.bodies import BODY_LABELS, Body
from suara.officers.health.aggregates import AGE_BAND_LABELS, AGE_BANDS
from suara.officers.health.selectors import Dashboard
from suara.officers.health.slots import slot_label
from suara.officers.models import Incident

GRID = colors.HexColor("#9aa3ad")
HEADER = colors.HexColor("#e8edf2")


def _when(at) -> str:
    return f"{timezone.localtime(at):%d-%m-%Y %H.%M}"


def _sections(board: Dashboard) -> list[tuple[str, list[list]]]:
    bands = [[_("Badan"), *[AGE_BAND_LABELS[b] for b in AGE_BANDS], _("Jumlah")]]
    for body, counts in board.table:
        bands.append([BODY_LABELS[Body(body)], *[counts[b] for b in AGE_BANDS], sum(counts.values())])
    bands.append([_("Jumlah"), *[board.by_band[b] for b in AGE_BANDS], sum(board.by_band.values())])
    risk = [[_("Risiko"), _("Petugas dilantik")]] + [[k, v] for k, v in sorted(board.risk.items())]
    kinds = dict(Incident.Kind.choices)
    incidents = [[_("Kejadian"), _("Jumlah")]] + [
        [kinds.get(k, k), n] for k, n in sorted(board.incidents_by_kind.items())
    ]
    overdue = [[_("TPS"), _("Jadwal lapor"), _("Sejak")]] + [
        [a.tps_code, slot_label(a.slot), _when(a.raised_at)] for a in board.overdue
    ]
    relief = [[_("TPS"), _("Sejak")]] + [
        [a.tps_code, f"{timezone.localtime(a.raised_at):%d-%m-%Y %H.%M}"] for a in board.relief
    ]
    high = [[_("TPS"), _("Petugas risiko tinggi"), _("Fasilitas terdekat"), _("Telepon")]] + [
        [
            r["tps"],
            r["count"],
            r["facility"].name if r["facility"] else "-",
            r["facility"].phone if r["facility"] else "",
        ]
        for r in board.high_risk_tps
    ]
    return [
        (_("Petugas dilantik per badan dan kelompok umur"), bands),
        (_("Hasil skrining terakhir"), risk),
        (_("Kejadian kesehatan"), incidents),
        (_("Lapor kesehatan terlewat"), overdue),
        (_("TPS masih menghitung lewat tengah malam"), relief),
        (_("Petugas berisiko tinggi per TPS"), high),
    ]


def title(board: Dashboard) -> str:
    return _("Laporan harian kesehatan petugas ad hoc — wilayah %(region)s") % {"region": board.region or "nasional"}


def report_xlsx(board: Dashboard) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Laporan"
    sheet.append([title(board)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"{board.election.name} · {timezone.localtime():%d-%m-%Y %H.%M}"])
    for heading, rows in _sections(board):
        sheet.append([])
        sheet.append([heading])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for i, row in enumerate(rows):
            sheet.append(row)
            if i == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_pdf(board: Dashboard) -> bytes:
    out = io.BytesIO()
    document = pdf_document(out, title(board))
    styles = getSampleStyleSheet()
    story = [Paragraph(title(board), styles["Title"]), Paragraph(board.election.name, styles["Normal"])]
    for heading, rows in _sections(board):
        story += [Spacer(1, 4 * mm), Paragraph(heading, styles["Heading3"])]
        if len(rows) == 1:
            rows = [*rows, ["-"] + [""] * (len(rows[0]) - 1)]
        table = Table([[str(c) for c in row] for row in rows], repeatRows=1)
        table.setStyle(
            TableStyle(
                [("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEADER),
                 ("FONTSIZE", (0, 0), (-1, -1), 8)]
            )
        )  # fmt: skip
        story.append(table)
    build_numbered(document, story, title(board))
    return out.getvalue()
