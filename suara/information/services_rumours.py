"""Writes of rumour reports: a citizen's report (no account), grouped with the reports of the same rumour;
an officer links a group to a clarification (its reporters told once it is published) or dismisses it
with a reason; the retention sweep erases contacts kept too long. Each is one transaction with one audit
event; an audit summary never holds a report's text, link or contact.

A report's contact (an Indonesian mobile number or an e-mail address) is kept only to tell the reporter
of the answer (``information.notify``), and only when there is no answer yet: a report that joins a group
whose clarification is published already is shown that clarification at once and its contact is not
stored."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import F

from suara.audit.actors import SYSTEM, Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.core.phones import phone_normalise
from suara.information import notify
from suara.information.audit_actions import InformationAuditAction
from suara.information.errors import InformationErrorCode
from suara.information.grouping import group_answer, group_find, group_locked, grouping_lock, keys_file
from suara.information.models import Clarification, RumourGroup, RumourReport
from suara.information.screenshots import screenshot_clean, screenshot_discard, screenshot_store
from suara.information.selectors_rumours import inbox_role
from suara.information.services import clarification_authority, link_clean
from suara.information.similarity import Signs, normalise, report_keys, shingles, signed64, url_normal

CITIZEN = Actor.named("warga")  # the actor of a report: the citizen has no account
TEXT_LENGTH = (10, 2000)
REASON_LENGTH = (5, 500)
SUMMARY_LENGTH = 300


@dataclass(frozen=True)
class Contact:
    kind: str  # RumourReport.ContactKind
    value: str


def contact_clean(value: object) -> Contact:
    """An Indonesian mobile number (``core.phones``) or an e-mail address; none when blank. The refusal
    never repeats the value."""
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        return Contact(RumourReport.ContactKind.NONE, "")
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            pass
        else:
            if len(value) <= 254:
                return Contact(RumourReport.ContactKind.EMAIL, value)
    elif phone := phone_normalise(value):
        return Contact(RumourReport.ContactKind.PHONE, phone)
    raise DomainError(
        InformationErrorCode.CONTACT_INVALID,
        "Kontak harus nomor ponsel Indonesia (mis. 0812…) atau alamat e-mail yang sah.",
        field="contact",
    )


def text_clean(value: object) -> str:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not TEXT_LENGTH[0] <= len(text) <= TEXT_LENGTH[1]:
        raise DomainError(
            InformationErrorCode.RUMOUR_TEXT_REQUIRED,
            "Tuliskan kabar yang beredar (10 sampai 2.000 karakter).",
            field="text",
        )
    return text


@dataclass(frozen=True)
class Reported:
    report: RumourReport
    group: RumourGroup
    joined: bool  # the report joined a group reported before
    answer: Clarification | None  # the group's clarification, when published already


def rumour_report(
    *, text: object, link: object = "", screenshot: bytes | None = None, contact: object = ""
) -> Reported:
    """A citizen's report, checked whole before anything is written (the screenshot decoded last), then
    grouped and counted."""
    text = text_clean(text)
    link = link_clean(link, "link") if isinstance(link, str) and link.strip() else ""
    normal_link = url_normal(link) if link else None  # None too for a site's front page: no sign
    kept_contact = contact_clean(contact)
    shot = screenshot_clean(screenshot) if screenshot else None
    normalised = normalise(text)
    signs = Signs(shingles(normalised), normal_link, shot.dhash if shot else None)
    keys = report_keys(signs)
    written = screenshot_store(shot) if shot else None
    try:
        return _report_create(text, normalised, link, normal_link, shot, kept_contact, signs, keys)
    except BaseException:
        screenshot_discard(written)
        raise


def _report_create(text, normalised, link, normal_link, shot, contact, signs, keys) -> Reported:
    now = clock.now()
    with service_transaction():
        grouping_lock()
        match = group_find(signs, keys)
        if match is None:
            group = RumourGroup.objects.create(
                summary=text[:SUMMARY_LENGTH], report_count=1, first_reported_at=now, last_reported_at=now
            )
        else:
            RumourGroup.objects.filter(pk=match.group).update(report_count=F("report_count") + 1, last_reported_at=now)
            group = RumourGroup.objects.select_related("clarification").get(pk=match.group)
        answer = group.clarification
        if answer is None or answer.status != Clarification.Status.PUBLISHED:
            answer = None
        keep = contact if answer is None else Contact(RumourReport.ContactKind.NONE, "")
        report = RumourReport.objects.create(
            group=group,
            text=text,
            text_normalised=normalised,
            link=link,
            link_key=normal_link or "",
            screenshot_sha256=shot.sha256 if shot else "",
            screenshot_extension=shot.extension if shot else "",
            screenshot_dhash=signed64(shot.dhash) if shot and shot.dhash is not None else None,
            contact_kind=keep.kind,
            contact=keep.value,
            created_at=now,
        )
        keys_file(group, keys)
        how = f"bergabung dengan kelompok (kemiripan: {match.reason})" if match else "kelompok baru"
        audit_record(
            actor=CITIZEN,
            action=InformationAuditAction.RUMOUR_REPORT,
            object_code=str(group.pk),
            summary=f"laporan kabar {report.pk}: {how}; {group.report_count} laporan",
        )
    return Reported(report, group, match is not None, answer)


# --- the officers' inbox ---------------------------------------------------------------------------------


def _officer_role(actor: Actor):
    user = actor.officer()
    role = inbox_role(user)
    if role is None:
        raise PermissionDenied(
            ErrorCode.FORBIDDEN, "Hanya KPU atau Diskominfo yang menangani laporan hoaks.", field="group"
        )
    return user, role


def rumour_link(*, actor: Actor, group_id: int, clarification_id: int) -> RumourGroup:
    """Links an open (or dismissed) group to a clarification: one published (of any region) tells the
    group's reporters at once; a draft (of the officer's own regions) tells them when it is published."""
    user, role = _officer_role(actor)
    with service_transaction():
        group = group_locked(group_id)
        # Locked too: a publication at the same moment either comes first (and this link tells the
        # reporters) or waits for this link to commit (and tells them itself).
        clarification = Clarification.objects.select_for_update().filter(pk=clarification_id).first()
        if clarification is None:
            raise NotFound(
                InformationErrorCode.CLARIFICATION_NOT_FOUND, "Klarifikasi tidak ditemukan.", field="clarification"
            )
        published = clarification.status == Clarification.Status.PUBLISHED
        if not published:
            clarification_authority(user, clarification.region_code)
        group_answer(group, clarification, user, clock.now())
        told = notify.reporters_notify(clarification, [group.pk]) if published else 0
        state = f"terbit, {told} pelapor diberi tahu" if published else "draf"
        audit_record(
            actor=actor,
            action=InformationAuditAction.RUMOUR_LINK,
            role=role,
            object_code=str(group.pk),
            summary=f"kelompok laporan ditautkan ke klarifikasi {clarification.pk} ({state})",
        )
    return group


def rumour_dismiss(*, actor: Actor, group_id: int, reason: object) -> RumourGroup:
    """Dismisses an open group (not a rumour about the election, a duplicate, nothing to clarify) with the
    reason; its reporters' contacts are erased."""
    user, role = _officer_role(actor)
    reason = " ".join(reason.split()) if isinstance(reason, str) else ""
    if not REASON_LENGTH[0] <= len(reason) <= REASON_LENGTH[1]:
        raise DomainError(ErrorCode.REASON_REQUIRED, "Tuliskan alasannya (5 sampai 500 karakter).", field="reason")
    with service_transaction():
        group = group_locked(group_id)
        if group.status != RumourGroup.Status.OPEN:
            raise Conflict(
                InformationErrorCode.RUMOUR_GROUP_DECIDED,
                "Kelompok laporan ini sudah dijawab atau diabaikan.",
                field="group",
            )
        group.status = RumourGroup.Status.DISMISSED
        group.dismissed_reason = reason
        group.decided_by = user
        group.decided_at = clock.now()
        group.save(update_fields=["status", "dismissed_reason", "decided_by", "decided_at"])
        erased = notify.contacts_erase(group.pk)
        audit_record(
            actor=actor,
            action=InformationAuditAction.RUMOUR_DISMISS,
            role=role,
            object_code=str(group.pk),
            summary=f"kelompok laporan diabaikan ({group.report_count} laporan); {erased} kontak dihapus",
        )
    return group


def rumour_contacts_expire() -> int:
    """The periodic retention (``jobs.schedule``): contacts kept past ``SUARA_RUMOUR_CONTACT_DAYS``, and
    e-mails left unsent by a stopped process, erased; one audit event when any was."""
    before, stuck_before = notify.contacts_expiring()
    due = RumourReport.objects.exclude(contact="")
    if not (due.filter(created_at__lt=before).exists() or due.filter(notified_at__lt=stuck_before).exists()):
        return 0
    with service_transaction():
        erased = notify.contacts_expire(before, stuck_before)
        audit_record(
            actor=SYSTEM,
            action=InformationAuditAction.RUMOUR_CONTACTS_EXPIRE,
            object_code=str(erased),
            summary=f"{erased} kontak pelapor kabar dihapus (masa simpan habis)",
        )
    return erased
