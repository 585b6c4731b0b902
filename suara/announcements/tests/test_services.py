"""The workflow on the database: drafts, a second person's review, schedules ahead only, publication at its
time, corrections as versions, withdrawal; each write one audit event, nothing half-applied."""

from datetime import timedelta

import pytest

from suara.announcements import files
from suara.announcements.models import Announcement, AnnouncementStamp, AnnouncementVersion
from suara.announcements.selectors import published_announcements
from suara.announcements.services import (
    AnnouncementInput,
    announcement_approve,
    announcement_correct,
    announcement_reject,
    announcement_schedule,
    announcement_submit,
    announcement_update,
    announcement_withdraw,
)
from suara.announcements.tests.conftest import GOOD, PDF, draft, png_bytes, publish
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core import clock
from suara.core.errors import DomainError

pytestmark = pytest.mark.django_db


def _code(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


def test_a_draft_is_reviewed_by_a_second_person_then_published_at_its_time(writers, later):
    author, second = writers["author"], writers["second"]
    a = draft(author)
    assert a.state == "draft" and a.issuer == "KPU Kota Depok" and a.version == 0
    announcement_submit(actor=Actor.of(author), pk=a.pk)
    assert _code(lambda: announcement_approve(actor=Actor.of(author), pk=a.pk)) == "second_person_required"
    a = announcement_approve(actor=Actor.of(second), pk=a.pk)
    assert a.state == "approved" and a.version == 1 and a.approver == second
    assert AnnouncementVersion.objects.get(announcement=a, number=1).body["title"] == GOOD["title"]
    assert not published_announcements("3276").exists()
    when = clock.now() + timedelta(minutes=5)
    a = announcement_schedule(actor=Actor.of(author), pk=a.pk, publish_at=when)  # the author may time it
    assert a.state == "scheduled" and not published_announcements("3276").exists()
    later(timedelta(minutes=5))
    assert list(published_announcements("3276")) == [a]
    actions = list(AuditEvent.objects.filter(object_code=str(a.pk)).values_list("action", flat=True))
    assert actions == [
        "announcements.create",
        "announcements.submit",
        "announcements.approve",
        "announcements.schedule",
    ]


def test_scheduling_in_the_past_or_before_approval_is_refused(writers):
    author, second = writers["author"], writers["second"]
    a = draft(author)
    soon = clock.now() + timedelta(hours=1)
    assert _code(lambda: announcement_schedule(actor=Actor.of(second), pk=a.pk, publish_at=soon)) == (
        "announcement_wrong_state"
    )
    announcement_submit(actor=Actor.of(author), pk=a.pk)
    announcement_approve(actor=Actor.of(second), pk=a.pk)
    past = clock.now() - timedelta(minutes=1)
    assert _code(lambda: announcement_schedule(actor=Actor.of(second), pk=a.pk, publish_at=past)) == "publish_at_past"
    assert _code(lambda: announcement_schedule(actor=Actor.of(second), pk=a.pk, publish_at="besok")) == (
        "publish_at_invalid"
    )
    a.refresh_from_db()
    assert a.state == "approved" and a.publish_at is None


def test_a_schedule_typed_by_an_officer_is_read_in_the_regions_time_zone(writers):
    a = draft(writers["author"])
    announcement_submit(actor=Actor.of(writers["author"]), pk=a.pk)
    announcement_approve(actor=Actor.of(writers["second"]), pk=a.pk)
    day = (clock.now() + timedelta(days=2)).date()
    a = announcement_schedule(actor=Actor.of(writers["second"]), pk=a.pk, publish_at=f"{day}T09:00")
    assert a.publish_at.utcoffset() == timedelta(hours=7) and a.publish_at.hour == 9


def test_rejection_needs_a_second_person_and_a_note(writers):
    author, second = writers["author"], writers["second"]
    a = draft(author)
    announcement_submit(actor=Actor.of(author), pk=a.pk)
    assert _code(lambda: announcement_reject(actor=Actor.of(second), pk=a.pk, note="")) == "reason_required"
    assert _code(lambda: announcement_reject(actor=Actor.of(author), pk=a.pk, note="tanggalnya salah ketik")) == (
        "second_person_required"
    )
    a = announcement_reject(actor=Actor.of(second), pk=a.pk, note="Tanggal pendaftaran salah ketik.")
    assert a.state == "draft" and a.review_note.startswith("Tanggal")


def test_an_editor_may_not_approve_what_they_wrote(writers):
    author, second, kominfo = writers["author"], writers["second"], writers["kominfo"]
    a = draft(author)
    announcement_update(actor=Actor.of(second), pk=a.pk, data=AnnouncementInput(**{**GOOD, "title": "Judul diubah"}))
    announcement_submit(actor=Actor.of(author), pk=a.pk)
    assert _code(lambda: announcement_approve(actor=Actor.of(second), pk=a.pk)) == "second_person_required"
    a = announcement_approve(actor=Actor.of(kominfo), pk=a.pk)  # Diskominfo Depok reviews KPU's
    assert a.state == "approved"


def test_an_edit_after_approval_voids_it(writers):
    author, second = writers["author"], writers["second"]
    a = publish(author, second, at=clock.now() + timedelta(days=1))
    a = announcement_update(actor=Actor.of(author), pk=a.pk, data=AnnouncementInput(**{**GOOD, "title": "Judul baru"}))
    assert a.state == "draft" and a.publish_at is None and a.approver is None


def test_who_may_write(writers):
    assert _code(lambda: draft(writers["bekasi"])) == "forbidden"
    assert _code(lambda: draft(writers["pps"])) == "forbidden"
    assert draft(writers["kominfo"]).issuer == "Diskominfo Kota Depok"
    assert draft(writers["pemkot"]).issuer == "Pemerintah Kota Depok"
    assert _code(lambda: draft(writers["author"], region_code="")) == "forbidden"  # national: KPU RI's


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"title": "Hai"}, "title_required"),
        ({"body": "pendek"}, "body_required"),
        ({"category": "gosip"}, "unknown_category"),
        ({"region_code": "32769"}, "invalid_region_code"),
        ({"region_code": "3276999"}, "invalid_region_code"),
        ({"region_code": "327699"}, "region_not_found"),
        ({"title_en": "KPPS recruitment opens"}, "translation_incomplete"),
        ({"event_start": "kemarin"}, "event_invalid"),
        ({"event_start": "2024-02-10T10:00", "event_end": "2024-02-10T09:00"}, "event_invalid"),
        ({"event_end": "2024-02-10T09:00"}, "event_invalid"),
        ({"new_files": [("foto.jpg", b"not an image at all")]}, "attachment_invalid"),
        ({"new_files": [("sk.pdf", PDF[:-8])]}, "attachment_invalid"),
        ({"new_files": [("sk.pdf", PDF + b" " * (10 * 1024 * 1024))]}, "attachment_too_large"),
        ({"new_files": [(f"f{i}.pdf", PDF + bytes([i])) for i in range(6)]}, "too_many_attachments"),
    ],
)
def test_bad_input_is_refused_with_its_code_and_nothing_is_kept(writers, overrides, code):
    assert _code(lambda: draft(writers["author"], **overrides)) == code
    assert not Announcement.objects.exists() and not AuditEvent.objects.filter(action__startswith="ann").exists()
    assert not files.file_root().exists() or not any(files.file_root().rglob("*.*"))


def test_attachments_are_judged_by_content_and_kept_privately(writers):
    a = draft(writers["author"], new_files=[("../../SK KPU.jpg", PDF), ("peta.png", png_bytes())])
    assert [(x["extension"], x["name"]) for x in a.attachments] == [("pdf", "SK KPU.pdf"), ("png", "peta.png")]
    for x in a.attachments:
        assert files.file_path(x["sha256"], x["extension"]).is_file()
    a = announcement_update(
        actor=Actor.of(writers["author"]),
        pk=a.pk,
        data=AnnouncementInput(**GOOD, remove_files=[a.attachments[0]["sha256"]]),
    )
    assert [x["extension"] for x in a.attachments] == ["png"]


def test_a_failed_write_removes_the_files_it_stored(writers, monkeypatch):
    from suara.announcements import services

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "_record", broken)
    with pytest.raises(RuntimeError):
        draft(writers["author"], new_files=[("sk.pdf", PDF)])
    assert not Announcement.objects.exists()
    assert not any(files.file_root().rglob("*.pdf"))


def test_a_correction_is_a_new_version_shown_with_what_changed(writers, later):
    author, second = writers["author"], writers["second"]
    a = publish(author, second)
    later(timedelta(seconds=4))
    data = AnnouncementInput(**{**GOOD, "body": GOOD["body"] + " Pendaftaran sampai 20 Desember."})
    assert _code(lambda: announcement_correct(actor=Actor.of(author), pk=a.pk, data=data, note="")) == (
        "reason_required"
    )
    stamps = dict(AnnouncementStamp.objects.values_list("code", "subtree"))
    a = announcement_correct(actor=Actor.of(author), pk=a.pk, data=data, note="Batas pendaftaran ditambahkan.")
    assert a.version == 2 and a.state == "scheduled"
    assert a.corrections[0]["changed"] == ["body"] and a.corrections[0]["note"] == "Batas pendaftaran ditambahkan."
    assert [v.number for v in a.versions.all()] == [1, 2]
    after = dict(AnnouncementStamp.objects.values_list("code", "subtree"))
    assert {code: after[code] - stamps.get(code, 0) for code in after} == {"": 1, "32": 1, "3276": 1, "327601": 1}
    same = AnnouncementInput(**{**GOOD, "body": data.body})
    unchanged = lambda: announcement_correct(actor=Actor.of(author), pk=a.pk, data=same, note="Tidak ada apa-apa")  # noqa: E731
    assert _code(unchanged) == "announcement_wrong_state"


def test_only_a_published_announcement_is_corrected(writers):
    a = draft(writers["author"])
    data = AnnouncementInput(**GOOD)
    author = Actor.of(writers["author"])
    assert _code(lambda: announcement_correct(actor=author, pk=a.pk, data=data, note="x" * 12)) == (
        "announcement_wrong_state"
    )


def test_withdrawal_takes_it_off_every_channel(writers, later):
    a = publish(writers["author"], writers["second"])
    later(timedelta(seconds=4))
    assert published_announcements("3276").count() == 1
    assert _code(lambda: announcement_withdraw(actor=Actor.of(writers["author"]), pk=a.pk, reason="")) == (
        "reason_required"
    )
    a = announcement_withdraw(actor=Actor.of(writers["author"]), pk=a.pk, reason="Diganti pengumuman yang baru.")
    assert a.state == "withdrawn" and not published_announcements("3276").exists()
    assert _code(lambda: announcement_submit(actor=Actor.of(writers["author"]), pk=a.pk)) == "announcement_wrong_state"


def test_the_published_rule_covers_the_regions_above_and_beneath(writers, later):
    national = writers["author"]  # KPU Kota Depok cannot write nationally; KPU RI can
    from conftest import make_officer

    ri, ri2 = make_officer("kpu_ri_1", "kpu_ri", ""), make_officer("kpu_ri_2", "kpu_ri", "")
    n = publish(ri, ri2, region_code="", title="Jadwal tahapan Pemilu 2024 nasional")
    d = publish(national, writers["second"], region_code="3276", category="dpb")
    k = publish(national, writers["second"])  # Pancoran Mas
    b = publish(writers["bekasi"], make_officer("kpu_bekasi_2", "kpu_kabkota", "3275"), region_code="3275")
    later(timedelta(seconds=4))
    assert set(published_announcements("3276")) == {n, d, k}
    assert set(published_announcements("327601")) == {n, d, k}
    assert set(published_announcements("327602")) == {n, d}
    assert set(published_announcements("3275")) == {n, b}
    assert set(published_announcements("")) == {n, d, k, b}
    assert set(published_announcements("3276", "dpb")) == {d}
