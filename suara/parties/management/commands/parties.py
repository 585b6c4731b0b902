"""suara parties <verb> ...: party membership's commands, one subcommand per part of the app.

Each part keeps its subcommand in its own module, as ``add(verbs)`` (its argparse subparser, whose
``handler`` default runs it); it is registered here with one line.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from suara.parties.members import cli as members_cli
from suara.parties.watch import command as watch_cli

SUBCOMMANDS = (
    members_cli.add_import_members,  # suara parties import-members FILE --party N [--delta]
    watch_cli.add_watch_report,  # suara parties watch-report --org CODE
)


class Command(BaseCommand):
    help = "Party membership: member lists, their checks and the watch (suara parties <verb> --help)."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True)
        for add in SUBCOMMANDS:
            add(verbs)

    def handle(self, *args, handler, **options):
        return handler(self, **options)
