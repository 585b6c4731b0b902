from django.core.management.base import BaseCommand, CommandError

from suara.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit log tools. `suara audit verify` recomputes the hash chain and names the first broken event."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="recompute the whole chain")

    def handle(self, *args, **options):
        report = audit_verify()
        if report.intact:
            self.stdout.write(f"Audit chain intact: {report.length} events, head hash {report.head_hash}")
            return
        raise CommandError(
            f"Audit chain BROKEN at event #{report.broken_seq}: {report.reason}. "
            f"The {report.length} events before it are intact."
        )
