"""Rumour reports: checked whole, grouped with the same rumour (text, link, screenshot) and counted, each
report one audit event without personal data; refusals leave nothing behind (no row, no file); officers
link a group to a clarification or dismiss it."""

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.information.models import RumourGroup, RumourKey, RumourReport
from suara.information.screenshots import MAX_BYTES
from suara.information.services import ClarificationInput, clarification_publish
from suara.information.services_rumours import rumour_dismiss, rumour_link
from suara.information.tests.conftest import (
    GOOD,
    OTHER_RUMOUR,
    RUMOUR,
    RUMOUR_RETYPED,
    make,
    report,
    screenshot_bytes,
)

pytestmark = pytest.mark.django_db


def _files(private_dir) -> list:
    return sorted(p.name for p in private_dir.rglob("*") if p.is_file())


def test_the_same_rumour_is_grouped_and_counted(private_dir):
    first = report(link="https://www.facebook.com/contoh/posts/1?fbclid=x", screenshot=screenshot_bytes(1))
    assert not first.joined and first.group.report_count == 1 and first.answer is None
    by_text = report(RUMOUR_RETYPED)
    by_link = report("Lihat ini, benar tidak?", link="http://m.facebook.com/contoh/posts/1/")
    forwarded = screenshot_bytes(1, kind="JPEG", scale=0.5, quality=40)
    by_image = report("cek gambar ini dong, katanya dari grup WA", screenshot=forwarded)
    other = report(OTHER_RUMOUR)
    assert [r.joined for r in (by_text, by_link, by_image, other)] == [True, True, True, False]
    assert {by_text.group.pk, by_link.group.pk, by_image.group.pk} == {first.group.pk} != {other.group.pk}
    group = RumourGroup.objects.get(pk=first.group.pk)
    assert group.report_count == 4 and group.status == "open" and group.summary == RUMOUR
    assert RumourReport.objects.get(pk=first.report.pk).link_key == "https://facebook.com/contoh/posts/1"
    assert len(_files(private_dir)) == 2  # the two screenshots, privately
    assert RumourKey.objects.filter(group=group).count() > RumourKey.objects.filter(group=other.group).count()
    events = list(AuditEvent.objects.filter(action="information.rumour_report").values_list("summary", flat=True))
    assert len(events) == 5 and any("kemiripan: image" in e for e in events)
    assert all("depok" not in e.lower() and "facebook" not in e for e in events)


def test_a_flat_screenshot_and_a_front_page_link_do_not_group(private_dir):
    import io

    from PIL import Image

    blank = io.BytesIO()
    Image.new("RGB", (300, 500), (255, 255, 255)).save(blank, "PNG")
    one = report(
        "Kabar pertama tentang kotak suara yang hilang", link="https://www.facebook.com/", screenshot=blank.getvalue()
    )
    two = report(
        "Kabar kedua tentang formulir C1 yang dipalsukan", link="https://facebook.com", screenshot=blank.getvalue()
    )
    assert one.group.pk != two.group.pk
    assert RumourReport.objects.get(pk=one.report.pk).screenshot_dhash is None


@pytest.mark.parametrize(
    ("kwargs", "code", "status"),
    [
        ({"text": "pendek"}, "rumour_text_required", 400),
        ({"text": "x" * 2001}, "rumour_text_required", 400),
        ({"text": None}, "rumour_text_required", 400),
        ({"link": "javascript:alert(1)"}, "invalid_link", 400),
        ({"link": "https://"}, "invalid_link", 400),
        ({"link": "https://a.id/" + "x" * 500}, "invalid_link", 400),
        ({"screenshot": b"GIF89a not an image"}, "screenshot_not_image", 400),
        ({"screenshot": b"%PDF-1.4 ..."}, "screenshot_not_image", 400),
        ({"screenshot": screenshot_bytes(1)[:1500]}, "screenshot_not_image", 400),  # cut short
        ({"screenshot": screenshot_bytes(1, kind="JPEG")[:9000]}, "screenshot_not_image", 400),
        ({"screenshot": b"\x89PNG" + b"x" * MAX_BYTES}, "screenshot_too_large", 413),
        ({"contact": "0857"}, "contact_invalid", 400),
        ({"contact": "warga@"}, "contact_invalid", 400),
        ({"contact": "+1 202 555 0100"}, "contact_invalid", 400),
    ],
)
def test_bad_input_is_refused_with_its_code_and_nothing_stored(private_dir, kwargs, code, status):
    with pytest.raises(DomainError) as refused:
        report(**{"text": RUMOUR, **kwargs})
    assert refused.value.code == code and refused.value.status == status
    assert "0857" not in refused.value.message and "warga@" not in refused.value.message
    assert not RumourReport.objects.exists() and not RumourGroup.objects.exists()
    assert not AuditEvent.objects.filter(action="information.rumour_report").exists()
    assert _files(private_dir) == []


def test_a_failed_write_removes_the_screenshot_it_wrote(private_dir, monkeypatch):
    from suara.information import services_rumours

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services_rumours, "keys_file", broken)
    with pytest.raises(RuntimeError):
        report(screenshot=screenshot_bytes(3))
    assert _files(private_dir) == [] and not RumourReport.objects.exists()


def test_contacts_are_kept_normalised_and_only_while_there_is_no_answer(writers):
    phone = report(contact="0812-3456-7890")
    email = report(RUMOUR_RETYPED, contact=" warga@example.id ")
    assert RumourReport.objects.get(pk=phone.report.pk).contact == "6281234567890"
    assert RumourReport.objects.get(pk=email.report.pk).contact_kind == "email"
    draft = make(writers["author"])
    rumour_link(actor=Actor.of(writers["second"]), group_id=phone.group.pk, clarification_id=draft.pk)
    clarification_publish(actor=Actor.of(writers["second"]), pk=draft.pk)
    late = report(RUMOUR, contact="warga2@example.id")
    assert late.answer.pk == draft.pk and late.report.contact == "" and late.report.contact_kind == ""
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "6281234567890" not in summaries and "example.id" not in summaries


def test_officers_link_a_group_and_dismiss_another(writers):
    group = report().group
    other = report(OTHER_RUMOUR, contact="warga@example.id").group
    draft = make(writers["author"])
    linked = rumour_link(actor=Actor.of(writers["kominfo"]), group_id=group.pk, clarification_id=draft.pk)
    assert linked.status == "answered" and linked.clarification_id == draft.pk
    assert linked.decided_by == writers["kominfo"]
    with pytest.raises(DomainError) as again:
        rumour_link(actor=Actor.of(writers["author"]), group_id=group.pk, clarification_id=draft.pk)
    assert again.value.code == "rumour_group_decided" and again.value.status == 409
    dismissed = rumour_dismiss(actor=Actor.of(writers["author"]), group_id=other.pk, reason="Bukan tentang pemilu.")
    assert dismissed.status == "dismissed" and dismissed.dismissed_reason == "Bukan tentang pemilu."
    assert RumourReport.objects.get(group=other).contact == ""  # no answer will come: erased at once
    with pytest.raises(DomainError) as twice:
        rumour_dismiss(actor=Actor.of(writers["author"]), group_id=other.pk, reason="Sekali lagi.")
    assert twice.value.code == "rumour_group_decided"
    assert AuditEvent.objects.filter(action="information.rumour_link").count() == 1
    assert AuditEvent.objects.filter(action="information.rumour_dismiss").count() == 1
    # A dismissed group may still be answered later.
    assert rumour_link(actor=Actor.of(writers["author"]), group_id=other.pk, clarification_id=draft.pk).status == (
        "answered"
    )


def test_who_may_act_on_the_inbox(writers):
    group = report().group
    draft = make(writers["author"])
    for who in ("pps",):
        with pytest.raises(DomainError) as refused:
            rumour_link(actor=Actor.of(writers[who]), group_id=group.pk, clarification_id=draft.pk)
        assert refused.value.code == "forbidden"
    # A draft of another region is not Bekasi's to link; a published one is anyone's.
    with pytest.raises(DomainError) as refused:
        rumour_link(actor=Actor.of(writers["bekasi"]), group_id=group.pk, clarification_id=draft.pk)
    assert refused.value.code == "forbidden"
    assert RumourGroup.objects.get(pk=group.pk).status == "open"
    clarification_publish(actor=Actor.of(writers["second"]), pk=draft.pk)
    assert rumour_link(actor=Actor.of(writers["bekasi"]), group_id=group.pk, clarification_id=draft.pk).status == (
        "answered"
    )


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (
            lambda w, g, c: rumour_link(actor=Actor.of(w), group_id=999_999, clarification_id=c),
            "rumour_group_not_found",
        ),
        (
            lambda w, g, c: rumour_link(actor=Actor.of(w), group_id=g, clarification_id=999_999),
            "clarification_not_found",
        ),
        (lambda w, g, c: rumour_dismiss(actor=Actor.of(w), group_id=g, reason="ok"), "reason_required"),
        (lambda w, g, c: rumour_dismiss(actor=Actor.of(w), group_id=g, reason=None), "reason_required"),
    ],
)
def test_inbox_refusals_change_nothing(writers, call, code):
    group = report(contact="0812 3456 7890").group
    draft = make(writers["author"])
    with pytest.raises(DomainError) as refused:
        call(writers["author"], group.pk, draft.pk)
    assert refused.value.code == code
    assert RumourGroup.objects.get(pk=group.pk).status == "open"
    assert RumourReport.objects.get(group=group).contact == "6281234567890"


def test_a_clarification_started_from_a_group_answers_it(writers):
    group = report().group
    data = ClarificationInput(**{**GOOD, "rumour_group": group.pk})
    from suara.information.services import clarification_create

    clarification = clarification_create(actor=Actor.of(writers["author"]), data=data)
    group.refresh_from_db()
    assert group.status == "answered" and group.clarification_id == clarification.pk
    event = AuditEvent.objects.get(action="information.clarification_create")
    assert f"kelompok laporan {group.pk}" in event.summary
    with pytest.raises(DomainError) as again:
        clarification_create(actor=Actor.of(writers["author"]), data=data)
    assert again.value.code == "rumour_group_decided"
    assert not type(clarification).objects.exclude(pk=clarification.pk).exists()  # nothing half-applied
