"""suara generate-voters --region CODE --count N [--duplicates RATE --truth TRUTH.csv] [--seed S] --out FILE"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from suara.regions.models import KemendagriRegion
from suara.voters.synthetic.voters import SyntheticVoters, place_name, write_voters


def region_desa(code: str) -> tuple[list[str], list[str]]:
    """The Kemendagri desa under ``code`` and the names of their kab/kota (as birth places)."""
    region = KemendagriRegion.objects.filter(code=code).first()
    if region is None:
        if not KemendagriRegion.objects.exists():
            raise CommandError("Wilayah Kemendagri belum dimuat: jalankan `suara load-regions` dahulu.")
        raise CommandError(f"Wilayah Kemendagri dengan kode {code[:10]} tidak dikenal.")
    desa = list(
        KemendagriRegion.objects.filter(level=4, code__startswith=code).order_by("code").values_list("code", flat=True)
    )
    kabkota = KemendagriRegion.objects.filter(level=2, code__in={d[:4] for d in desa}).order_by("code")
    return desa, [place_name(name) for name in kabkota.values_list("name", flat=True)]


class Command(BaseCommand):
    help = "Write synthetic voters (with injected duplicates and their truth) in the import-voters format."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="Kemendagri code: provinsi, kab/kota, kecamatan or desa")
        parser.add_argument("--count", required=True, type=int, help="rows in all, duplicates included")
        parser.add_argument("--duplicates", type=float, default=0.0, help="share of rows that are duplicates")
        parser.add_argument("--truth", help="where to write the duplicate pairs (nik_a,nik_b)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--out", required=True, help="the CSV to write")

    def handle(self, *args, region, count, duplicates, truth, seed, out, **options):
        code = region.replace(".", "").strip()
        if count < 1:
            raise CommandError("--count harus minimal 1.")
        if not 0 <= duplicates < 0.5:
            raise CommandError("--duplicates harus antara 0 dan 0,5 (misalnya 0.005).")
        if duplicates and not truth:
            raise CommandError("--duplicates memerlukan --truth FILE untuk pasangan ganda yang disisipkan.")
        desa, places = region_desa(code)
        if not desa:
            raise CommandError(f"Tidak ada desa/kelurahan Kemendagri di bawah wilayah {code}.")
        generator = SyntheticVoters(desa, count, duplicates=duplicates, seed=seed, home_places=places)
        started = time.monotonic()
        with open(out, "w", encoding="utf-8", newline="") as out_file:
            if truth:
                with open(truth, "w", encoding="utf-8", newline="") as truth_file:
                    rows = write_voters(generator, out_file, truth_file)
            else:
                rows = write_voters(generator, out_file)
        self.stdout.write(
            f"{rows} pemilih sintetis dari {len(desa)} desa/kelurahan ditulis ke {out} "
            f"({len(generator.truth)} ganda) dalam {time.monotonic() - started:.1f} s"
        )
