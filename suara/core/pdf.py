"""What Suara's PDF documents share (the recap document, the DPB report): the page, its margins and its
footer."""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

PAGE = landscape(A4)
MARGIN = 12 * mm


def pdf_document(out, title: str) -> SimpleDocTemplate:
    """A landscape A4 document with Suara's margins, written to ``out``."""
    return SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="Suara",
    )


def build_numbered(document, story: list, footer: str) -> None:
    """Builds ``document`` with ``footer`` at the bottom left of every page and its number at the right."""

    def number_page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN / 2, _("Halaman %(page)d") % {"page": doc.page})
        canvas.restoreState()

    document.build(story, onFirstPage=number_page, onLaterPages=number_page)
