"""`suara recap <verb>`: the recapitulation's operator tools.

prepare --election SLUG     copy the counting geography and publish an empty snapshot of every region
fold [--contest SLUG]       fold every pending delta now
rebuild --contest SLUG      recompute the kept totals from the TPS results and say if they matched
worker [--interval 0.5]     fold continuously until SIGTERM or Ctrl-C (suara serve runs one)
pdf --contest SLUG --region CODE --out FILE   the recapitulation document of a region
doctor                      the worker's heartbeat, pending and quarantined deltas, sealing; exit status 1
                            when something needs an operator
release (--all | ID...)     put quarantined deltas back in the queue once their cause is fixed
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import SYSTEM
from suara.core.errors import DomainError
from suara.elections.models import Election
from suara.jobs.selectors import periodic_runs
from suara.results.geography import count_geography_prepare
from suara.results.recap.fold import contest_resolve, recap_fold
from suara.results.recap.pdf import recap_document
from suara.results.recap.quarantine import quarantine_list, quarantine_release
from suara.results.recap.rebuild import recap_publish_all, recap_rebuild
from suara.results.recap.status import count_status
from suara.results.recap.worker import worker_run


class Command(BaseCommand):
    help = "Recapitulation tools: prepare, fold, rebuild, worker, pdf, doctor, release."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        prepare = sub.add_parser("prepare", help="counting geography and an empty snapshot of every region")
        prepare.add_argument("--election", required=True)
        prepare.add_argument(
            "--no-publish",
            action="store_true",
            help="copy the geography only: pages read each region as empty until its first results are folded",
        )
        fold = sub.add_parser("fold", help="fold every pending delta now")
        fold.add_argument("--contest")
        rebuild = sub.add_parser("rebuild", help="recompute the kept totals from the TPS results")
        rebuild.add_argument("--contest", required=True)
        worker = sub.add_parser("worker", help="fold continuously until SIGTERM or Ctrl-C")
        worker.add_argument("--interval", type=float, default=0.5)
        pdf = sub.add_parser("pdf", help="a region's recapitulation document")
        pdf.add_argument("--contest", required=True)
        pdf.add_argument("--region", required=True, help="region code, or '' for national")
        pdf.add_argument("--out", required=True)
        sub.add_parser("doctor", help="is the count moving? exit status 1 when something needs an operator")
        release = sub.add_parser("release", help="put quarantined deltas back in the queue")
        release.add_argument("ids", nargs="*", type=int, help="quarantine ids (see doctor)")
        release.add_argument("--all", action="store_true", help="every quarantined delta")

    def handle(self, *args, verb, **options):
        try:
            getattr(self, f"do_{verb}")(**options)
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}") from error

    def do_prepare(self, *, election, no_publish=False, **_):
        election_obj = Election.objects.filter(slug=election).first()
        if election_obj is None:
            raise CommandError(f"Election '{election}' not found (suara load-elections loads the shipped ones).")
        started = time.monotonic()
        prepared = count_geography_prepare(election=election_obj, actor=SYSTEM)
        state = "copied" if prepared.created else "already there"
        self.stdout.write(f"Counting geography of {election}: {prepared.regions} regions, {prepared.tps} TPS ({state})")
        for contest in [] if no_publish else election_obj.contests.order_by("slug"):
            published = recap_publish_all(contest=contest, actor=SYSTEM)
            self.stdout.write(f"  {contest.slug}: {published} region snapshots published")
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s")

    def do_fold(self, *, contest, **_):
        contest_id = contest_resolve(contest).pk if contest else None
        started = time.monotonic()
        folded = 0
        while batch := recap_fold(contest_id=contest_id):
            folded += batch
        self.stdout.write(f"Folded {folded} deltas in {time.monotonic() - started:.2f} s")

    def do_rebuild(self, *, contest, **_):
        started = time.monotonic()
        report = recap_rebuild(contest=contest, actor=SYSTEM)
        self.stdout.write(
            f"Rebuilt {report.contest}: {report.regions} regions from {report.tps_reported} TPS, "
            f"{report.deltas_discarded} pending deltas discarded, {report.snapshots} snapshots published "
            f"in {time.monotonic() - started:.1f} s"
        )
        for key in sorted(report.totals, key=lambda k: (not k.startswith("votes."), k)):
            self.stdout.write(f"  {key:<18} {report.totals[key]:>14,}")
        if report.matched:
            self.stdout.write("The kept totals matched the rebuilt ones.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"The kept totals DIFFERED in regions: {', '.join(report.mismatched)}; now repaired."
                )
            )

    def do_worker(self, *, interval, **_):
        if interval <= 0:
            raise CommandError("--interval must be positive.")
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write(f"Recap worker folding every {interval} s (SIGTERM or Ctrl-C stops it)")
        self.stdout.flush()
        folded = worker_run(stop=stop, interval=interval)
        self.stdout.write(f"Recap worker stopped after folding {folded} deltas")

    def do_pdf(self, *, contest, region, out, **_):
        data = recap_document(contest=contest, region_code=region)
        Path(out).write_bytes(data)
        self.stdout.write(f"Wrote {out} ({len(data):,} bytes)")

    def do_doctor(self, **_):
        status = count_status()
        write = self.stdout.write
        beat = status.beat
        if beat is None:
            write("Recap worker: never seen")
        else:
            ago = (status.now - beat.beat_at).total_seconds()
            state = "running" if status.worker_seen_recently else "NOT SEEN RECENTLY"
            write(f"Recap worker: {state}, last round {beat.beat_at.isoformat()} ({ago:.1f} s ago)")
            write(f"  last fold: {beat.folded_at.isoformat() if beat.folded_at else 'never'}")
        oldest = f", oldest from {status.oldest_pending_at.isoformat()}" if status.oldest_pending_at else ""
        write(f"Pending deltas: {status.pending}{oldest}")
        if status.paused_since is not None:
            write(f"The count is PAUSED since {status.paused_since.isoformat()}")
        seal = periodic_runs().get("audit_seal")
        write(f"Last audit seal (scheduler): {seal.ok_at.isoformat() if seal and seal.ok_at else 'never'}")
        for run in status.periodic_failures:
            write(f"  periodic job {run.name} fails: {run.error}")
        write(f"Quarantined deltas: {status.quarantined}")
        for q in quarantine_list(limit=100):
            write(
                f"  #{q.pk} {q.contest.slug} TPS {q.tps_code} delta {q.delta_id} appended "
                f"{q.created_at.isoformat()}, quarantined {q.quarantined_at.isoformat()}: {q.error}"
            )
        if status.quarantined > 100:
            write(f"  ... and {status.quarantined - 100} more")
        problems = status.problems
        if problems:
            raise CommandError("Needs an operator: " + "; ".join(problems), returncode=1)
        write("All well.")

    def do_release(self, *, ids, all=False, **_):
        if bool(ids) == bool(all):
            raise CommandError("Name the quarantine ids to release, or --all.")
        released = quarantine_release(actor=SYSTEM, ids=None if all else ids)
        self.stdout.write(f"Released {released} deltas back to the queue")
