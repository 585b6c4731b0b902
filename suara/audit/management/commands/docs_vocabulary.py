"""`suara docs-vocabulary`: rewrites docs/api.md's error codes and docs/audit.md's audit actions from the
enums; with --check, only says whether they are current (exit status 1 when stale)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from suara.audit import vocabulary


class Command(BaseCommand):
    help = "Write the error codes (docs/api.md) and audit actions (docs/audit.md) generated from the enums."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="write nothing; fail if a file is stale")

    def handle(self, *args, check: bool = False, **options):
        if check:
            stale = vocabulary.stale_docs()
            if stale:
                raise CommandError(f"stale: {', '.join(stale)}; run `{vocabulary.COMMAND}`")
            self.stdout.write("current")
            return
        changed = vocabulary.write_docs()
        self.stdout.write(f"written: {', '.join(changed)}" if changed else "current")
