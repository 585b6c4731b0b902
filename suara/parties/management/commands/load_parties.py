from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import SYSTEM
from suara.core.errors import DomainError
from suara.parties.services import parties_load


class Command(BaseCommand):
    help = "Load the parties shipped as data (the 24 parties of Pemilu 2024, KPU's decisions). Idempotent."

    def handle(self, *args, **options):
        try:
            changed = parties_load(actor=SYSTEM)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        for slug, n in changed.items():
            self.stdout.write(f"{slug}: {n} parties added or changed" if n else f"{slug}: already up to date")
