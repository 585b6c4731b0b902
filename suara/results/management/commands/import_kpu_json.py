import csv

from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import SYSTEM
from suara.core.errors import DomainError
from suara.results.importers.kpu_json import BREACH, INCOMPLETE, INVALID, OK
from suara.results.importers.load_kpu_json import SOURCE, kpu_json_import


class Command(BaseCommand):
    help = (
        "Import KPU's published 2024 numbers (Sirekap), one <TPS code>.json file per TPS, as an external source "
        "beside the count (never as it). Each file is checked by the form's rules; re-running updates in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a directory of <13-digit TPS code>.json files")
        parser.add_argument("--contest", required=True, help="the contest, e.g. ppwp-2024")
        parser.add_argument(
            "--report", help="write one row per file (tps_code,status,rules; for an invalid file, why) to this CSV"
        )

    def handle(self, *args, **options):
        try:
            report = kpu_json_import(directory=options["directory"], contest=options["contest"], actor=SYSTEM)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

        out = self.stdout.write
        counts = report.by_status
        out(
            f"Files: {len(report.files)} ({counts[OK]} ok, {counts[BREACH]} breach, {counts[INCOMPLETE]} incomplete, "
            f"{counts[INVALID]} invalid)"
        )
        if report.changed:
            out(f"Stored as {SOURCE}: {report.created} new, {report.updated} updated, {report.unchanged} unchanged")
        else:
            out(f"Already up to date: nothing changed ({report.unchanged} TPS as stored)")
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(("tps_code", "status", "rules"))
                writer.writerows((r.tps_code, r.status, ";".join(r.rules) or r.reason) for r in report.files)
            out(f"Report written to {options['report']}")
