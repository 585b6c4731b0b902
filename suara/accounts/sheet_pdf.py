"""The activation sheet: one slip per account, to cut apart and hand to each officer (a PPS to the KPPS of
each TPS), with the username, the one-time code, when it expires and what to do with it. Built from codes
just issued or just checked against their hashes; never stored."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from suara.accounts.provisioning import IssuedCode
from suara.core.pdf import build_numbered, pdf_document


def _unit(code: IssuedCode, names: dict[str, str]) -> str:
    scope = code.scope
    if len(scope) == 13:
        return _("TPS %(number)s, %(desa)s") % {"number": scope[10:], "desa": names.get(scope[:10], scope[:10])}
    return names.get(scope, scope) or _("Nasional")


def activation_sheet(codes: list[IssuedCode], *, names: dict[str, str], base_url: str) -> bytes:
    out = io.BytesIO()
    document = pdf_document(out, _("Lembar kode aktivasi"))
    styles = getSampleStyleSheet()
    story = [
        Paragraph(escape(_("Lembar kode aktivasi akun petugas")), styles["Heading1"]),
        Paragraph(
            escape(
                _(
                    "Gunting per baris dan serahkan kepada petugasnya. Buka %(url)s, isi nama pengguna dan kode "
                    "sekali pakai, lalu pilih sandi sendiri. Kode hanya berlaku sekali dan tidak dapat dicetak "
                    "ulang: bila hilang, minta kode baru (atur ulang) kepada pembuat akun."
                )
                % {"url": base_url}
            ),
            styles["Normal"],
        ),
        Spacer(1, 5 * mm),
    ]
    rows = [[_("Tugas"), _("Nama pengguna"), _("Kode sekali pakai"), _("Berlaku sampai")]]
    for code in codes:
        until = timezone.localtime(code.expires_at).strftime("%d-%m-%Y %H:%M")
        rows.append([Paragraph(escape(_unit(code, names)), styles["Normal"]), code.username, code.code, until])
    table = Table(rows, colWidths=[95 * mm, 70 * mm, 55 * mm, 40 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (1, 1), (2, -1), "Courier-Bold", 12),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 1), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
                # Dashed lines to cut along.
                ("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.grey, None, (3, 3)),
            ]
        )
    )
    story.append(table)
    build_numbered(document, story, _("Suara · kode aktivasi · %(count)d akun") % {"count": len(codes)})
    return out.getvalue()
