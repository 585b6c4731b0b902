"""The watch report by e-mail, through Django's e-mail backend (SMTP configured from the environment:
docs/deployment.md). Without SMTP (the dummy backend) nothing is sent and the report says so; a send that
fails is noted on the report, never retried in a loop, never logged with its content. The mail carries
the listings with the names as the organisation typed them, never a NIK."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from suara.core import clock
from suara.parties.models import WatchReport, WatchReportLine

logger = logging.getLogger(__name__)
NOT_CONFIGURED = "surel belum dikonfigurasi (SUARA_EMAIL_HOST)"


def _configured() -> bool:
    return not settings.EMAIL_BACKEND.endswith("dummy.EmailBackend")


def watch_report_send(report: WatchReport) -> bool:
    """E-mails the report to its organisation's addresses; True when sent."""
    organisation = report.organisation
    addresses = organisation.emails
    if not addresses:
        return False
    if not _configured():
        WatchReport.objects.filter(pk=report.pk).update(email_error=NOT_CONFIGURED)
        return False
    lines = list(WatchReportLine.objects.filter(report=report).order_by("state", "watched_name", "party_name")[:2000])
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "report": report,
            "organisation": organisation,
            "created": timezone.localtime(report.created_at),
            "new": [line for line in lines if line.state == WatchReportLine.State.NEW],
            "listed": [line for line in lines if line.state == WatchReportLine.State.LISTED],
            "gone": [line for line in lines if line.state == WatchReportLine.State.GONE],
            "path": f"/petugas/partai/pantauan/{organisation.code}/laporan/{report.pk}/",
            "base_url": settings.SUARA_BASE_URL,
        }
        subject = render_to_string("parties/watch/report_subject.txt", context).strip()
        body = render_to_string("parties/watch/report_email.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    except Exception as exc:  # noqa: BLE001 - an SMTP fault must not lose the report, which is kept
        error = f"{type(exc).__name__}"[:200]
        WatchReport.objects.filter(pk=report.pk).update(email_error=error)
        logger.warning("watch report %s: e-mail not sent (%s)", report.pk, error)
        return False
    WatchReport.objects.filter(pk=report.pk).update(emailed_to=len(addresses), emailed_at=clock.now(), email_error="")
    return True
