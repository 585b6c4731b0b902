from django.core.management.base import BaseCommand, CommandError

from suara.audit.services import audit_verify


class Command(BaseCommand):
    help = (
        "Audit log tools. `suara audit verify` seals what is waiting, recomputes the hash chain and names "
        "the first broken event and every event that could not be sealed (exit status 1 if any)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="recompute the whole chain")

    def handle(self, *args, **options):
        report = audit_verify()
        if report.intact:
            self.stdout.write(f"Audit chain intact: {report.length} events, head hash {report.head_hash}")
            return
        findings = []
        if report.broken_seq is not None:
            findings.append(
                f"Audit chain BROKEN at event #{report.broken_seq}: {report.reason}. "
                f"The {report.length} events before it are intact."
            )
        else:
            findings.append(f"Audit chain of {report.length} events intact up to head hash {report.head_hash}.")
        findings += [f"Audit log problem: {problem}." for problem in report.problems]
        raise CommandError("\n".join(findings))
