"""The berita acara of a party's factual verification in a kab/kota, as PDF (reportlab, as the recap
document): the published draw (algorithm, seed, N, n, start, frame digest), every member drawn with its
attempts and decision (names masked for the party's copy), the replacements, the count against the
required MS and the result, and the head of the audit chain when it was made."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from suara.audit.models import AuditEvent
from suara.audit.services import audit_seal
from suara.core.pdf import MARGIN, PAGE, build_numbered, pdf_document
from suara.parties.models import SampledMember, VerificationAttempt, VerificationSample
from suara.parties.verification import selectors

GRID = colors.HexColor("#9aa3ad")
HEADER = colors.HexColor("#e8edf2")


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M %Z") if moment else "-"


def _table(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 7.5),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER),
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def berita_acara(sample: VerificationSample, viewer: str) -> bytes:
    styles = getSampleStyleSheet()
    small = ParagraphStyle("cell", parent=styles["Normal"], fontSize=7.5, leading=9)
    summary = selectors.sample_summary(sample)
    rows = selectors.sample_rows(sample, viewer)
    methods = dict(VerificationAttempt.Method.choices)
    findings = dict(VerificationAttempt.Finding.choices)
    outcomes = dict(SampledMember.Outcome.choices)
    place = f"{summary['kabkota_name'] or _('Kabupaten/Kota')} ({sample.kabkota_code})"
    title = _("Berita Acara Verifikasi Faktual Keanggotaan Partai Politik")
    audit_seal()  # the head printed covers every event committed so far
    head = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").values("seq", "hash").first()

    table_rows = [[_("No."), _("Jenis"), _("Nama"), _("Desa"), _("Upaya"), _("Hasil"), _("MS/TMS")]]
    for row in rows:
        s = row.sampled
        label = _("Sampel") if s.kind == SampledMember.Kind.SAMPLE else _("Pengganti")
        if s.replaces_id:
            label += " " + _("(mengganti #%(id)d)") % {"id": s.replaces_id}
        tries = "; ".join(f"{methods[a.method]}: {findings[a.finding]}" for a in row.attempts) or "-"
        table_rows.append(
            [
                f"{s.number} (#{s.pk})",
                Paragraph(escape(label), small),
                Paragraph(escape(row.name), small),
                s.member.desa_code,
                Paragraph(escape(tries), small),
                Paragraph(escape(outcomes.get(s.outcome, "")), small),
                s.decision or "-",
            ]
        )
    usable = PAGE[0] - 2 * MARGIN
    widths = [
        18 * mm,
        34 * mm,
        55 * mm,
        22 * mm,
        usable - 18 * mm - 34 * mm - 55 * mm - 22 * mm - 40 * mm - 16 * mm,
        40 * mm,
        16 * mm,
    ]

    result = {"MS": _("MEMENUHI SYARAT"), "TMS": _("TIDAK MEMENUHI SYARAT")}.get(sample.result, _("BELUM DITETAPKAN"))
    facts = [
        [_("Partai politik"), f"{sample.party.number}. {sample.party.name}"],
        [_("Kabupaten/kota"), place],
        [_("Algoritma pengambilan sampel"), sample.algorithm],
        [_("Benih (seed)"), sample.seed],
        [_("Jumlah anggota MS dalam daftar (N)"), str(sample.population)],
        [_("Ukuran sampel Krejcie–Morgan (n)"), str(sample.size)],
        [_("Titik awal (t)"), str(sample.start)],
        [_("Sidik daftar (SHA-256)"), sample.frame_digest],
        [_("Diambil"), f"{_when(sample.drawn_at)} — {sample.drawn_by}"],
        [_("Aturan hasil"), _("%(rule)s: perlu %(n)d tempat MS") % {"rule": sample.pass_rule, "n": sample.required_ms}],
        [_("Tempat MS"), str(summary["ms"])],
        [_("Pengganti diambil"), str(summary["replacements"])],
        [_("Hasil"), result + (f" — {sample.finalised_by}, {_when(sample.finalised_at)}" if sample.result else "")],
    ]
    fact_table = Table(facts, colWidths=[70 * mm, usable - 70 * mm])
    fact_table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
                ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 8.5),
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
            ]
        )
    )
    out = io.BytesIO()
    document = pdf_document(out, f"{title} {sample.party.abbreviation} {sample.kabkota_code}")
    story = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(f"{sample.party.name} — {place}"), styles["Heading2"]),
        fact_table,
        Spacer(1, 4 * mm),
        Paragraph(
            escape(
                _(
                    "Sampel dapat diambil ulang oleh siapa pun dari unduhan daftar dan benih di atas dengan "
                    "tools/redraw_sample.py; sidik daftar memastikan daftarnya sama."
                )
            ),
            styles["Normal"],
        ),
        Spacer(1, 3 * mm),
        _table(table_rows, widths),
        Spacer(1, 4 * mm),
        Paragraph(
            escape(
                _("Kepala rantai log audit: #%(seq)s %(hash)s") % {"seq": head["seq"], "hash": head["hash"]}
                if head
                else _("Log audit masih kosong.")
            ),
            styles["Code"],
        ),
        Paragraph(escape(_("Dibuat %(now)s.") % {"now": _when(timezone.now())}), styles["Normal"]),
    ]
    build_numbered(document, story, f"Suara · {sample.party.abbreviation} · {sample.kabkota_code}")
    return out.getvalue()
