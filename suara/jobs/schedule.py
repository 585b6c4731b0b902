"""Every periodic job, in one place. The scheduler (``jobs.scheduler``, `suara scheduler`, started by
`suara serve`) runs each entry: ``every`` seconds, or at the ``cron`` times in Indonesian western time
(WIB, Asia/Jakarta). A short job runs in the scheduler's own threads; one marked ``on_worker`` is handed
to the task worker (``jobs.tasks.run_periodic``) so that a long run never delays the short ones.

To add one, add a line here, e.g. a daily job at 17:00 WIB:
``Periodic("daily", "suara.app.services.daily", cron="0 17 * * *", on_worker=True)``.
Each run's outcome is kept in ``PeriodicRun`` (``jobs.selectors.periodic_failures``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Periodic:
    name: str
    run: str  # the dotted path of a function taking no arguments
    every: float | None = None  # seconds
    cron: str | None = None  # five crontab fields, WIB
    on_worker: bool = False

    def __post_init__(self):
        if (self.every is None) == (self.cron is None):
            raise ValueError(f"periodic job {self.name!r} needs either every or cron")


def schedule() -> tuple[Periodic, ...]:
    return (
        # Committed audit events get their place in the hash chain (audit.services.audit_seal): within a
        # second of their commit, so `suara audit verify`, the recap PDF and the demo see a sealed chain.
        Periodic("audit_seal", "suara.audit.services.audit_seal", every=settings.SUARA_AUDIT_SEAL_SECONDS),
        # Jobs whose worker was killed or whose machine stopped end as interrupted, not running forever.
        Periodic(
            "jobs_interrupt_stale", "suara.jobs.services.jobs_interrupt_stale", every=settings.SUARA_JOB_CHECK_SECONDS
        ),
        # The daily party-membership watch: each organisation's report at its own time (17:00 WIB unless set
        # otherwise), so a check every minute rather than one cron time; once a day each (parties.watch).
        Periodic(
            "party_watch",
            "suara.parties.watch.services.watch_reports_due",
            every=settings.SUARA_WATCH_CHECK_SECONDS,
            on_worker=True,
        ),
        # A "Saya bukan anggota" complaint past its service level: its KPU kab/kota's handlers are e-mailed
        # once per overdue state (parties.complaints); the check is short, the mail is sent after it commits.
        Periodic(
            "party_complaint_reminders",
            "suara.parties.complaints.services.complaint_reminders_send",
            every=settings.SUARA_PARTY_COMPLAINT_REMINDER_SECONDS,
            on_worker=True,
        ),
        # Announcements whose time has come go to the channels (texts, card, videotron, Web Push), once each
        # version (announcements.channels_out); published is computed, so this is what acts at that time.
        Periodic(
            "announcements_to_channels",
            "suara.announcements.channels_out.announcements_to_channels",
            every=settings.SUARA_ANNOUNCEMENT_CHANNELS_SECONDS,
        ),
        # Rumour reporters' contacts are not kept past SUARA_RUMOUR_CONTACT_DAYS (information.notify): hourly.
        Periodic("rumour_contacts_expire", "suara.information.services_rumours.rumour_contacts_expire", every=3600),
        # Election day: a KPPS chair's missed check-in, and a TPS still counting after midnight, raise alerts
        # for the PPS, PPK and the region's health officer (set-based: one INSERT … SELECT per slot and zone).
        Periodic(
            "officer_checkin_alerts",
            "suara.officers.health.services_election_day.checkin_alerts_compute",
            every=settings.SUARA_CHECKIN_ALERT_SECONDS,
        ),
    )
