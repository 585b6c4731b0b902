"""The daily watch: an organisation's watchlists (visible to its operators only, every change audited,
bad rows reported by line and code without their NIK), and its report at 17:00 WIB (or its own time),
written once a day by the scheduler's check, kept in the app and e-mailed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from suara.audit.models import AuditEvent
from suara.core.errors import DomainError, PermissionDenied
from suara.jobs.schedule import schedule
from suara.jobs.scheduler import periodic_outcomes_clear, periodic_run
from suara.parties.models import WatchEntry, WatchReport, WatchReportLine
from suara.parties.tests.watch_support import csv_file, freeze, listing, person, unlist, watch_world, wib
from suara.parties.watch.services import ADD, watch_report_run, watch_reports_due, watchlist_upload

pytestmark = pytest.mark.django_db

STAFF = person(1)
SPOUSE = person(2, sex="P")
CHILD = person(3, born=date(2005, 8, 1))


@pytest.fixture
def world(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    periodic_outcomes_clear()
    return watch_world()


def upload(world, rows, *, name="Staf", mode="ganti", actor=None):
    return watchlist_upload(
        actor=actor or world["operator"], organisation=world["depok"], name=name, data=csv_file(rows), mode=mode
    )


def watch_events():
    return list(AuditEvent.objects.filter(action__startswith="parties.watch").order_by("pk"))


# --- watchlists ----------------------------------------------------------------------------------------


def test_an_upload_replaces_or_adds_and_each_change_is_audited_without_a_nik(world):
    first = upload(world, [(STAFF, "Budi Santoso", "staf"), (SPOUSE, "Sri Wahyuni", "keluarga")])
    assert (first.added, first.updated, first.removed, first.problem_count) == (2, 0, 0, 0)
    added = upload(world, [(CHILD, "Agus Santoso", "keluarga"), (STAFF, "Budi Santoso S.", "staf")], mode=ADD)
    assert (added.added, added.updated, added.removed) == (1, 1, 0)
    assert WatchEntry.objects.get(nik=STAFF).name == "Budi Santoso S."
    replaced = upload(world, [(STAFF, "Budi Santoso", "")])
    assert (replaced.added, replaced.updated, replaced.removed) == (0, 1, 2)
    assert list(WatchEntry.objects.values_list("nik", flat=True)) == [STAFF]
    events = watch_events()
    assert [e.action for e in events] == ["parties.watchlist_upload"] * 3
    assert events[0].object_code == "kominfo-depok" and events[0].actor == "operator_depok"
    assert events[0].role == "organisation_operator"
    for event in events:
        assert STAFF not in event.summary and "Budi" not in event.summary and "Staf" not in event.summary


def test_bad_rows_are_reported_by_line_and_code_and_the_good_ones_go_in(world):
    rows = [
        (STAFF, "Budi Santoso", "staf"),  # line 2
        (STAFF[:15], "Pendek", ""),  # line 3
        (STAFF[:12] + "0000", "Nol", ""),  # line 4
        (STAFF[:6] + "99" + STAFF[8:], "Tanggal", ""),  # line 5: day 99
        (STAFF, "Budi Lagi", ""),  # line 6: twice in the file
        (SPOUSE, "", "keluarga"),  # line 7: no name
        (CHILD, "Agus", "x" * 101),  # line 8
        (person(4), "Rina"),  # line 9: a column missing
        ("'" + person(5), "Dewi Lestari", "staf"),  # line 10: a spreadsheet's text mark is fine
    ]
    outcome = upload(world, rows)
    assert outcome.added == 2 and outcome.problem_count == 7
    assert [(p["line"], p["code"]) for p in outcome.problems] == [
        (3, "nik_length"),
        (4, "nik_zero_serial"),
        (5, "nik_bad_date"),
        (6, "nik_duplicate_in_file"),
        (7, "name_missing"),
        (8, "note_too_long"),
        (9, "row_broken"),
    ]
    for problem in outcome.problems:
        assert STAFF[:6] not in problem["message"] and "Budi" not in problem["message"]
    assert set(WatchEntry.objects.values_list("nik", flat=True)) == {STAFF, person(5)}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"nik,nama\n\xff\xfe3276\n", "watch_file_not_utf8"),
        (b"nomor,nama\n3276011403850001,Budi\n", "watch_file_header"),
        (b"nik,nama\n\n", "watch_file_empty"),
        (b"", "watch_file_empty"),
        (b"nik,nama\n123,Budi\n", "watch_no_valid_rows"),
    ],
)
def test_a_file_refused_whole_changes_nothing(world, data, code):
    upload(world, [(STAFF, "Budi Santoso", "")])
    with pytest.raises(DomainError) as refused:
        watchlist_upload(actor=world["operator"], organisation=world["depok"], name="Staf", data=data)
    assert refused.value.code == code and refused.value.status == 400
    if code == "watch_no_valid_rows":
        assert refused.value.details == [
            {"line": 2, "code": "nik_length", "message": "NIK harus terdiri dari 16 digit."}
        ]
    assert list(WatchEntry.objects.values_list("nik", flat=True)) == [STAFF]
    assert len(watch_events()) == 1


def test_a_semicolon_file_with_english_headers_is_read(world):
    data = f"NIK;Name;Note\n{STAFF};Budi Santoso;staf\n".encode("utf-8-sig")
    outcome = watchlist_upload(actor=world["operator"], organisation=world["depok"], name="Staf", data=data)
    assert outcome.added == 1 and WatchEntry.objects.get().note == "staf"


@pytest.mark.parametrize(
    ("name", "mode", "code"),
    [
        ("", "ganti", "watchlist_name_invalid"),
        ("x" * 101, "ganti", "watchlist_name_invalid"),
        ("Staf", "hapus", "watchlist_mode_invalid"),
    ],
)
def test_a_bad_name_or_mode_is_refused(world, name, mode, code):
    with pytest.raises(DomainError) as refused:
        upload(world, [(STAFF, "Budi", "")], name=name, mode=mode)
    assert refused.value.code == code


def test_only_the_organisations_operators_may_keep_its_watchlists(world):
    for outsider in ("operator_bekasi", "party_operator"):
        with pytest.raises(PermissionDenied):
            upload(world, [(STAFF, "Budi", "")], actor=world[outsider])
        with pytest.raises(PermissionDenied):
            watch_report_run(actor=world[outsider], organisation=world["depok"])
    assert not WatchEntry.objects.exists() and not WatchReport.objects.exists()


# --- the daily report ------------------------------------------------------------------------------------


def test_at_1700_wib_the_scheduler_writes_the_report_with_the_new_listing_once_a_day(world, monkeypatch):
    freeze(monkeypatch, wib(2026, 3, 2, 9))
    upload(world, [(STAFF, "Budi Santoso", "staf"), (SPOUSE, "Sri Wahyuni", "keluarga")])
    listing(world["pkb"], STAFF, "BUDI SANTOSO", at=wib(2026, 3, 2, 10))
    listing(world["ppp"], person(9), "Orang Lain", at=wib(2026, 3, 2, 10))  # not watched

    freeze(monkeypatch, wib(2026, 3, 2, 16, 59))
    assert watch_reports_due() == 0
    assert not WatchReport.objects.exists()

    freeze(monkeypatch, wib(2026, 3, 2, 17, 0))
    assert periodic_run("party_watch")  # the scheduler's own entry runs the check
    report = WatchReport.objects.get()
    assert (report.day.isoformat(), report.trigger) == ("2026-03-02", "jadwal")
    assert (report.watched, report.listed, report.new, report.gone) == (2, 1, 1, 0)
    line = WatchReportLine.objects.get(report=report)
    assert (line.state, line.watched_name, line.note, line.party_name) == (
        "baru",
        "Budi Santoso",
        "staf",
        world["pkb"].name,
    )
    assert line.since == wib(2026, 3, 2, 10)

    freeze(monkeypatch, wib(2026, 3, 2, 17, 1))
    assert watch_reports_due() == 0
    freeze(monkeypatch, wib(2026, 3, 2, 23, 59))
    assert watch_reports_due() == 0
    assert WatchReport.objects.count() == 1
    assert [e.action for e in watch_events()] == ["parties.watchlist_upload", "parties.watch_report"]
    assert STAFF not in watch_events()[1].summary


def test_the_next_day_a_listing_gone_and_one_new_are_reported_and_the_rest_still_listed(world, monkeypatch):
    freeze(monkeypatch, wib(2026, 3, 2, 9))
    upload(world, [(STAFF, "Budi Santoso", "staf"), (SPOUSE, "Sri Wahyuni", "keluarga"), (CHILD, "Agus", "")])
    staff_pkb = listing(world["pkb"], STAFF, "BUDI SANTOSO", at=wib(2026, 3, 2, 10))
    listing(world["ppp"], SPOUSE, "SRI WAHYUNI", at=wib(2026, 3, 2, 10))
    freeze(monkeypatch, wib(2026, 3, 2, 17))
    assert watch_reports_due() == 1

    unlist(staff_pkb, at=wib(2026, 3, 3, 8))
    listing(world["ppp"], CHILD, "AGUS", at=wib(2026, 3, 3, 9))
    freeze(monkeypatch, wib(2026, 3, 3, 16))
    assert watch_reports_due() == 0
    freeze(monkeypatch, wib(2026, 3, 3, 17, 5))
    assert watch_reports_due() == 1
    second = WatchReport.objects.latest("created_at")
    assert (second.day.isoformat(), second.listed, second.new, second.gone) == ("2026-03-03", 2, 1, 1)
    states = dict(WatchReportLine.objects.filter(report=second).values_list("watched_name", "state"))
    assert states == {"Budi Santoso": "hilang", "Sri Wahyuni": "tetap", "Agus": "baru"}

    # A person taken off the watchlist is no longer reported, not even as gone.
    upload(world, [(STAFF, "Budi Santoso", "staf"), (SPOUSE, "Sri Wahyuni", "keluarga")])
    freeze(monkeypatch, wib(2026, 3, 4, 17))
    assert watch_reports_due() == 1
    third = WatchReport.objects.latest("created_at")
    assert (third.listed, third.new, third.gone) == (1, 0, 0)


def test_each_organisation_has_its_own_report_time(world, monkeypatch):
    from suara.accounts.organisations import OrganisationInput, organisation_save

    organisation_save(
        actor="test",
        data=OrganisationInput(
            code="kominfo-bekasi", name="Diskominfo Kota Bekasi", kind="diskominfo", report_time="07:30"
        ),
    )
    freeze(monkeypatch, wib(2026, 3, 2, 6))
    upload(world, [(STAFF, "Budi", "")])
    watchlist_upload(
        actor=world["operator_bekasi"], organisation=world["bekasi"], name="Staf", data=csv_file([(SPOUSE, "Sri", "")])
    )
    freeze(monkeypatch, wib(2026, 3, 2, 7, 30))
    assert watch_reports_due() == 1
    assert WatchReport.objects.get().organisation.code == "kominfo-bekasi"
    freeze(monkeypatch, wib(2026, 3, 2, 17))
    assert watch_reports_due() == 1
    assert WatchReport.objects.filter(organisation=world["depok"]).count() == 1


def test_an_organisation_without_a_watchlist_gets_no_report(world, monkeypatch):
    freeze(monkeypatch, wib(2026, 3, 2, 18))
    assert watch_reports_due() == 0


def test_the_report_is_emailed_without_the_nik(world, monkeypatch):
    freeze(monkeypatch, wib(2026, 3, 2, 9))
    upload(world, [(STAFF, "Budi Santoso", "staf")])
    listing(world["pkb"], STAFF, "BUDI SANTOSO", at=wib(2026, 3, 2, 10))
    freeze(monkeypatch, wib(2026, 3, 2, 17))
    watch_reports_due()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pantau@kominfo-depok.example"]
    assert "Diskominfo Kota Depok" in message.subject
    assert "Budi Santoso (staf): " + world["pkb"].name in message.body
    assert STAFF not in message.body and STAFF not in message.subject
    report = WatchReport.objects.get()
    assert report.emailed_to == 1 and report.emailed_at == wib(2026, 3, 2, 17) and not report.email_error


def test_a_failed_or_unconfigured_mail_keeps_the_report(world, monkeypatch, settings):
    freeze(monkeypatch, wib(2026, 3, 2, 9))
    upload(world, [(STAFF, "Budi Santoso", "staf")])

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("suara.parties.watch.mail.send_mail", refuse)
    report = watch_report_run(actor="test", organisation=world["depok"])
    report.refresh_from_db()
    assert report.email_error == "ConnectionRefusedError" and report.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    report = watch_report_run(actor="test", organisation=world["depok"])
    report.refresh_from_db()
    assert "SUARA_EMAIL_HOST" in report.email_error and WatchReport.objects.count() == 2


def test_the_schedule_checks_every_minute_on_the_worker(settings):
    entry = {p.name: p for p in schedule()}["party_watch"]
    assert entry.run == "suara.parties.watch.services.watch_reports_due"
    assert entry.every == settings.SUARA_WATCH_CHECK_SECONDS == 60 and entry.on_worker


def test_the_command_writes_a_report_on_demand(world, monkeypatch, capsys):
    freeze(monkeypatch, wib(2026, 3, 2, 12))
    upload(world, [(STAFF, "Budi Santoso", "staf")])
    listing(world["pkb"], STAFF, "BUDI SANTOSO", at=wib(2026, 3, 2, 10))
    call_command("parties", "watch-report", "--org", "kominfo-depok")
    out = capsys.readouterr().out
    assert "1 NIK dipantau, 1 tercatat, 1 baru, 0 hilang" in out and "surel ke 1 alamat" in out
    assert STAFF not in out and "Budi" not in out
    assert WatchReport.objects.get().trigger == "manual"
    # The on-demand report does not take the day's scheduled one.
    freeze(monkeypatch, wib(2026, 3, 2, 17))
    assert watch_reports_due() == 1
    assert WatchReport.objects.latest("created_at").new == 0  # already reported at noon
    with pytest.raises(CommandError, match="organisation_not_found"):
        call_command("parties", "watch-report", "--org", "tidak-ada")


# --- pages ---------------------------------------------------------------------------------------------


def test_the_operator_uploads_and_reads_the_report_on_the_pages(client, world, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    freeze(monkeypatch, wib(2026, 3, 2, 9))
    client.force_login(world["operator"])
    assert client.get("/petugas/partai/pantauan/").url == "/petugas/partai/pantauan/kominfo-depok/"
    bad = (STAFF[:10], "Pendek", "")
    data = csv_file([(STAFF, "Budi Santoso", "staf"), bad])
    page = client.post(
        "/petugas/partai/pantauan/kominfo-depok/unggah/",
        {"file": SimpleUploadedFile("staf.csv", data, "text/csv"), "name": "Staf", "mode": "ganti"},
    )
    html = page.content.decode()
    assert page.status_code == 200 and "1 NIK baru" in html and "nik_length" in html and STAFF[:10] not in html
    listing(world["pkb"], STAFF, "BUDI SANTOSO", at=wib(2026, 3, 2, 10))
    freeze(monkeypatch, wib(2026, 3, 2, 17))
    watch_reports_due()
    report = WatchReport.objects.get()
    html = client.get(f"/petugas/partai/pantauan/kominfo-depok/laporan/{report.pk}/").content.decode()
    assert "Budi Santoso" in html and world["pkb"].name in html and STAFF not in html and "327601······0001" in html
    watchlist = report.organisation.watchlists.get()
    html = client.get(f"/petugas/partai/pantauan/kominfo-depok/daftar/{watchlist.pk}/").content.decode()
    assert "Budi Santoso" in html and STAFF not in html


def test_another_organisations_operator_is_refused_every_page(client, world, monkeypatch):
    freeze(monkeypatch, wib(2026, 3, 2, 9))
    upload(world, [(STAFF, "Budi Santoso", "staf")])
    report = watch_report_run(actor="test", organisation=world["depok"])
    watchlist = world["depok"].watchlists.get()
    base = "/petugas/partai/pantauan/kominfo-depok/"
    for outsider in ("operator_bekasi", "party_operator"):
        client.force_login(world[outsider])
        for path in (base, f"{base}laporan/{report.pk}/", f"{base}daftar/{watchlist.pk}/"):
            page = client.get(path)
            assert page.status_code == 403 and "Budi" not in page.content.decode()
        assert client.post(f"{base}unggah/", {"name": "Staf", "mode": "ganti"}).status_code == 403
        assert client.post(f"{base}daftar/{watchlist.pk}/hapus/").status_code == 403
        assert client.get("/petugas/partai/pantauan/tidak-ada/").status_code == 403  # the same for no organisation
    client.force_login(world["party_operator"])
    assert client.get("/petugas/partai/pantauan/").status_code == 403
    client.logout()
    assert client.get(base).status_code == 302  # to sign-in
    assert WatchEntry.objects.count() == 1


def test_the_operator_deletes_a_watchlist(client, world):
    upload(world, [(STAFF, "Budi Santoso", "staf")])
    watchlist = world["depok"].watchlists.get()
    client.force_login(world["operator"])
    assert client.post(f"/petugas/partai/pantauan/kominfo-depok/daftar/{watchlist.pk}/hapus/").status_code == 302
    assert not WatchEntry.objects.exists() and not world["depok"].watchlists.exists()
    assert watch_events()[-1].action == "parties.watchlist_delete"


def test_the_demo_organisation_gets_a_watchlist_and_a_first_report_once(world, geography):
    from suara.accounts.demo import DEMO_ORGANISATION, demo_accounts_ensure
    from suara.parties.watch.demo import watch_demo_ensure

    listing(world["pkb"], STAFF, "BUDI SANTOSO", at=wib(2026, 3, 2, 10))
    demo_accounts_ensure(actor="test")
    assert watch_demo_ensure(organisation_code=DEMO_ORGANISATION.code, actor="test")
    report = WatchReport.objects.get(organisation__code=DEMO_ORGANISATION.code)
    assert report.watched == 6 and report.listed == 1 and report.new == 1
    assert not watch_demo_ensure(organisation_code=DEMO_ORGANISATION.code, actor="test")
