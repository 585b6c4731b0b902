"""``suara parties import-members FILE --party N [--election pemilu-2024] [--delta] [--report PATH]``: a
party's member list from the server's disk, as the browser's upload does it (same checks, one
transaction), without a job. The refused rows' report goes to ``--report`` (by default beside the file:
FILE.ditolak.csv); NIKs never reach the terminal."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

DEFAULT_ELECTION = "pemilu-2024"


def add_import_members(verbs) -> None:
    parser = verbs.add_parser("import-members", help="upload a party's member list (CSV or XLSX) from a file")
    parser.add_argument("file", help="the member list (columns in docs/parties.md)")
    parser.add_argument("--party", type=int, required=True, help="the party's ballot number")
    parser.add_argument("--election", default=DEFAULT_ELECTION, help=f"the election's slug ({DEFAULT_ELECTION})")
    parser.add_argument("--delta", action="store_true", help="a delta: rows with aksi tambah or hapus")
    parser.add_argument("--report", default="", help="where the refused rows' report goes (FILE.ditolak.csv)")
    parser.add_argument("--actor", default="system", help="who the audit log names")
    parser.set_defaults(handler=import_members)


def import_members(command, *, file, party, election, delta, report, actor, **options) -> None:
    from suara.core.errors import DomainError
    from suara.parties.members.rows import report_csv
    from suara.parties.members.services import members_upload
    from suara.parties.selectors import party_by_number

    path = Path(file)
    if not path.is_file():
        raise CommandError(f"Berkas tidak ditemukan: {path}")
    report_path = Path(report) if report else path.with_name(path.name + ".ditolak.csv")
    try:
        found = party_by_number(election_slug=election, number=party)
        with open(path, "rb") as stream:
            result = members_upload(
                party=found,
                stream=stream,
                actor=actor,
                delta=delta,
                file_name=path.name,
                size=path.stat().st_size,
                progress=lambda rows, fraction: command.stderr.write(f"\r{rows:,} baris ({fraction:.0%})", ending=""),
            )
    except DomainError as exc:
        raise CommandError(f"{exc.code}: {exc.message}") from None
    command.stderr.write("")
    report_path.write_bytes(report_csv(result.problems))
    if result.applied:
        command.stdout.write(
            f"{found.abbreviation}: versi {result.version} ({'delta' if delta else 'lengkap'}), {result.rows:,} baris, "
            f"{result.added:,} ditambahkan, {result.removed:,} dihapus, {result.kept:,} tetap, "
            f"{result.rejected:,} ditolak ({result.seconds:.1f} s)"
        )
    else:
        command.stdout.write(f"{found.abbreviation}: semua {result.rows:,} baris ditolak; daftar tidak berubah")
    command.stdout.write(f"Laporan baris ditolak: {report_path} ({len(result.problems):,} masalah)")
