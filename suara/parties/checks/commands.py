"""The checks' subcommands of `suara parties` (registered in ``management/commands/parties.py``):

    suara parties import-officer-niks FILE --source TEXT   replace the officer/KPU staff NIK list (CSV: nik)
    suara parties import-population FILE --source TEXT     population per kab/kota (CSV: kabkota,population,year)
    suara parties check [--election SLUG] [--party N]      run the membership checks now

Each is ``(add_arguments(parser), run(command, **options))``, added by ``add_checks``; refusals are
DomainErrors, which the group command prints."""

from __future__ import annotations

from pathlib import Path

from suara.audit.actors import SYSTEM


def _file_and_source(parser) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument("--source", required=True, help="where the data come from (stored with it)")


def _officers(command, *, file: Path, source: str, **options) -> None:
    from suara.parties.checks.services_imports import officer_niks_import

    count = officer_niks_import(data=file.read_bytes(), source=source, actor=SYSTEM)
    command.stdout.write(f"{count} NIK penyelenggara pemilu dan staf KPU tersimpan; jalankan `suara parties check`.")


def _population(command, *, file: Path, source: str, **options) -> None:
    from suara.parties.checks.services_imports import population_import

    count = population_import(data=file.read_bytes(), source=source, actor=SYSTEM)
    command.stdout.write(f"{count} jumlah penduduk kabupaten/kota tersimpan.")


def _check_arguments(parser) -> None:
    parser.add_argument("--election", default="", help="election slug (default: the latest with parties)")
    parser.add_argument("--party", type=int, default=None, help="ballot number: only this party (and its doubles)")


def _check(command, *, election: str, party: int | None, **options) -> None:
    from suara.elections.models import Election
    from suara.parties.checks.services import members_check
    from suara.parties.selectors import election_with_parties, party_by_number

    slug = election or election_with_parties()
    target = Election.objects.filter(slug=slug).first()
    if target is None:
        command.stderr.write("Pemilu tidak ditemukan.")
        return
    chosen = party_by_number(election_slug=slug, number=party) if party is not None else None
    result = members_check(election=target, party=chosen)
    command.stdout.write(
        f"{result.listings} anggota diperiksa per {result.check_date}: {result.eligible} MS, "
        f"{result.double} keanggotaan ganda, {result.changed} berubah."
    )


SUBCOMMANDS = {
    "import-officer-niks": (_file_and_source, _officers),
    "import-population": (_file_and_source, _population),
    "check": (_check_arguments, _check),
}


def add_checks(verbs) -> None:
    for name, (add_arguments, run) in SUBCOMMANDS.items():
        parser = verbs.add_parser(name)
        add_arguments(parser)
        parser.set_defaults(handler=run)
