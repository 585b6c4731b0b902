"""`suara scheduler`: runs the periodic jobs (``jobs.schedule``: sealing the audit chain, ending jobs whose
worker died, ...) until SIGTERM or Ctrl-C. `suara serve` starts it beside gunicorn; run exactly one per
deployment (docs/deployment.md)."""

import signal
import threading

from django.core.management.base import BaseCommand

from suara.jobs.schedule import schedule
from suara.jobs.scheduler import scheduler_run


class Command(BaseCommand):
    help = "Run the periodic jobs (audit sealing, the stale job check, ...) until stopped."

    def handle(self, *args, **options):
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        entries = schedule()
        listed = ", ".join(f"{p.name} ({f'every {p.every:g} s' if p.every else p.cron + ' WIB'})" for p in entries)
        self.stdout.write(f"Scheduler running {listed} (SIGTERM or Ctrl-C stops it)")
        self.stdout.flush()
        scheduler_run(stop=stop, entries=entries)
        self.stdout.write("Scheduler stopped")
