"""suara allocate-tps --region CODE --max 300 [--dry-run] [--fresh] [--actor NAME]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.voters.allocation.services import tps_allocate

STATUS = {"ok": "", "short": "KURANG TPS: tidak diubah", "household_too_large": "KK melebihi batas: tidak diubah"}


class Command(BaseCommand):
    help = "Allocate the active voters of each desa under a KPU region to its TPS (docs/voters-allocation.md)."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="KPU code of a kab/kota, kecamatan or desa")
        parser.add_argument("--max", required=True, type=int, dest="max_per_tps", help="voters per TPS at most")
        parser.add_argument("--dry-run", action="store_true", help="compute and print, write nothing")
        parser.add_argument("--fresh", action="store_true", help="allocate from scratch instead of rebalancing")
        parser.add_argument("--actor", default="system", help="who runs the allocation, for the audit log")

    def handle(self, *args, region, max_per_tps, dry_run, fresh, actor, **options):
        try:
            report = tps_allocate(
                region_code=region, max_per_tps=max_per_tps, actor=Actor.named(actor), dry_run=dry_run, fresh=fresh
            )
        except DomainError as error:
            raise CommandError(f"{error.message} ({error.code})") from None
        out = self.stdout
        out.write(
            f"{'Kode desa':<11} {'Nama':<28} {'Pemilih':>8} {'TPS perlu':>9} {'TPS ada':>8} "
            f"{'Dipindah':>8} {'Baru':>6}  Keterangan"
        )
        for d in report.desa:
            out.write(
                f"{d.code:<11} {d.name[:28]:<28} {d.voters:>8} {d.tps_needed:>9} {d.tps_available:>8} "
                f"{d.moved:>8} {d.placed:>6}  {STATUS[d.status]}"
            )
        out.write(
            f"Jumlah: {len(report.desa)} desa, {report.total('voters')} pemilih, {report.total('tps_used')} TPS "
            f"terpakai, {report.total('moved')} pemilih dipindah, {report.total('placed')} pemilih baru ditempatkan"
            + (" (uji coba: tidak ada yang ditulis)" if dry_run else "")
        )
        if report.refused:
            for d in report.refused:
                self.stderr.write(f"PERHATIAN: {d.message}")
            done = "" if dry_run else " Desa lainnya sudah dialokasikan."
            raise CommandError(f"{len(report.refused)} desa tidak dapat dialokasikan.{done}")
