"""A region's recapitulation document as a PDF: the numbers of each child region (or TPS), the totals,
the janggal flags, whether and by whom the level signed it off, and the head of the audit chain when it
was made, so the paper can be checked against the log. Read from the region's current snapshot."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from suara.accounts.roles import ROLE_LABELS, Role
from suara.audit.models import AuditEvent
from suara.audit.services import audit_seal
from suara.core.errors import DomainError, ErrorCode, NotFound
from suara.core.pdf import MARGIN, PAGE, build_numbered, pdf_document
from suara.core.region_codes import COUNTED_LEVELS, is_code, is_overseas, url_word
from suara.elections.models import Contest
from suara.results import anomalies
from suara.results.errors import ResultErrorCode
from suara.results.models import RecapPointer
from suara.results.public.shares import percent_value
from suara.results.recap.bodies import FLAG_CODES
from suara.results.recap.fold import contest_resolve

GRID = colors.HexColor("#9aa3ad")
HEADER = colors.HexColor("#e8edf2")
ALERT = colors.HexColor("#b00020")


def _place(body: dict) -> str:
    """'Kecamatan PANCORAN MAS', 'Kabupaten BOGOR', 'KOTA DEPOK', 'Tingkat Nasional'."""
    name, level = body["name"], body["level"]
    if level == 0:
        return _("Tingkat Nasional")
    if is_overseas(body["code"]) and level > 1:  # overseas: countries and missions carry their own names
        return name
    if level == 2:
        return name if name.startswith(("KOTA", "KAB")) else _("Kabupaten %(name)s") % {"name": name}
    words = {1: _("Provinsi"), 3: _("Kecamatan"), 4: _("Desa/Kelurahan")}
    return f"{words[level]} {name}"


def _when(iso: str) -> str:
    moment = parse_datetime(iso) if iso else None
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M:%S %Z") if moment else "-"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Indonesian thousands separator


def _children_table(body: dict, styles) -> Table:
    numbers = [c["number"] for c in body["candidates"]]
    small = ParagraphStyle("cell", parent=styles["Normal"], fontSize=7, leading=8)
    head = [_("Kode"), _("Nama")] + [f"{n:02d}" for n in numbers] + [_("Sah"), _("Tidak sah"), _("Jumlah"), _("TPS")]
    rows = [head]
    for child in body["children"]:
        name = _("TPS %(number)03d") % {"number": child["number"]} if child["level"] == 5 else child["name"]
        if child.get("flags"):
            name += f" [{', '.join(child['flags'])}]"
        elif child.get("flagged"):
            name += " " + _("[%(count)d janggal]") % {"count": child["flagged"]}
        rows.append(
            [child["code"], Paragraph(escape(name), small)]
            + [_number(child["votes"].get(str(n), 0)) for n in numbers]
            + [_number(child[k]) for k in ("valid", "invalid", "total")]
            + [f"{child['tps_reported']}/{child['tps_expected']}"]
        )
    rows.append(
        ["", _("JUMLAH")]
        + [_number(c["votes"]) for c in body["candidates"]]
        + [_number(body[k]) for k in ("valid", "invalid", "total")]
        + [f"{body['tps_reported']}/{body['tps_expected']}"]
    )
    usable = PAGE[0] - 2 * MARGIN
    code_width, tps_width, total_width = 24 * mm, 18 * mm, 16 * mm
    vote_width = min(16 * mm, (usable - code_width - 40 * mm - tps_width - 3 * total_width) / max(len(numbers), 1))
    name_width = usable - code_width - tps_width - 3 * total_width - vote_width * len(numbers)
    widths = [code_width, name_width] + [vote_width] * len(numbers) + [total_width] * 3 + [tps_width]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 7),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7),
                ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 7),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER),
                ("BACKGROUND", (0, -1), (-1, -1), HEADER),
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _candidates_table(body: dict) -> Table:
    rows = [[_("No."), _("Pasangan calon / peserta"), _("Suara"), _("Persentase")]]
    for c in body["candidates"]:
        rows.append(
            [f"{c['number']:02d}", c["name"], _number(c["votes"]), f"{percent_value(c['share'])}%".replace(".", ",")]
        )
    table = Table(rows, colWidths=[14 * mm, 120 * mm, 30 * mm, 26 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER),
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _flags_part(body: dict, styles) -> list:
    rows = [[_("Tanda"), _("Arti"), _("TPS")]]
    rows += [[flag, anomalies.FLAGS[flag], _number(body["flags"].get(flag, 0))] for flag in FLAG_CODES]
    table = Table(rows, colWidths=[16 * mm, 150 * mm, 20 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER),
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
            ]
        )
    )
    parts = [Paragraph(_("Tanda janggal (perlu diperiksa, bukan pelanggaran aturan)"), styles["Heading3"]), table]
    if body["flagged_tps"]:
        listed = ", ".join(f"{t['code']} ({'/'.join(t['flags'])})" for t in body["flagged_tps"])
        parts.append(Paragraph(escape(_("TPS bertanda: %(list)s") % {"list": listed}), styles["Normal"]))
    return parts


def _lock_part(body: dict, styles) -> Paragraph:
    locked = body.get("locked")
    if not locked:
        style = ParagraphStyle("open", parent=styles["Heading2"], textColor=ALERT, alignment=TA_CENTER)
        return Paragraph(_("BELUM DIKUNCI — angka dapat berubah sampai rekapitulasi tingkat ini dikunci."), style)
    role = ROLE_LABELS.get(Role(locked["role"]), locked["role"])
    text = _("DIKUNCI pada %(when)s oleh %(role)s.") % {"when": _when(locked["at"]), "role": role}
    return Paragraph(escape(text), styles["Heading2"])


def recap_document(*, contest: Contest | str, region_code: str) -> bytes:
    """The recapitulation document of one region (or '' for the contest's top: the nation, or a
    Pilkada's province or kab/kota) as PDF bytes."""
    contest_obj = contest_resolve(contest)
    region_code = (region_code or "").strip() or contest_obj.region_code
    if not is_code(region_code, COUNTED_LEVELS):
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE, "Kode wilayah harus 2, 4, 6 atau 10 digit, atau kosong untuk nasional."
        )
    pointer = RecapPointer.objects.select_related("snapshot").filter(contest=contest_obj, code=region_code).first()
    if pointer is None:
        raise NotFound(
            ResultErrorCode.RECAP_NOT_FOUND,
            f"Belum ada rekapitulasi {url_word(region_code)} untuk {contest_obj.name}.",
            field="region",
        )
    body = pointer.snapshot.body
    audit_seal()  # the head printed covers every event committed so far
    head = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").values("seq", "hash").first()
    styles = getSampleStyleSheet()
    title = _("Rekapitulasi Hasil Penghitungan Suara")
    place = _place(body)
    out = io.BytesIO()
    document = pdf_document(out, f"{title} {body['contest_name']} {place}")
    ancestors = " › ".join(a["name"] for a in body["ancestors"])
    story = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(f"{body['contest_name']} — {place}"), styles["Heading2"]),
        Paragraph(escape(ancestors), styles["Normal"]) if ancestors else Spacer(1, 0),
        _lock_part(body, styles),
        Spacer(1, 3 * mm),
        _candidates_table(body),
        Spacer(1, 3 * mm),
        Paragraph(
            escape(
                _(
                    "Suara sah %(valid)s, tidak sah %(invalid)s, jumlah %(total)s; DPT %(dpt)s; "
                    "TPS masuk %(n)s dari %(m)s."
                )
                % {
                    "valid": _number(body["valid"]),
                    "invalid": _number(body["invalid"]),
                    "total": _number(body["total"]),
                    "dpt": _number(body["dpt"]),
                    "n": _number(body["tps_reported"]),
                    "m": _number(body["tps_expected"]),
                }
            ),
            styles["Normal"],
        ),
        Spacer(1, 3 * mm),
        _children_table(body, styles),
        Spacer(1, 3 * mm),
        *_flags_part(body, styles),
        Spacer(1, 3 * mm),
        Paragraph(
            escape(
                _("Dibuat %(now)s dari snapshot versi %(version)s (diperbarui %(updated)s).")
                % {
                    "now": _when(timezone.now().isoformat()),
                    "version": body["version"],
                    "updated": _when(body["updated_at"]),
                }
            ),
            styles["Normal"],
        ),
        Paragraph(
            escape(
                _("Kepala rantai log audit: #%(seq)s %(hash)s") % {"seq": head["seq"], "hash": head["hash"]}
                if head
                else _("Log audit masih kosong.")
            ),
            styles["Code"],
        ),
    ]
    footer = f"Suara · {body['contest']} · {place}"
    build_numbered(document, story, footer)
    return out.getvalue()
