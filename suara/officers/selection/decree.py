"""An appointment decree (SK) as a PDF: its number, date and signer, the posting and the roster it
appoints (name, position, term), with a space for the signature. No NIK is printed."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from suara.core.pdf import build_numbered, pdf_document
from suara.officers.bodies import BODY_LABELS, Body, Position
from suara.officers.models import Decree
from suara.officers.selection.selectors import posting_name

GRID = colors.HexColor("#9aa3ad")
HEADER = colors.HexColor("#e8edf2")
POSITION_LABELS = {Position.CHAIR: "Ketua", Position.MEMBER: "Anggota"}


def _date(value) -> str:
    return value.strftime("%d-%m-%Y") if value else "-"


def decree_pdf(decree: Decree) -> bytes:
    body = Body(decree.body)
    place = posting_name(decree.posting_code)
    styles = getSampleStyleSheet()
    title = ParagraphStyle("title", parent=styles["Title"], fontSize=13, alignment=TA_CENTER)
    normal = ParagraphStyle("normal", parent=styles["Normal"], fontSize=9, leading=12)
    story = [
        Paragraph(escape(_("KEPUTUSAN")), title),
        Paragraph(escape(_("Nomor %(number)s") % {"number": decree.number}), normal),
        Paragraph(
            escape(
                _("tentang pengangkatan %(body)s %(place)s (%(code)s) pada %(election)s")
                % {
                    "body": BODY_LABELS[body],
                    "place": place,
                    "code": decree.posting_code,
                    "election": decree.election.name,
                }
            ),
            normal,
        ),
        Spacer(1, 5 * mm),
    ]
    entries = list(decree.entries.select_related("officer").order_by("position", "officer__name"))
    entries.sort(key=lambda e: (e.position != Position.CHAIR, e.officer.name))
    rows = [[_("No."), _("Nama"), _("Jabatan"), _("Masa tugas")]]
    for n, entry in enumerate(entries, start=1):
        officer = entry.officer
        rows.append(
            [
                str(n),
                officer.name,
                POSITION_LABELS.get(Position(entry.position), entry.position),
                f"{_date(officer.term_start)} s.d. {_date(officer.term_end)}",
            ]
        )
    table = Table(rows, colWidths=[12 * mm, 110 * mm, 30 * mm, 60 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 8 * mm),
        Paragraph(escape(_("Ditetapkan pada tanggal %(date)s") % {"date": _date(decree.decreed_on)}), normal),
        Spacer(1, 14 * mm),
        Paragraph(escape(decree.signer), normal),
    ]
    out = io.BytesIO()
    document = pdf_document(out, _("SK %(number)s") % {"number": decree.number})
    build_numbered(document, story, _("SK %(number)s — dibuat oleh Suara") % {"number": decree.number})
    return out.getvalue()
