import csv

from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import SYSTEM
from suara.core.errors import DomainError
from suara.results.importers.load2019 import ImportFileInvalid, results_import_2019

MAX_PROBLEMS_SHOWN = 50
LEVELS = {1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan", 4: "desa"}
REPORT_COLUMNS = ("line", "tps_code", "provinsi", "kabkota", "kecamatan", "desa", "no_tps", "rules")


class Command(BaseCommand):
    help = (
        "Import the 2019 presidential result per TPS (pemilu2019_ppwp_tps.csv.gz) into ppwp-2019: its counting "
        "geography, the volunteers' count as the result, KPU's published numbers beside it, the recap. "
        "Checks the whole file before writing; the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV, gzip-compressed or not")
        parser.add_argument("--report", help="write the rows not counted (they break a rule) to this CSV")

    def handle(self, *args, **options):
        try:
            report = results_import_2019(path=options["file"], actor=SYSTEM)
        except ImportFileInvalid as exc:
            shown = [f"  {problem}" for problem in exc.problems[:MAX_PROBLEMS_SHOWN]]
            if len(exc.problems) > len(shown):
                shown.append(f"  ... dan {len(exc.problems) - len(shown)} masalah lain")
            raise CommandError("\n".join([exc.message, *shown])) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {options['file']}") from exc

        out = self.stdout.write
        if not report.changed:
            out(
                f"Already imported: this file (sha256 {report.digest[:12]}…) is in {report.contest} since "
                f"{report.previous[:19]}; nothing changed"
            )
            return
        out(f"Rows: {report.rows}, TPS: {report.tps}")
        for level, label in LEVELS.items():
            out(
                f"  {label}: {report.matched.get(level, 0)} with the 2024 KPU code, {report.own.get(level, 0)} own code"
            )
        out(
            f"Counted: {report.counted}; not reported yet: {report.not_reported}; "
            f"not counted (rules broken): {len(report.broken)}"
        )
        for code, n in sorted(report.rule_counts.items()):
            out(f"  {code}: {n} rows")
        external = report.external
        out(
            f"KPU numbers stored: {sum(external.values())} ({external.get('ok', 0)} ok, "
            f"{external.get('breach', 0)} breach, {external.get('incomplete', 0)} incomplete)"
        )
        for code, n in sorted(report.external_rule_counts.items()):
            out(f"  {code}: {n} rows")
        out("Flags: " + (", ".join(f"{code} {n}" for code, n in sorted(report.flags.items())) or "none"))
        out(f"Recap: {report.recap}")
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(REPORT_COLUMNS)
                writer.writerows(
                    (b.line, b.tps_code, b.provinsi, b.kabkota, b.kecamatan, b.desa, b.no_tps, b.rules)
                    for b in report.broken
                )
            out(f"Rows not counted written to {options['report']}")
        out(f"Imported in {report.timings.get('total', 0):.1f} s")
