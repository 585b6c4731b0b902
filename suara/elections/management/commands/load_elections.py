from django.core.management.base import BaseCommand

from suara.audit.actors import SYSTEM
from suara.elections.models import Contest
from suara.elections.services import elections_load


class Command(BaseCommand):
    help = "Load the elections shipped as data (Pemilu 2024 with its stages and pairs; Pilkada 2024). Idempotent."

    def handle(self, *args, **options):
        changed = elections_load(actor=SYSTEM)
        for slug, n in changed.items():
            contests = Contest.objects.filter(election__slug=slug).count()
            if n:
                self.stdout.write(f"{slug}: {n} rows added or changed ({contests} contests)")
            else:
                self.stdout.write(f"{slug}: already up to date ({contests} contests), nothing changed")
