"""Groups of rumour reports: which group a new report joins, and a group answered by a clarification.

Which group a new report joins, read from the database: the groups filed under any of the
report's keys (``similarity.report_keys``), the ``CANDIDATES`` sharing the most keys, each compared through
its latest ``REPORTS_PER_GROUP`` reports by ``similarity.best_group``. So a report costs a few indexed
reads whatever the number of groups, never a comparison with each.

Called inside the report's transaction under ``grouping_lock`` (PostgreSQL: a transaction-scoped advisory
lock; SQLite serialises its writing transactions anyway): two reports of one new rumour arriving together
make one group, not two."""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from suara.core.errors import Conflict, NotFound
from suara.information.errors import InformationErrorCode
from suara.information.models import Clarification, RumourGroup, RumourKey, RumourReport
from suara.information.similarity import Match, Signs, best_group, shingles, unsigned64

CANDIDATES = 20
REPORTS_PER_GROUP = 20
# The (key, key) pair of the advisory lock: apart from the audit chain's one-key lock and the recap's pairs.
_LOCK = (0x18_5EA2, 1)


def grouping_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", list(_LOCK))


def group_find(signs: Signs, keys: list[str]) -> Match | None:
    shared = Counter(RumourKey.objects.filter(key__in=keys).values_list("group_id", flat=True))
    ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]
    if not ranked:
        return None
    latest = (
        RumourReport.objects.filter(group_id__in=[group for group, _ in ranked])
        .annotate(rank=Window(RowNumber(), partition_by=F("group_id"), order_by=F("created_at").desc()))
        .filter(rank__lte=REPORTS_PER_GROUP)
        .values_list("group_id", "text_normalised", "link_key", "screenshot_dhash")
    )
    candidates: dict[int, list[Signs]] = {}
    for group, text, link, image in latest:
        signs_of = Signs(shingles(text), link or None, unsigned64(image) if image is not None else None)
        candidates.setdefault(group, []).append(signs_of)
    return best_group(signs, candidates)


def keys_file(group: RumourGroup, keys: list[str]) -> None:
    RumourKey.objects.bulk_create([RumourKey(key=key, group=group) for key in keys], ignore_conflicts=True)


def group_locked(pk: int) -> RumourGroup:
    group = RumourGroup.objects.select_for_update().filter(pk=pk).first()
    if group is None:
        raise NotFound(InformationErrorCode.RUMOUR_GROUP_NOT_FOUND, "Kelompok laporan tidak ditemukan.", field="group")
    return group


def group_answer(group: RumourGroup, clarification: Clarification, user, now) -> None:
    """Marks the (locked) group answered by ``clarification``; refused when it was answered already.
    Inside the caller's transaction (a link, or a clarification started from the group)."""
    if group.status == RumourGroup.Status.ANSWERED:
        raise Conflict(InformationErrorCode.RUMOUR_GROUP_DECIDED, "Kelompok laporan ini sudah dijawab.", field="group")
    group.status = RumourGroup.Status.ANSWERED
    group.clarification = clarification
    group.dismissed_reason = ""
    group.decided_by = user
    group.decided_at = now
    group.save(update_fields=["status", "clarification", "dismissed_reason", "decided_by", "decided_at"])
