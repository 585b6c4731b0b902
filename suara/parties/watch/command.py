"""`suara parties watch-report --org CODE`: writes an organisation's watch report now (an on-demand one,
beside the daily one the scheduler writes), e-mails it like the daily one, and prints its counts (never
a NIK or a name)."""

from __future__ import annotations

from django.core.management.base import CommandError

from suara.accounts.organisations import organisation_get
from suara.core.errors import DomainError
from suara.parties.watch.services import watch_report_run


def add_watch_report(verbs) -> None:
    parser = verbs.add_parser("watch-report", help="an organisation's party-membership watch report now")
    parser.add_argument("--org", required=True, help="kode organisasi (mis. kominfo-depok)")
    parser.add_argument("--no-email", action="store_true", help="simpan laporan tanpa mengirim surel")
    parser.set_defaults(handler=watch_report)


def watch_report(command, *, org, no_email, **options) -> None:
    try:
        organisation = organisation_get(org)
        report = watch_report_run(actor="system", organisation=organisation, send=not no_email)
    except DomainError as exc:
        raise CommandError(f"{exc.code}: {exc.message}") from None
    report.refresh_from_db()
    command.stdout.write(
        f"laporan #{report.pk} {organisation.code}: {report.watched} NIK dipantau, {report.listed} tercatat, "
        f"{report.new} baru, {report.gone} hilang ({report.seconds:.2f} s)"
        + (f"; surel ke {report.emailed_to} alamat" if report.emailed_at else "")
        + (f"; surel tidak terkirim: {report.email_error}" if report.email_error else "")
    )
