"""suara parties <verb> ...: party membership's commands, one subcommand per part of the app.

Each part keeps its subcommand in its own module, as ``add(verbs)`` (its argparse subparser, whose
``handler`` default runs it); it is registered here with one line. A refusal (DomainError) or an unreadable
file is printed as the command's error.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from suara.core.errors import DomainError
from suara.parties.checks import commands as checks_cli
from suara.parties.members import cli as members_cli
from suara.parties.watch import command as watch_cli

SUBCOMMANDS = (
    members_cli.add_import_members,  # suara parties import-members FILE --party N [--delta]
    checks_cli.add_checks,  # suara parties check | import-officer-niks FILE | import-population FILE
    watch_cli.add_watch_report,  # suara parties watch-report --org CODE
)


class Command(BaseCommand):
    help = "Party membership: member lists, their checks and the watch (suara parties <verb> --help)."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True)
        for add in SUBCOMMANDS:
            add(verbs)

    def handle(self, *args, handler, **options):
        try:
            return handler(self, **options)
        except DomainError as exc:
            lines = [f"{exc.code}: {exc.message}"]
            lines += [f"baris {d['line']}: {d['problem']}" for d in exc.details or [] if "line" in d]
            raise CommandError("\n".join(lines)) from None
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc.strerror}") from None
