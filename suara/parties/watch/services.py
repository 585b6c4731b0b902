"""The daily watch's writes: an organisation's watchlists from its files, and its reports.

A report checks every NIK on the organisation's watchlists against the current member lists in two
set-based statements (a join on the current-NIK index of the listings, never one query per NIK) and
compares the result with the organisation's previous report: listings new since then, listings gone,
and every current one. ``watch_reports_due`` is the scheduler's check (``jobs.schedule``, every minute):
each organisation whose report time (17:00 WIB unless set otherwise) has passed today and that has no
daily report for today gets one. One report a day: a unique index holds it even when two checks race.

Each write is one transaction with one audit event, whose summary carries counts only. The report is
e-mailed (``watch.mail``) after its transaction commits; a mail that fails is noted on the report, which
stays in the app.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from suara.accounts.authz import require
from suara.accounts.models import Organisation
from suara.accounts.roles import Action, Scope, ScopeKind
from suara.audit.actors import SYSTEM, Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError, NotFound
from suara.parties.audit_actions import PartyAuditAction
from suara.parties.errors import PartyErrorCode
from suara.parties.models import Member, Party, WatchEntry, Watchlist, WatchReport, WatchReportLine
from suara.parties.watch import mail
from suara.parties.watch.rows import RowProblem, WatchFileRefused, WatchRow, watch_entry_check, watch_rows

logger = logging.getLogger(__name__)
WIB = ZoneInfo("Asia/Jakarta")  # report times and days are WIB whatever zone a request turned on

MAX_FILE_BYTES = 20 * 1024 * 1024
NAME_MAX = 100
REPLACE, ADD = "ganti", "tambah"
# How many refused rows an upload's answer lists (the counts cover them all).
PROBLEMS_SHOWN = 1000


def acting_role(actor: Actor, organisation: Organisation) -> str:
    """The role under which ``actor`` acts for the organisation ('' for the command line and the
    scheduler); PermissionDenied for anyone who is not one of its operators."""
    if actor.user is None:
        return ""
    return require(actor.user, Action.WATCH_MEMBERSHIP, Scope(ScopeKind.ORGANISATION, organisation.code)).value


@dataclass
class UploadOutcome:
    watchlist: Watchlist
    rows: int  # data rows read
    added: int
    updated: int
    removed: int
    problems: list[RowProblem] = field(default_factory=list)
    problem_count: int = 0


def _refused(exc: WatchFileRefused) -> DomainError:
    code = PartyErrorCode(exc.code)
    return DomainError(code, exc.message, field="file", status=code.status)


def watchlist_upload(
    *, actor: Actor, organisation: Organisation, name: str, data: bytes, mode: str = REPLACE
) -> UploadOutcome:
    """Puts a file's valid rows into the organisation's watchlist ``name`` (created if new): ``ganti``
    replaces the list with them, ``tambah`` adds them (a NIK already on it takes the file's name and note).
    Refused rows are reported by line and code; a file without one valid row changes nothing."""
    role = acting_role(actor, organisation)
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not name or len(name) > NAME_MAX:
        raise DomainError(PartyErrorCode.WATCHLIST_NAME_INVALID, "Nama daftar pantauan 1–100 karakter.", field="name")
    if mode not in (REPLACE, ADD):
        raise DomainError(PartyErrorCode.WATCHLIST_MODE_INVALID, "Pilih: ganti daftar atau tambahkan.", field="mode")
    if len(data) > MAX_FILE_BYTES:
        raise DomainError(PartyErrorCode.WATCH_FILE_TOO_LARGE, "Berkas lebih dari 20 MB.", field="file", status=413)
    try:
        rows, problems = watch_rows(data, today=clock.today())
    except WatchFileRefused as exc:
        raise _refused(exc) from None
    shown = [{"line": p.line, "code": p.code, "message": p.message} for p in problems[:PROBLEMS_SHOWN]]
    if not rows:
        raise DomainError(
            PartyErrorCode.WATCH_NO_VALID_ROWS,
            f"Semua {len(problems)} baris ditolak; daftar tidak berubah.",
            field="file",
            details=shown,
        )
    now = clock.now()
    with service_transaction():
        watchlist, created = Watchlist.objects.select_for_update().get_or_create(
            organisation=organisation, name=name, defaults={"created_at": now, "updated_at": now}
        )
        existing = {
            nik: (pk, name, note)
            for nik, pk, name, note in WatchEntry.objects.filter(watchlist=watchlist).values_list(
                "nik", "pk", "name", "note"
            )
        }
        in_file = {row.nik for row in rows}
        removed = 0
        if mode == REPLACE:
            gone = [pk for nik, (pk, _, _) in existing.items() if nik not in in_file]
            for start in range(0, len(gone), 5000):
                removed += WatchEntry.objects.filter(pk__in=gone[start : start + 5000]).delete()[0]
        fresh = [r for r in rows if r.nik not in existing]
        kept = [r for r in rows if r.nik in existing]
        WatchEntry.objects.bulk_create(
            [WatchEntry(watchlist=watchlist, nik=r.nik, name=r.name, note=r.note, line=r.line) for r in fresh],
            batch_size=5000,
        )
        # Only the entries whose name or note changed are written: uploading the same list again is cheap.
        WatchEntry.objects.bulk_update(
            [
                WatchEntry(pk=existing[r.nik][0], name=r.name, note=r.note, line=r.line)
                for r in kept
                if existing[r.nik][1:] != (r.name, r.note)
            ],
            ["name", "note", "line"],
            batch_size=2000,
        )
        watchlist.updated_at = now
        watchlist.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.WATCHLIST_UPLOAD,
            object_code=organisation.code,
            summary=(
                f"daftar pantauan #{watchlist.pk} {'dibuat' if created else 'diperbarui'} ({mode}): "
                f"{len(rows) + len(problems)} baris dibaca, {len(fresh)} NIK baru, {len(kept)} diperbarui, "
                f"{removed} dihapus, {len(problems)} baris ditolak"
            ),
        )
    return UploadOutcome(watchlist, len(rows) + len(problems), len(fresh), len(kept), removed, shown, len(problems))


def watchlist_delete(*, actor: Actor, watchlist: Watchlist) -> int:
    """Deletes a watchlist and its entries; returns how many entries it held. Its NIKs stop being watched
    (the next report does not call their listings gone)."""
    role = acting_role(actor, watchlist.organisation)
    with service_transaction():
        count = WatchEntry.objects.filter(watchlist=watchlist).count()
        WatchEntry.objects.filter(watchlist=watchlist).delete()
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.WATCHLIST_DELETE,
            object_code=watchlist.organisation.code,
            summary=f"daftar pantauan #{watchlist.pk} dihapus ({count} NIK)",
        )
        watchlist.delete()
    return count


# --- one person at a time (the API) -----------------------------------------------------------------------

_ENTRY_FIELDS = {"name_missing": "nama", "name_too_long": "nama", "note_too_long": "keterangan"}


def _entry_clean(nik: object, name: object, note: object) -> WatchRow:
    texts = [value if isinstance(value, str) else "" for value in (nik, name, note)]
    checked = watch_entry_check(*texts, today=clock.today())
    if isinstance(checked, WatchRow):
        return checked
    if checked.code in _ENTRY_FIELDS:
        raise DomainError(PartyErrorCode.WATCH_ENTRY_INVALID, checked.message, field=_ENTRY_FIELDS[checked.code])
    if checked.code == "row_broken":  # a NUL character in one of the three
        raise DomainError(PartyErrorCode.WATCH_ENTRY_INVALID, "Isian berisi karakter NUL.", field="nama")
    raise DomainError(PartyErrorCode.WATCH_NIK_INVALID, checked.message, field="nik")


def watch_entry_add(
    *, actor: Actor, organisation: Organisation, watchlist_name: str, nik: object, name: object, note: object = ""
) -> WatchEntry:
    """Adds one person (NIK, name, note) to the organisation's watchlist ``watchlist_name`` (created if new),
    checked as a file's row is. A NIK already on that list is refused (``watch_entry_exists``)."""  # fmt: skip
    role = acting_role(actor, organisation)
    list_name = " ".join(watchlist_name.split()) if isinstance(watchlist_name, str) else ""
    if not list_name or len(list_name) > NAME_MAX:
        raise DomainError(PartyErrorCode.WATCHLIST_NAME_INVALID, "Nama daftar pantauan 1–100 karakter.", field="daftar")
    row = _entry_clean(nik, name, note)
    now = clock.now()
    with service_transaction():
        watchlist, created = Watchlist.objects.select_for_update().get_or_create(
            organisation=organisation, name=list_name, defaults={"created_at": now, "updated_at": now}
        )
        if WatchEntry.objects.filter(watchlist=watchlist, nik=row.nik).exists():
            raise Conflict(
                PartyErrorCode.WATCH_ENTRY_EXISTS, "NIK ini sudah ada dalam daftar pantauan ini.", field="nik"
            )
        entry = WatchEntry.objects.create(watchlist=watchlist, nik=row.nik, name=row.name, note=row.note)
        watchlist.updated_at = now
        watchlist.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.WATCH_ENTRY_ADD,
            object_code=organisation.code,
            summary=f"1 NIK ditambahkan ke daftar pantauan #{watchlist.pk}{' (daftar baru)' if created else ''}",
        )
    return entry


def watch_entry_remove(*, actor: Actor, watchlist: Watchlist, nik: object) -> None:
    """Removes one NIK from a watchlist: the next report no longer watches it there (nor calls its listings
    gone, unless another of the organisation's lists still holds it)."""
    role = acting_role(actor, watchlist.organisation)
    text = nik.strip().lstrip("'") if isinstance(nik, str) else ""
    with service_transaction():
        removed = WatchEntry.objects.filter(watchlist=watchlist, nik=text).delete()[0] if text else 0
        if not removed:
            raise NotFound(
                PartyErrorCode.WATCH_ENTRY_NOT_FOUND, "NIK ini tidak ada dalam daftar pantauan ini.", field="nik"
            )
        Watchlist.objects.filter(pk=watchlist.pk).update(updated_at=clock.now())
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.WATCH_ENTRY_REMOVE,
            object_code=watchlist.organisation.code,
            summary=f"1 NIK dihapus dari daftar pantauan #{watchlist.pk}",
        )


# --- reports ----------------------------------------------------------------------------------------------

_CURRENT = (WatchReportLine.State.NEW.value, WatchReportLine.State.LISTED.value)


def _tables() -> dict[str, str]:
    return {
        "line": WatchReportLine._meta.db_table,
        "entry": WatchEntry._meta.db_table,
        "list": Watchlist._meta.db_table,
        "member": Member._meta.db_table,
        "party": Party._meta.db_table,
    }


# The organisation's watched NIKs (one name and note each, when several of its lists hold a NIK) joined to
# the current listings through the partial index on Member.nik (removed_at IS NULL); a listing is a NIK on
# a party's list (a party listing a NIK twice counts once). New when the previous report did not have it.
_CURRENT_LINES = """
INSERT INTO {line} (report_id, state, nik, watched_name, note, party_id, party_name, since, status)
SELECT %s,
       CASE WHEN EXISTS (SELECT 1 FROM {line} p WHERE p.report_id = %s AND p.nik = w.nik
                         AND p.party_id = m.party_id AND p.state IN (%s, %s)) THEN %s ELSE %s END,
       w.nik, MIN(w.name), MIN(w.note), m.party_id, MIN(pa.name), MIN(m.added_at), MIN(m.status)
FROM (SELECT e.nik, MIN(e.name) AS name, MIN(e.note) AS note
      FROM {entry} e JOIN {list} l ON l.id = e.watchlist_id
      WHERE l.organisation_id = %s GROUP BY e.nik) w
JOIN {member} m ON m.nik = w.nik AND m.removed_at IS NULL
JOIN {party} pa ON pa.id = m.party_id
GROUP BY w.nik, m.party_id
"""

# The previous report's current listings that this one no longer has, for NIKs still watched.
_GONE_LINES = """
INSERT INTO {line} (report_id, state, nik, watched_name, note, party_id, party_name, since, status)
SELECT %s, %s, p.nik, p.watched_name, p.note, p.party_id, p.party_name, p.since, p.status
FROM {line} p
WHERE p.report_id = %s AND p.state IN (%s, %s)
  AND NOT EXISTS (SELECT 1 FROM {line} c WHERE c.report_id = %s AND c.nik = p.nik AND c.party_id = p.party_id)
  AND EXISTS (SELECT 1 FROM {entry} e JOIN {list} l ON l.id = e.watchlist_id
              WHERE l.organisation_id = %s AND e.nik = p.nik)
"""

_WATCHED = """
SELECT COUNT(DISTINCT e.nik) FROM {entry} e JOIN {list} l ON l.id = e.watchlist_id WHERE l.organisation_id = %s
"""


def _fill(report: WatchReport) -> None:
    tables = _tables()
    previous = report.previous_id or 0
    with connection.cursor() as cursor:
        cursor.execute(
            _CURRENT_LINES.format(**tables),
            [report.pk, previous, *_CURRENT, WatchReportLine.State.LISTED, WatchReportLine.State.NEW,
             report.organisation_id],
        )  # fmt: skip
        if previous:
            cursor.execute(
                _GONE_LINES.format(**tables),
                [report.pk, WatchReportLine.State.GONE, previous, *_CURRENT, report.pk, report.organisation_id],
            )
        cursor.execute(_WATCHED.format(**tables), [report.organisation_id])
        report.watched = cursor.fetchone()[0]
    counts = {state: 0 for state in WatchReportLine.State.values}
    for state, n in _line_counts(report):
        counts[state] = n
    report.new = counts[WatchReportLine.State.NEW]
    report.listed = report.new + counts[WatchReportLine.State.LISTED]
    report.gone = counts[WatchReportLine.State.GONE]


def _line_counts(report: WatchReport):
    from django.db.models import Count

    return WatchReportLine.objects.filter(report=report).values_list("state").annotate(n=Count("id"))


class ReportExists(Exception):
    """The organisation already has its daily report for that day."""


def watch_report_run(
    *,
    actor: Actor,
    organisation: Organisation,
    trigger: str = WatchReport.Trigger.ON_DEMAND,
    now: datetime | None = None,
    send: bool = True,
) -> WatchReport:
    """Writes the organisation's report now: every current listing of a NIK on its watchlists, those new
    since its previous report and those gone since then; then e-mails it to the organisation's addresses.
    A daily (``jadwal``) report is one a day: ReportExists if the day has one."""
    role = acting_role(actor, organisation)
    now = now or clock.now()
    day = timezone.localtime(now, WIB).date()
    started = time.perf_counter()
    try:
        with service_transaction():
            # One report at a time per organisation: the previous one is then surely the latest.
            Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
            if (
                trigger == WatchReport.Trigger.SCHEDULED
                and WatchReport.objects.filter(organisation=organisation, day=day, trigger=trigger).exists()
            ):
                raise ReportExists
            previous = WatchReport.objects.filter(organisation=organisation).order_by("-created_at", "-pk").first()
            report = WatchReport.objects.create(
                organisation=organisation, day=day, trigger=trigger, created_at=now, previous=previous
            )
            _fill(report)
            with translation.override(settings.LANGUAGE_CODE):  # the audit log speaks Indonesian
                trigger_label = str(report.get_trigger_display()).lower()
            report.seconds = round(time.perf_counter() - started, 3)
            report.save(update_fields=["watched", "listed", "new", "gone", "seconds"])
            audit_record(
                actor=actor,
                role=role,
                action=PartyAuditAction.WATCH_REPORT,
                object_code=organisation.code,
                summary=(
                    f"laporan pantauan #{report.pk} ({trigger_label}, {day.isoformat()}): "
                    f"{report.watched} NIK dipantau, {report.listed} tercatat di partai, {report.new} baru, "
                    f"{report.gone} hilang"
                ),
            )
    except IntegrityError:  # another check wrote the day's report between our look and our insert
        raise ReportExists from None
    if send:
        mail.watch_report_send(report)
    return report


def watch_reports_due() -> int:
    """The scheduler's check: writes the daily report of every organisation with a watchlist whose report
    time has passed today (WIB) and that has none for today. Returns how many it wrote."""
    now = clock.now()
    local = timezone.localtime(now, WIB)
    due = (
        Organisation.objects.filter(report_time__lte=local.time())
        .filter(Exists(Watchlist.objects.filter(organisation=OuterRef("pk"))))
        .exclude(
            Exists(
                WatchReport.objects.filter(
                    organisation=OuterRef("pk"), day=local.date(), trigger=WatchReport.Trigger.SCHEDULED
                )
            )
        )
        .order_by("report_time", "code")
    )
    written = 0
    for organisation in due:
        try:
            watch_report_run(actor=SYSTEM, organisation=organisation, trigger=WatchReport.Trigger.SCHEDULED, now=now)
            written += 1
        except ReportExists:
            continue
    return written
