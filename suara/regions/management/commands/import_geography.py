import csv

from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import SYSTEM
from suara.core.errors import DomainError
from suara.regions.services import GeographyFileError, geography_import

MAX_PROBLEMS_SHOWN = 50


def _problems_error(exc: GeographyFileError) -> CommandError:
    shown = [f"  {problem}" for problem in exc.problems[:MAX_PROBLEMS_SHOWN]]
    hidden = len(exc.problems) - len(shown)
    if hidden > 0:
        shown.append(f"  ... dan {hidden} masalah lain")
    return CommandError("\n".join([exc.message, *shown]))


class Command(BaseCommand):
    help = (
        "Import KPU's electoral geography (regions and TPS) from its CSV files, matching each desa to "
        "Kemendagri. Run load-regions first. Checks the files completely before writing; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("wilayah_csv", help="kode,nama,tingkat (e.g. pemilu2024_wilayah.csv)")
        parser.add_argument("tps_csv", help="kode_desa,jumlah_tps_reguler,tps_khusus_dari,tps_khusus_sampai")
        parser.add_argument(
            "--luar-negeri", dest="overseas_csv", help="overseas posts (pemilu2024_tps_luar_negeri.csv)"
        )
        parser.add_argument(
            "--election",
            help="load these files as this election's own TPS list (its counting geography, e.g. pilkada-2024) "
            "instead of the electoral geography",
        )
        parser.add_argument(
            "--unmatched-report", dest="unmatched_report", help="write the desa not matched to Kemendagri to this CSV"
        )

    def handle(self, *args, **options):
        if options["election"]:
            return self.election_geography(options)
        try:
            report = geography_import(
                wilayah_path=options["wilayah_csv"],
                tps_path=options["tps_csv"],
                overseas_path=options["overseas_csv"],
                actor=SYSTEM,
            )
        except GeographyFileError as exc:
            raise _problems_error(exc) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc

        out = self.stdout.write
        levels, overseas, kinds = report.domestic_by_level, report.overseas_by_level, report.tps_by_kind
        out(
            f"Regions: {levels.get(1, 0)} provinsi, {levels.get(2, 0)} kabupaten/kota, {levels.get(3, 0)} kecamatan, "
            f"{levels.get(4, 0)} desa"
        )
        out(f"TPS: {report.domestic_tps} domestic ({kinds.get('reguler', 0)} reguler, {kinds.get('khusus', 0)} khusus)")
        if overseas:
            out(
                f"Overseas: {overseas.get(2, 0)} countries, {overseas.get(3, 0)} missions, {report.overseas_tps} posts "
                f"({kinds.get('ln_tps', 0)} TPS, {kinds.get('ln_pos', 0)} POS, {kinds.get('ln_ksk', 0)} KSK)"
            )
        m = report.matches
        out(
            f"Desa matched to Kemendagri: {m['code']} by code, {m['spelling']} by code with a spelling variant, "
            f"{m['name']} by name in the kecamatan, {m['unmatched']} unmatched"
        )
        if report.changed:
            out(f"Applied: regions {report.regions}, TPS {report.tps} (added ~changed -removed)")
        else:
            out("Already up to date: nothing changed")
        if options["unmatched_report"]:
            with open(options["unmatched_report"], "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(["kode", "nama", "kecamatan"])
                writer.writerows(report.unmatched)
            out(f"Unmatched desa written to {options['unmatched_report']}")

    def election_geography(self, options) -> None:
        """An election's own TPS list (the Pilkada's), as its counting geography; no Kemendagri matching."""
        from suara.elections.models import Election
        from suara.results.geography import count_geography_import

        election = Election.objects.filter(slug=options["election"]).first()
        if election is None:
            raise CommandError(f"Election '{options['election']}' not found (suara load-elections loads it).")
        try:
            prepared = count_geography_import(
                election=election,
                wilayah_path=options["wilayah_csv"],
                tps_path=options["tps_csv"],
                overseas_path=options["overseas_csv"],
                actor=SYSTEM,
            )
        except GeographyFileError as exc:
            raise _problems_error(exc) from exc
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        state = "loaded" if prepared.created else "already up to date, nothing changed"
        self.stdout.write(
            f"Counting geography of {election.slug}: {prepared.regions} regions, {prepared.tps} TPS ({state}). "
            f"Its contests count at these TPS; `suara recap prepare --election {election.slug}` publishes an empty "
            "recap of every region (optional: pages read the geography until then)."
        )
