"""Writes of announcements, each in one transaction with one audit event, along the workflow's table
(``workflow.transition``). KPU offices and the city (its viewer role, or an operator of a Diskominfo
organisation serving the region) write them for the regions beneath their scopes; a second person, who
wrote none of it, approves; any of them schedules it for a time ahead; once published, a correction is a
new version shown with its note, and a withdrawal takes it off every channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db.models import F

from suara.accounts.authz import assignments_of
from suara.accounts.models import User
from suara.accounts.public_voice import diskominfo_serving
from suara.accounts.roles import ALLOWED, Action, Role, ScopeKind
from suara.announcements import files
from suara.announcements.audit_actions import AnnouncementAuditAction
from suara.announcements.errors import AnnouncementErrorCode
from suara.announcements.models import Announcement, AnnouncementStamp, AnnouncementVersion
from suara.announcements.rules import (
    BODY_LENGTH,
    LOCATION_MAX_LENGTH,
    MAX_ATTACHMENTS,
    NOTE_LENGTH,
    TITLE_LENGTH,
    Category,
    changed_fields,
)
from suara.announcements.selectors import region_name
from suara.announcements.workflow import Phase, Step, phase_of, transition
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from suara.core.region_codes import codes_above, covers, region_level
from suara.core.timezones import ZONES, zone_of


@dataclass(frozen=True)
class AnnouncementInput:
    title: str
    body: str
    category: str
    region_code: str = ""
    title_en: str = ""
    body_en: str = ""
    event_start: datetime | str | None = None  # a str: YYYY-MM-DDTHH:MM in the region's time zone
    event_end: datetime | str | None = None
    event_location: str = ""
    new_files: list[tuple[str, bytes]] = field(default_factory=list)  # (uploaded name, content)
    remove_files: list[str] = field(default_factory=list)  # sha256 of attachments to drop


# --- who may write -----------------------------------------------------------------------------------


def _office(code: str) -> str:
    """'Kota Depok', 'Kabupaten Bogor', 'Provinsi Jawa Barat' from KPU's upper-case region names."""
    name = (region_name(code) or code).title()
    if len(code) == 2:
        return f"Provinsi {name}"
    if len(code) == 4 and not name.startswith("Kota "):
        return f"Kabupaten {name}"
    return name


def announcement_authority(user: User, region_code: str) -> tuple[Role, str]:
    """The role under which ``user`` writes and reviews announcements of ``region_code``, and the issuer the
    public sees: a KPU office or the city's viewer over it, or an operator of a Diskominfo whose region
    covers it. PermissionDenied otherwise."""
    held = assignments_of(user)
    for assignment in held:
        if (
            assignment.role in ALLOWED[Action.PUBLISH_ANNOUNCEMENT]
            and assignment.scope_kind == ScopeKind.REGION
            and covers(assignment.scope, region_code)
        ):
            if assignment.role == Role.KPU_RI:
                return assignment.role, "KPU RI"
            if assignment.role == Role.PEMKOT_VIEWER:
                return assignment.role, f"Pemerintah {_office(assignment.scope)}"
            return assignment.role, f"KPU {_office(assignment.scope)}"
    organisation = diskominfo_serving(user, region_code)
    if organisation is not None:
        return Role.ORGANISATION_OPERATOR, organisation.name
    raise PermissionDenied(
        ErrorCode.FORBIDDEN,
        "Hanya KPU atau Diskominfo wilayah itu yang menulis dan memeriksa pengumumannya.",
        field="region_code",
    )


# --- what is written ---------------------------------------------------------------------------------


def _refuse(code: AnnouncementErrorCode, message: str, field_name: str) -> DomainError:
    return DomainError(code, message, field=field_name)


def _moment(value: datetime | str | None, zone: str, field_name: str) -> datetime | None:
    if value is None or isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is None:
            code = (
                AnnouncementErrorCode.PUBLISH_AT_INVALID
                if field_name == "publish_at"
                else (AnnouncementErrorCode.EVENT_INVALID)
            )
            raise _refuse(code, "Waktu tidak sah (YYYY-MM-DDTHH:MM).", field_name)
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZONES[zone])
    return moment.replace(microsecond=0) if moment is not None else None


def _text(value: str, length: tuple[int, int], code: AnnouncementErrorCode, message: str, name: str) -> str:
    text = str(value or "").replace("\r\n", "\n").strip()
    if not length[0] <= len(text) <= length[1]:
        raise _refuse(code, message, name)
    return text


def _clean(data: AnnouncementInput) -> dict:
    """The public fields, checked (attachments apart); DomainError on the first problem."""
    region_code = str(data.region_code or "").strip()
    if region_code and region_level(region_code) is None:
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE, "Kode wilayah harus 2, 4, 6 atau 10 digit.", field="region_code"
        )
    if region_name(region_code) is None:
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Wilayah {region_code} tidak ditemukan.", field="region_code")
    title = " ".join(str(data.title or "").split())
    if not TITLE_LENGTH[0] <= len(title) <= TITLE_LENGTH[1]:
        raise _refuse(AnnouncementErrorCode.TITLE_REQUIRED, "Tuliskan judul (5 sampai 200 karakter).", "title")
    body = _text(
        data.body, BODY_LENGTH, AnnouncementErrorCode.BODY_REQUIRED, "Tuliskan isi (20 sampai 20.000 karakter).", "body"
    )
    title_en = " ".join(str(data.title_en or "").split())
    body_en = str(data.body_en or "").replace("\r\n", "\n").strip()
    if (title_en or body_en) and not (
        TITLE_LENGTH[0] <= len(title_en) <= TITLE_LENGTH[1] and BODY_LENGTH[0] <= len(body_en) <= BODY_LENGTH[1]
    ):
        raise _refuse(
            AnnouncementErrorCode.TRANSLATION_INCOMPLETE,
            "Terjemahan Inggris memerlukan judul dan isi dengan batas yang sama.",
            "title_en" if not title_en else "body_en",
        )
    if data.category not in Category.__members__.values():
        raise _refuse(AnnouncementErrorCode.UNKNOWN_CATEGORY, "Pilih kategori dari daftar.", "category")
    zone = zone_of(region_code)
    start = _moment(data.event_start, zone, "event_start")
    end = _moment(data.event_end, zone, "event_end")
    if end is not None and (start is None or end < start):
        raise _refuse(AnnouncementErrorCode.EVENT_INVALID, "Acara selesai tidak boleh sebelum mulainya.", "event_end")
    location = " ".join(str(data.event_location or "").split())
    if len(location) > LOCATION_MAX_LENGTH:
        raise _refuse(
            AnnouncementErrorCode.EVENT_INVALID, "Tempat acara paling panjang 200 karakter.", "event_location"
        )
    return {
        "region_code": region_code,
        "category": data.category,
        "title": title,
        "body": body,
        "title_en": title_en,
        "body_en": body_en,
        "event_start": start,
        "event_end": end,
        "event_location": location,
    }


def _files_cleaned(data: AnnouncementInput) -> list[files.CleanAttachment]:
    """The new files judged (before any transaction: decoding an image holds no lock)."""
    if len(data.new_files or ()) > MAX_ATTACHMENTS:
        raise _refuse(
            AnnouncementErrorCode.TOO_MANY_ATTACHMENTS, f"Paling banyak {MAX_ATTACHMENTS} lampiran.", "attachments"
        )
    return [files.attachment_clean(raw, name=name) for name, raw in data.new_files or ()]


def _attachments(current: list[dict], data: AnnouncementInput, cleaned: list[files.CleanAttachment]) -> list[dict]:
    """The attachment list after the input's removals and additions."""
    removed = set(data.remove_files or ())
    kept = [a for a in current if a["sha256"] not in removed]
    known = {a["sha256"] for a in kept}
    for attachment in cleaned:
        if attachment.sha256 not in known:
            kept.append(attachment.record())
            known.add(attachment.sha256)
    if len(kept) > MAX_ATTACHMENTS:
        raise _refuse(
            AnnouncementErrorCode.TOO_MANY_ATTACHMENTS, f"Paling banyak {MAX_ATTACHMENTS} lampiran.", "attachments"
        )
    return kept


def _note(text: str, name: str) -> str:
    note = " ".join(str(text or "").split())
    if not NOTE_LENGTH[0] <= len(note) <= NOTE_LENGTH[1]:
        raise DomainError(ErrorCode.REASON_REQUIRED, "Tuliskan catatannya (10 sampai 1.000 karakter).", field=name)
    return note


def public_body(announcement: Announcement) -> dict:
    """The public fields as a version keeps them (times as ISO text)."""
    body = {}
    for name in ("title", "body", "title_en", "body_en", "category", "region_code", "event_location"):
        body[name] = getattr(announcement, name)
    for name in ("event_start", "event_end"):
        value = getattr(announcement, name)
        body[name] = value.isoformat() if value else None
    body["attachments"] = [dict(a) for a in announcement.attachments]
    return body


def _stamp(*region_codes: str) -> None:
    """Something the public sees changed under these regions: ``models.AnnouncementStamp``'s counters."""
    for code in set(region_codes):
        for level_code in {code, *codes_above(code)}:
            stamp, _ = AnnouncementStamp.objects.get_or_create(code=level_code)
            changes = {"subtree": F("subtree") + 1}
            if level_code == code:
                changes["own"] = F("own") + 1
            AnnouncementStamp.objects.filter(code=level_code).update(**changes)


# --- the steps ---------------------------------------------------------------------------------------


def _locked(pk: int) -> Announcement:
    announcement = Announcement.objects.select_for_update().filter(pk=pk).first()
    if announcement is None:
        raise NotFound(AnnouncementErrorCode.ANNOUNCEMENT_NOT_FOUND, "Pengumuman tidak ditemukan.", field="id")
    return announcement


def _phase(announcement: Announcement, now: datetime) -> Phase:
    return phase_of(announcement.state, announcement.publish_at, now)


def _record(actor: Actor, action: AnnouncementAuditAction, role: Role, announcement: Announcement, what: str) -> None:
    audit_record(actor=actor, action=action, role=role, object_code=str(announcement.pk), summary=what)


def _with_files(write, cleaned: list[files.CleanAttachment]):
    """Stores the new files, runs ``write`` (the service's transaction), and removes the files it stored
    should the transaction fail."""
    stored: list[Path | None] = []
    try:
        stored = [files.file_store(attachment) for attachment in cleaned]
        return write()
    except BaseException:
        files.file_discard(stored)
        raise


def announcement_create(*, actor: Actor, data: AnnouncementInput) -> Announcement:
    user = actor.officer()
    fields = _clean(data)
    role, issuer = announcement_authority(user, fields["region_code"])
    cleaned = _files_cleaned(data)
    attachments = _attachments([], data, cleaned)
    now = clock.now()

    def write() -> Announcement:
        with service_transaction():
            announcement = Announcement.objects.create(
                **fields,
                attachments=attachments,
                issuer=issuer,
                author=user,
                writer_ids=[user.pk],
                created_at=now,
                updated_at=now,
            )
            _record(
                actor, AnnouncementAuditAction.CREATE, role, announcement, f"pengumuman dibuat: {fields['category']}"
            )
        return announcement

    return _with_files(write, cleaned)


def announcement_update(*, actor: Actor, pk: int, data: AnnouncementInput) -> Announcement:
    """An edit before publication: the announcement goes back to draft, any approval void."""
    user = actor.officer()
    fields = _clean(data)
    cleaned = _files_cleaned(data)

    def write() -> Announcement:
        with service_transaction():
            announcement = _locked(pk)
            role, _ = announcement_authority(user, announcement.region_code)
            announcement_authority(user, fields["region_code"])
            now = clock.now()
            state = transition(_phase(announcement, now), Step.EDIT, actor_wrote=True)
            announcement.attachments = _attachments(announcement.attachments, data, cleaned)
            for name, value in fields.items():
                setattr(announcement, name, value)
            announcement.state = state
            announcement.publish_at = None
            announcement.approver = None
            announcement.approved_at = None
            announcement.submitted_at = None
            if user.pk not in announcement.writer_ids:
                announcement.writer_ids = [*announcement.writer_ids, user.pk]
            announcement.updated_at = now
            announcement.save()
            _record(actor, AnnouncementAuditAction.UPDATE, role, announcement, "pengumuman diubah, kembali ke draf")
        return announcement

    return _with_files(write, cleaned)


def _step(
    *, actor: Actor, pk: int, step: Step, action: AnnouncementAuditAction, change, publish_at: datetime | None = None
) -> Announcement:
    """A step that changes the state and little else: checked by the workflow's table, ``change(announcement,
    user, now, new_state)`` applies it and returns the audit summary."""
    user = actor.officer()
    with service_transaction():
        announcement = _locked(pk)
        role, _ = announcement_authority(user, announcement.region_code)
        now = clock.now()
        state = transition(
            _phase(announcement, now),
            step,
            actor_wrote=user.pk in announcement.writer_ids,
            publish_at=publish_at,
            now=now,
        )
        summary = change(announcement, user, now, state)
        announcement.state = state
        announcement.updated_at = now
        announcement.save()
        _record(actor, action, role, announcement, summary)
    return announcement


def announcement_submit(*, actor: Actor, pk: int) -> Announcement:
    def change(announcement, user, now, state):
        announcement.submitted_at = now
        announcement.review_note = ""
        return "pengumuman diajukan untuk diperiksa"

    return _step(actor=actor, pk=pk, step=Step.SUBMIT, action=AnnouncementAuditAction.SUBMIT, change=change)


def announcement_approve(*, actor: Actor, pk: int) -> Announcement:
    """A second person approves: the content is kept as the next version."""

    def change(announcement, user, now, state):
        announcement.approver = user
        announcement.approved_at = now
        announcement.version = (
            announcement.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        AnnouncementVersion.objects.create(
            announcement=announcement,
            number=announcement.version,
            body=public_body(announcement),
            written_by=user,
            written_at=now,
        )
        return f"pengumuman disetujui: versi {announcement.version}"

    return _step(actor=actor, pk=pk, step=Step.APPROVE, action=AnnouncementAuditAction.APPROVE, change=change)


def announcement_reject(*, actor: Actor, pk: int, note: str) -> Announcement:
    note = _note(note, "note")

    def change(announcement, user, now, state):
        announcement.review_note = note
        announcement.submitted_at = None
        return "pengumuman dikembalikan ke draf"

    return _step(actor=actor, pk=pk, step=Step.REJECT, action=AnnouncementAuditAction.REJECT, change=change)


def announcement_schedule(*, actor: Actor, pk: int, publish_at: datetime | str) -> Announcement:
    """The time it is published, which must lie ahead (``publish_at_past``); a str is read in the time
    zone of the announcement's region."""
    announcement = Announcement.objects.filter(pk=pk).only("region_code").first()
    zone = zone_of(announcement.region_code if announcement else "")
    moment = _moment(publish_at, zone, "publish_at")
    if moment is None:
        raise _refuse(AnnouncementErrorCode.PUBLISH_AT_INVALID, "Isi waktu terbit.", "publish_at")

    def change(announcement, user, now, state):
        announcement.publish_at = moment
        return f"pengumuman dijadwalkan: {moment.isoformat()}"

    return _step(
        actor=actor,
        pk=pk,
        step=Step.SCHEDULE,
        action=AnnouncementAuditAction.SCHEDULE,
        change=change,
        publish_at=moment,
    )


def announcement_correct(*, actor: Actor, pk: int, data: AnnouncementInput, note: str) -> Announcement:
    """A correction of a published announcement: shown at once, as a new version, with its note and what
    changed (no second review: a wrong date must be put right now, and the correction is public and
    audited)."""
    user = actor.officer()
    fields = _clean(data)
    note = _note(note, "note")
    cleaned = _files_cleaned(data)

    def write() -> Announcement:
        with service_transaction():
            announcement = _locked(pk)
            role, _ = announcement_authority(user, announcement.region_code)
            announcement_authority(user, fields["region_code"])
            now = clock.now()
            state = transition(_phase(announcement, now), Step.CORRECT, actor_wrote=True)
            before = public_body(announcement)
            old_region = announcement.region_code
            announcement.attachments = _attachments(announcement.attachments, data, cleaned)
            for name, value in fields.items():
                setattr(announcement, name, value)
            after = public_body(announcement)
            changed = changed_fields(before, after)
            if not changed:
                raise _refuse(
                    AnnouncementErrorCode.ANNOUNCEMENT_WRONG_STATE, "Ralat tidak mengubah apa pun.", "body"
                ) from None
            announcement.version += 1
            AnnouncementVersion.objects.create(
                announcement=announcement,
                number=announcement.version,
                body=after,
                note=note,
                written_by=user,
                written_at=now,
            )
            announcement.corrections = [
                *announcement.corrections,
                {"at": now.isoformat(), "note": note, "changed": changed, "version": announcement.version},
            ]
            announcement.state = state
            announcement.corrected_at = now
            announcement.updated_at = now
            announcement.save()
            _stamp(old_region, announcement.region_code)
            _record(
                actor,
                AnnouncementAuditAction.CORRECT,
                role,
                announcement,
                f"pengumuman diralat: versi {announcement.version}, {', '.join(changed)}",
            )
        return announcement

    return _with_files(write, cleaned)


def announcement_withdraw(*, actor: Actor, pk: int, reason: str) -> Announcement:
    reason = _note(reason, "reason")

    def change(announcement, user, now, state):
        was_public = _phase(announcement, now) == Phase.PUBLISHED
        announcement.withdraw_reason = reason
        announcement.withdrawn_at = now
        if was_public:
            _stamp(announcement.region_code)
        else:
            announcement.publish_at = None  # never published: nothing to say publicly
        return "pengumuman dicabut" + (" setelah terbit" if was_public else "")

    return _step(actor=actor, pk=pk, step=Step.WITHDRAW, action=AnnouncementAuditAction.WITHDRAW, change=change)
