"""`suara import-candidates FILE --contest SLUG`: a contest's pairs from a CSV file
(nomor_urut,nama_calon,nama_wakil,partai_pengusung; see suara/elections/candidates_csv.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import SYSTEM
from suara.core.errors import DomainError
from suara.elections.candidates_csv import MAX_BYTES
from suara.elections.services import candidates_import


class Command(BaseCommand):
    help = (
        "Set a contest's candidates from a CSV file (nomor_urut,nama_calon,nama_wakil,partai_pengusung). "
        "Checks the whole file first; refused once the contest has results; the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV, UTF-8; lines beginning with '#' are comments (name the source)")
        parser.add_argument("--contest", required=True, help="the contest's id, e.g. pilbup-2024-3276")

    def handle(self, *args, file, contest, **options):
        path = Path(file)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            report = candidates_import(contest=contest, data=data, source_name=path.name, actor=SYSTEM)
        except DomainError as exc:
            lines = [f"{exc.code}: {exc.message}"]
            for detail in exc.details or []:
                where = f"baris {detail['line']}: " if detail["line"] else ""
                lines.append(f"  {where}{detail['message']}")
            raise CommandError("\n".join(lines)) from exc
        state = "loaded" if report.changed else "already up to date, nothing changed"
        self.stdout.write(f"{report.contest}: {report.candidates} candidates ({state})")
