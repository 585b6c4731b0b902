"""suara parties <verb> ...: party membership's commands.

suara parties watch-report --org CODE   an organisation's watch report now (parties.watch)

Each verb lives in its area's module, which has ``add_arguments(parser)`` and ``handle(command,
options)``; one line in VERBS registers it.
"""

from __future__ import annotations

from importlib import import_module

from django.core.management.base import BaseCommand

# verb: (its module, one line of help)
VERBS = {
    "watch-report": ("suara.parties.watch.command", "an organisation's party-membership watch report now"),
}


class Command(BaseCommand):
    help = "Keanggotaan partai politik: " + ", ".join(VERBS)

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True)
        for verb, (module, text) in VERBS.items():
            import_module(module).add_arguments(verbs.add_parser(verb, help=text))

    def handle(self, *args, verb, **options):
        import_module(VERBS[verb][0]).handle(self, options)
