"""The DPB recap (``report_dpb.DpbRecap``) as the plenary's documents: an XLSX sheet and a PDF, each with
the title, the region, the period, the table with its totals row, and the plenary's signature block."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from suara.core.pdf import MARGIN, PAGE, build_numbered, pdf_document
from suara.voters.reports.dpb import DpbRecap, RecapRow

GRID = colors.HexColor("#9aa3ad")
HEADER = colors.HexColor("#e8edf2")
SUBTOTAL = colors.HexColor("#f4f6f8")
LEVEL_WORDS = {1: "Provinsi", 2: "Kabupaten/Kota", 3: "Kecamatan", 4: "Desa/Kelurahan"}
SHORT_KINDS = {
    "tambah": "Baru",
    "tms": "TMS",
    "pindah": "Pindah masuk",
    "ubah": "Perbaikan",
    "aktifkan": "Aktif kembali",
    "impor": "Impor",
}
SIGNATORIES = ("Ketua", "Anggota", "Anggota", "Anggota", "Anggota")


def title() -> str:
    return _("Rekapitulasi Daftar Pemilih Berkelanjutan (DPB)")


def place(recap: DpbRecap) -> str:
    region = recap.region
    if region.level == 2 and region.name.startswith(("KOTA", "KAB")):
        return region.name
    return f"{_(LEVEL_WORDS[region.level])} {region.name}"


def period(recap: DpbRecap) -> str:
    if recap.start is None:
        return _("Perubahan sampai dengan %(end)s") % {"end": f"{recap.end:%d-%m-%Y}"}
    return _("Periode %(start)s s.d. %(end)s") % {"start": f"{recap.start:%d-%m-%Y}", "end": f"{recap.end:%d-%m-%Y}"}


def _ancestry(recap: DpbRecap) -> str:
    return " › ".join(f"{r.code} {r.name}" for r in recap.ancestors)


def _row_name(row: RecapRow) -> str:
    """Subtotal rows say what they are: a kecamatan and a desa often share a name."""
    if row.level == 4 or row.name.startswith(("KOTA", "KAB")):
        return row.name
    return f"{_(LEVEL_WORDS[row.level])} {row.name}"


def _values(recap: DpbRecap, row: RecapRow) -> list[int]:
    return (
        [row.men, row.women, row.total]
        + [row.changes.get(kind, 0) for kind, _label in recap.kinds]
        + [row.tms.get(code, 0) for code, _label in recap.tms_codes]
    )


def _heading(recap: DpbRecap) -> list[str]:
    return (
        [_("Kode"), _("Wilayah"), _("L"), _("P"), _("Jumlah")]
        + [_(SHORT_KINDS[kind]) for kind, _label in recap.kinds]
        + [f"TMS {code}" for code, _label in recap.tms_codes]
    )


def _legend(recap: DpbRecap) -> str:
    kinds = "; ".join(f"{_(SHORT_KINDS[k])}: {label}" for k, label in recap.kinds)
    tms = "; ".join(f"TMS {code}: {label}" for code, label in recap.tms_codes)
    return _("Keterangan — perubahan: %(kinds)s. Kode TMS: %(tms)s.") % {"kinds": kinds, "tms": tms}


def _signature_lines(recap: DpbRecap) -> list[str]:
    who = place(recap)
    return [
        _("Ditetapkan dalam rapat pleno terbuka rekapitulasi DPB %(place)s") % {"place": who},
        _("pada tanggal ____________________ di ____________________"),
    ]


def render_xlsx(recap: DpbRecap) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Rekap DPB"
    heading = _heading(recap)
    bold = Font(bold=True)
    sheet.append([title()])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{place(recap)} ({recap.region.code})"])
    sheet["A2"].font = bold
    sheet.append([_ancestry(recap)])
    sheet.append([period(recap)])
    sheet.append([])
    # Two header rows: the groups, then the columns.
    groups = ["", "", _("Pemilih aktif"), "", "", _("Perubahan dalam periode")] + [""] * (len(recap.kinds) - 1)
    groups += [_("Tidak memenuhi syarat (TMS) menurut kode")] + [""] * (len(recap.tms_codes) - 1)
    sheet.append(groups)
    sheet.append(heading)
    header_rows = (sheet.max_row - 1, sheet.max_row)
    first_kind, first_tms = 6, 6 + len(recap.kinds)
    sheet.merge_cells(start_row=header_rows[0], start_column=3, end_row=header_rows[0], end_column=5)
    sheet.merge_cells(
        start_row=header_rows[0], start_column=first_kind, end_row=header_rows[0], end_column=first_tms - 1
    )
    sheet.merge_cells(start_row=header_rows[0], start_column=first_tms, end_row=header_rows[0], end_column=len(heading))
    fill = PatternFill("solid", fgColor="E8EDF2")
    thin = Side(style="thin", color="9AA3AD")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for r in header_rows:
        for c in range(1, len(heading) + 1):
            cell = sheet.cell(row=r, column=c)
            cell.font, cell.fill, cell.border = bold, fill, border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first_data = sheet.max_row + 1
    for row in recap.rows:
        sheet.append([row.code, _row_name(row), *_values(recap, row)])
        line = sheet.max_row
        sheet.cell(row=line, column=2).alignment = Alignment(indent=max(row.level - recap.region.level - 1, 0) * 2)
        if row.level < 4:
            for c in range(1, len(heading) + 1):
                sheet.cell(row=line, column=c).font = bold
    sheet.append(["", _("JUMLAH"), *_values(recap, recap.totals)])
    total_line = sheet.max_row
    for r in range(first_data, total_line + 1):
        for c in range(1, len(heading) + 1):
            sheet.cell(row=r, column=c).border = border
            if c > 2:
                sheet.cell(row=r, column=c).number_format = "#,##0"
    for c in range(1, len(heading) + 1):
        sheet.cell(row=total_line, column=c).font = bold
        sheet.cell(row=total_line, column=c).fill = fill
    sheet.freeze_panes = sheet.cell(row=first_data, column=3)
    sheet.column_dimensions["A"].width = 13
    sheet.column_dimensions["B"].width = 32
    for c in range(3, len(heading) + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 9
    sheet.append([])
    sheet.append([_legend(recap)])
    sheet.append([])
    for text in _signature_lines(recap):
        sheet.append([text])
    sheet.append([])
    for role in SIGNATORIES:
        sheet.append([_(role), "", "(................................................)"])
    sheet.append([])
    made = timezone.localtime(recap.made_at).strftime("%d-%m-%Y %H:%M %Z")
    sheet.append([_("Dibuat oleh Suara pada %(when)s.") % {"when": made}])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(recap: DpbRecap, styles) -> Table:
    head = ParagraphStyle("head", parent=styles["Normal"], fontName="Helvetica-Bold", fontSize=6, leading=7)
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=6.5, leading=7.5)
    subtotal = ParagraphStyle("subtotal", parent=cell, fontName="Helvetica-Bold")
    heading = _heading(recap)
    rows = [[Paragraph(escape(text), head) for text in heading]]
    for row in recap.rows:
        name = Paragraph(escape(_row_name(row)), subtotal if row.level < 4 else cell)
        rows.append([row.code, name, *[f"{v:,}".replace(",", ".") for v in _values(recap, row)]])
    rows.append(["", _("JUMLAH"), *[f"{v:,}".replace(",", ".") for v in _values(recap, recap.totals)]])
    usable = PAGE[0] - 2 * MARGIN
    code_width, name_width = 21 * mm, 44 * mm
    number_width = (usable - code_width - name_width) / (len(heading) - 2)
    table = Table(rows, colWidths=[code_width, name_width] + [number_width] * (len(heading) - 2), repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 6.5),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 6),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 6.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER),
        ("BACKGROUND", (0, -1), (-1, -1), HEADER),
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for i, row in enumerate(recap.rows, start=1):
        if row.level < 4:
            style += [("FONT", (0, i), (-1, i), "Helvetica-Bold", 6.5), ("BACKGROUND", (0, i), (-1, i), SUBTOTAL)]
    table.setStyle(TableStyle(style))
    return table


def _signatures(recap: DpbRecap, styles) -> list:
    parts = [Paragraph(escape(text), styles["Normal"]) for text in _signature_lines(recap)]
    cells = [[_(role) for role in SIGNATORIES], ["\n\n\n(........................)"] * len(SIGNATORIES)]
    block = Table(cells, colWidths=[(PAGE[0] - 2 * MARGIN) / len(SIGNATORIES)] * len(SIGNATORIES))
    block.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 8), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return [*parts, Spacer(1, 3 * mm), block]


def render_pdf(recap: DpbRecap) -> bytes:
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=7, leading=9)
    out = io.BytesIO()
    where = place(recap)
    document = pdf_document(out, f"{title()} {where}")
    made = timezone.localtime(recap.made_at).strftime("%d-%m-%Y %H:%M %Z")
    story = [
        Paragraph(escape(title()), styles["Title"]),
        Paragraph(escape(f"{where} ({recap.region.code})"), styles["Heading2"]),
        Paragraph(escape(_ancestry(recap)), styles["Normal"]) if recap.ancestors else Spacer(1, 0),
        Paragraph(escape(period(recap)), styles["Normal"]),
        Spacer(1, 3 * mm),
        _table(recap, styles),
        Spacer(1, 2 * mm),
        Paragraph(escape(_legend(recap)), small),
        Spacer(1, 5 * mm),
        *_signatures(recap, styles),
        Spacer(1, 3 * mm),
        Paragraph(escape(_("Dibuat oleh Suara pada %(when)s.") % {"when": made}), small),
    ]
    footer = f"Suara · {title()} · {where}"
    build_numbered(document, story, footer)
    return out.getvalue()


RENDERERS = {"xlsx": render_xlsx, "pdf": render_pdf}
