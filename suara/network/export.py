"""The readiness export for the operators and the city (XLSX, openpyxl): one sheet of every TPS of the
region with its class and each operator's signal grade, and one of the remediation actions."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from suara.network import selectors
from suara.network.rules import READINESS_LABELS, REMEDY_LABELS, STATUS_LABELS, Grade

GRADE_WORDS = {
    Grade.NONE: "tidak ada",
    Grade.VOICE: "telepon/SMS",
    Grade.WEAK_DATA: "data lemah",
    Grade.DATA: "data",
    Grade.FAST: "4G",
}


def _bold_row(sheet) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def readiness_xlsx(board: selectors.Dashboard) -> bytes:
    operators = selectors.operators()
    book = Workbook()
    sheet = book.active
    sheet.title = "TPS"
    sheet.append([_("Kesiapan jaringan TPS — %(name)s (%(code)s)") % {"name": board.region.name,
                                                                       "code": board.region.code}])  # fmt: skip
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"{timezone.localtime():%d-%m-%Y %H.%M}"])
    sheet.append([])
    sheet.append(["kode_tps", "kecamatan", "desa", _("Kelas"), *operators.values(), _("Survei terbaru")])
    _bold_row(sheet)
    for tps in board.codes:
        held = board.by_tps.get(tps)
        readiness = held.readiness if held else selectors.Readiness.BELUM
        grades = [GRADE_WORDS[held.by_operator[op]] if held and op in held.by_operator else "" for op in operators]
        newest = timezone.localtime(held.newest).strftime("%Y-%m-%d") if held and held.newest else ""
        sheet.append([tps, tps[:6], tps[:10], _(READINESS_LABELS[readiness]), *grades, newest])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["D"].width = 28
    actions = book.create_sheet(_("Tindakan"))
    actions.append(["id", _("Tindakan"), _("Penanggung jawab"), _("Tenggat"), _("Status"), _("TPS"), _("Catatan")])
    _bold_row(actions)
    for action in selectors.remediations(board.region.code):
        actions.append(
            [action.pk, _(REMEDY_LABELS[action.remedy]), action.owner,
             action.due_on.isoformat() if action.due_on else "", _(STATUS_LABELS[action.status]),
             " ".join(t.tps_code for t in action.tps.all()), action.note]
        )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
