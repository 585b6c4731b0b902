"""`suara parties <subcommand>`: the party membership commands. Each part of the app keeps its
subcommands in its own module and registers them here with one line."""

from django.core.management.base import BaseCommand, CommandError

from suara.core.errors import DomainError
from suara.parties.checks.commands import SUBCOMMANDS as CHECKS

SUBCOMMANDS = {
    **CHECKS,
}


class Command(BaseCommand):
    help = "Party membership: " + ", ".join(sorted(SUBCOMMANDS))

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for name, (add_arguments, _) in SUBCOMMANDS.items():
            add_arguments(sub.add_parser(name))

    def handle(self, *args, subcommand: str, **options):
        _, run = SUBCOMMANDS[subcommand]
        try:
            run(self, **options)
        except DomainError as exc:
            lines = [f"{exc.code}: {exc.message}"]
            lines += [f"baris {d['line']}: {d['problem']}" for d in exc.details or []]
            raise CommandError("\n".join(lines)) from None
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc.strerror}") from None
