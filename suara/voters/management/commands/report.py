"""`suara report <kind>`: documents for the plenaries.

dpb --region CODE --format xlsx|pdf --out FILE [--from DATE] [--to DATE]
    the DPB recap of a KPU region: per kab/kota, kecamatan and desa, active voters (L, P, total) at the
    end of the period and the period's changes by kind and by TMS code (docs/voters-allocation.md)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from suara.core.errors import DomainError
from suara.voters.reports.dpb import dpb_recap
from suara.voters.reports.render import RENDERERS


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"{option} harus tanggal YYYY-MM-DD, bukan {value!r}.") from None


class Command(BaseCommand):
    help = "Plenary documents: `suara report dpb --region CODE --format xlsx|pdf --out FILE [--from --to]`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True)
        dpb = sub.add_parser("dpb", help="the DPB recap of a KPU region")
        dpb.add_argument("--region", required=True, help="KPU code: provinsi, kab/kota, kecamatan or desa")
        dpb.add_argument("--format", required=True, dest="fmt", help="xlsx or pdf")
        dpb.add_argument("--out", required=True, help="the file to write")
        dpb.add_argument("--from", dest="start", help="first day of the period (YYYY-MM-DD); default: all changes")
        dpb.add_argument("--to", dest="end", help="last day of the period (YYYY-MM-DD); default: today")

    def handle(self, *args, kind, **options):
        getattr(self, f"do_{kind}")(**options)

    def do_dpb(self, *, region, fmt, out, start, end, **_):
        fmt = (fmt or "").strip().lower()
        if fmt not in RENDERERS:
            raise CommandError(f"--format harus xlsx atau pdf, bukan {fmt!r}.")
        start_day, end_day = _date(start, "--from"), _date(end, "--to")
        try:
            recap = dpb_recap(region_code=region, start=start_day, end=end_day)
        except DomainError as error:
            raise CommandError(f"{error.message} ({error.code})") from None
        data = RENDERERS[fmt](recap)
        try:
            Path(out).write_bytes(data)
        except OSError as error:
            raise CommandError(f"Berkas {out} tidak dapat ditulis: {error.strerror}.") from None
        self.stdout.write(
            f"Rekap DPB {recap.region.code} {recap.region.name}: {len(recap.rows)} baris, "
            f"{recap.totals.total} pemilih aktif, {sum(recap.totals.changes.values())} perubahan -> {out}"
        )
