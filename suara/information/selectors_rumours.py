"""Reads of the rumour reports for the officers' inbox: who sees it, its groups (the most reported first),
a group's reports and their screenshots.

The inbox is one for the country: a rumour circulates online, not in a region, and a citizen reporting
it names none. Whoever writes clarifications anywhere (``Action.PUBLISH_CLARIFICATION``: KPU at any level,
a city's viewer, a Diskominfo's operator) sees it and acts on it; each action is audited with who and
under which role. A group is linked to a published clarification of any region, or to a draft of the
officer's own regions."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from suara.accounts.authz import assignments_of
from suara.accounts.models import Organisation
from suara.accounts.roles import ALLOWED, Action, Role
from suara.information.models import RumourGroup, RumourReport

INBOX_LIMIT = 200
REPORTS_LIMIT = 200


def inbox_role(user) -> Role | None:
    """The role under which ``user`` works in the inbox, or None."""
    operated = []
    for assignment in assignments_of(user):
        if assignment.role not in ALLOWED[Action.PUBLISH_CLARIFICATION]:
            continue
        if assignment.role != Role.ORGANISATION_OPERATOR:
            return assignment.role
        operated.append(assignment.scope)
    if operated and Organisation.objects.filter(code__in=operated, kind=Organisation.Kind.DISKOMINFO).exists():
        return Role.ORGANISATION_OPERATOR
    return None


def groups(status: str) -> QuerySet[RumourGroup]:
    """The groups of a status, the most reported first, then the latest reported."""
    return (
        RumourGroup.objects.filter(status=status)
        .select_related("clarification")
        .order_by("-report_count", "-last_reported_at", "-pk")
    )


def status_counts() -> dict[str, int]:
    counted = dict(RumourGroup.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counted.get(status, 0) for status in RumourGroup.Status.values}


def group_get(pk: int) -> RumourGroup | None:
    return RumourGroup.objects.select_related("clarification", "decided_by").filter(pk=pk).first()


def group_reports(group: RumourGroup) -> QuerySet[RumourReport]:
    """A group's reports, newest first; never their contacts (``contact`` is deferred: a page that shows a
    report shows whether a contact was left, ``contact_kind``, not the contact)."""
    return group.reports.defer("contact", "text_normalised").order_by("-created_at", "-pk")[:REPORTS_LIMIT]


def group_first_link(group: RumourGroup) -> str:
    """The first link reported in the group (to start its clarification with), or ""."""
    return group.reports.exclude(link="").order_by("created_at", "pk").values_list("link", flat=True).first() or ""


def report_screenshot(group_id: int, report_id: int) -> tuple[str, str] | None:
    """(sha256, extension) of a report's screenshot in that group, or None."""
    row = (
        RumourReport.objects.filter(pk=report_id)  # by its key (an id past bigint's range matches nothing)
        .exclude(screenshot_sha256="")
        .values_list("group_id", "screenshot_sha256", "screenshot_extension")
        .first()
    )
    return (row[1], row[2]) if row and row[0] == group_id else None
