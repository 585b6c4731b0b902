"""suara import-voters FILE [--report ERRORS.csv] [--delta] [--batch NAME] [--missing MISSING.csv]"""

from __future__ import annotations

import csv
import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.voters.importing.report import count_by_code, write_report
from suara.voters.importing.service import voters_import


class ProgressBar:
    """A bar on a terminal (stderr); plain counts every so often otherwise (a log, a pipe)."""

    def __init__(self, stream, width: int = 30):
        self.stream = stream
        self.tty = stream.isatty()
        self.width = width
        self.started = time.monotonic()
        self.last_plain = 0.0

    def __call__(self, rows: int, fraction: float) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = rows / elapsed
        if self.tty:
            filled = int(self.width * fraction)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {fraction:4.0%} {rows:>10,} baris {rate:>9,.0f} baris/s")
            if fraction >= 1.0:
                self.stream.write("\n")
            self.stream.flush()
        elif fraction >= 1.0 or elapsed - self.last_plain >= 5:
            self.last_plain = elapsed
            self.stream.write(f"{rows} baris dibaca ({fraction:.0%})\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Import voters from CSV or XLSX (docs/voters-import.md): all valid rows or, on failure, nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--report", help="write every refused row (line, code, column, reason) here")
        parser.add_argument("--delta", action="store_true", help="the file is a later full extract: add, update")
        parser.add_argument("--batch", help="a name for this import (default: impor-YYYYMMDD-HHMMSS)")
        parser.add_argument("--missing", help="delta: write the voters missing from the extract (nik,kode_desa)")
        parser.add_argument("--actor", default="system", help="who runs the import, for the audit log")

    def handle(self, *args, file, report, delta, batch, missing, actor, **options):
        if missing and not delta:
            raise CommandError("--missing hanya berlaku dengan --delta.")
        try:
            stream = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"Berkas {file} tidak dapat dibuka: {exc.strerror}.") from None
        progress = ProgressBar(sys.stderr)
        try:
            result = voters_import(
                stream=stream,
                actor=Actor.named(actor),
                delta=delta,
                batch=batch,
                size=os.fstat(stream.fileno()).st_size,
                progress=progress,
            )
        except DomainError as exc:
            raise CommandError(f"{exc.message} ({exc.code})") from None
        except KeyboardInterrupt:
            raise CommandError("Impor dibatalkan: daftar pemilih tidak berubah.") from None
        finally:
            stream.close()
        out = self.stdout
        out.write(f"Batch {result.batch} ({result.kind.upper()}): {result.rows} baris dalam {result.seconds:.1f} s")
        out.write(f"  ditambahkan: {result.added}")
        if delta:
            out.write(f"  diubah:      {result.changed}")
            out.write(f"  tetap:       {result.unchanged}")
            out.write(f"  tidak ada lagi dalam ekstrak (perlu verifikasi): {len(result.missing)}")
        out.write(f"  ditolak:     {result.rejected}")
        for code, n in count_by_code(result.problems).items():
            out.write(f"    {code}: {n}")
        if report:
            write_report(result.problems, report)
            out.write(f"Laporan kesalahan: {report}")
        elif result.problems:
            out.write("Tambahkan --report FILE untuk daftar baris yang ditolak beserta alasannya.")
        if missing:
            with open(missing, "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(("nik", "kode_desa"))
                writer.writerows(result.missing)
            out.write(f"Pemilih yang tidak ada lagi dalam ekstrak: {missing}")
