"""The public channels: the region and announcement pages, RSS and Atom (valid by feedparser), the calendar
(parsed by icalendar), the JSON API; their tags (304 for a tag that still holds), their one query, and
bad input answered 4xx with its code."""

from datetime import timedelta

import feedparser
import pytest
from icalendar import Calendar

from suara.announcements.listing import ListQuery, listing_read
from suara.announcements.selectors import published_announcements
from suara.announcements.services import AnnouncementInput, announcement_correct, announcement_withdraw
from suara.announcements.tests.conftest import GOOD, PDF, draft, publish
from suara.audit.actors import Actor
from suara.core import clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(writers, later):
    """Published in Pancoran Mas: a recruitment notice with an English translation and a PDF, a briefing
    with an event; a draft; one scheduled for tomorrow."""
    author, second = writers["author"], writers["second"]
    start = clock.now() + timedelta(days=3)
    first = publish(
        author,
        second,
        title_en="KPPS recruitment in Pancoran Mas opens",
        body_en="KPU Depok opens the recruitment of KPPS members for the 2024 election in every kelurahan.",
        new_files=[("SK pendaftaran.pdf", PDF)],
    )
    event = publish(
        writers["kominfo"],
        second,
        title="Sosialisasi pemilih pemula di Balai Kota Depok",
        category="sosialisasi",
        region_code="3276",
        event_start=start,
        event_end=start + timedelta(hours=2),
        event_location="Balai Kota Depok",
    )
    later(timedelta(seconds=4))
    tomorrow = publish(author, second, title="Pengumuman hasil seleksi KPPS", at=clock.now() + timedelta(days=1))
    hidden = draft(author, title="Draf yang belum diperiksa")
    return {"first": first, "event": event, "tomorrow": tomorrow, "draft": hidden, "writers": writers}


def test_region_page_and_detail(client, board):
    html = client.get("/pengumuman/327601/").content.decode()
    assert board["first"].title in html and board["event"].title in html
    assert board["tomorrow"].title not in html and "Draf yang" not in html
    assert board["first"].title not in client.get("/pengumuman/3275/").content.decode()
    assert board["first"].title in client.get("/pengumuman/").content.decode()  # the nation: everything
    assert board["event"].title in client.get("/pengumuman/3276/?kategori=sosialisasi").content.decode()
    assert board["first"].title not in client.get("/pengumuman/3276/?kategori=sosialisasi").content.decode()
    assert client.get("/pengumuman/3276/?kategori=gosip").status_code == 404
    assert client.get("/pengumuman/3299/").status_code == 404
    assert client.get("/pengumuman/", {"wilayah": "3276"})["Location"] == "/pengumuman/3276/"
    page = client.get(f"/pengumuman/baca/{board['first'].pk}/")
    assert page.status_code == 200 and "SK pendaftaran.pdf" in page.content.decode()
    for hidden in ("tomorrow", "draft"):
        assert client.get(f"/pengumuman/baca/{board[hidden].pk}/").status_code == 404


def test_a_correction_is_shown_publicly_with_what_changed(client, board):
    author = Actor.of(board["writers"]["author"])
    first = board["first"]
    english = {"title_en": first.title_en, "body_en": first.body_en, "remove_files": []}
    data = AnnouncementInput(**{**GOOD, **english, "title": "Pendaftaran anggota KPPS Pancoran Mas diperpanjang"})
    announcement_correct(actor=author, pk=board["first"].pk, data=data, note="Masa pendaftaran diperpanjang.")
    html = client.get(f"/pengumuman/baca/{board['first'].pk}/").content.decode()
    assert "Diralat pada" in html and "Masa pendaftaran diperpanjang." in html and "judul" in html
    api = client.get(f"/api/v1/pengumuman/{board['first'].pk}").json()
    assert api["versi"] == 2 and api["ralat"][0]["diubah"] == ["title"]


def test_rss_and_atom_are_valid_feeds(client, board):
    for path, version in (("/pengumuman/327601/rss/", "rss20"), ("/pengumuman/327601/atom/", "atom10")):
        answer = client.get(path)
        assert answer.status_code == 200, answer.content
        feed = feedparser.parse(answer.content)
        assert feed.bozo == 0, feed.bozo_exception
        assert feed.version == version
        titles = [entry.title for entry in feed.entries]
        assert titles == [board["event"].title, board["first"].title]
        entry = feed.entries[1]
        assert entry.link.endswith(f"/pengumuman/baca/{board['first'].pk}/")
        assert entry.author == "KPU Kota Depok" and entry.tags[0].term
        assert entry.enclosures[0].type == "application/pdf"
        assert feed.feed.language == "id"
    english = feedparser.parse(client.get("/pengumuman/327601/rss/?bahasa=en").content)
    assert english.bozo == 0 and english.feed.language == "en"
    assert english.entries[1].title == "KPPS recruitment in Pancoran Mas opens"
    category = feedparser.parse(client.get("/pengumuman/3276/sosialisasi/atom/").content)
    assert category.bozo == 0 and [e.title for e in category.entries] == [board["event"].title]


def test_the_calendar_parses_and_holds_the_events(client, board):
    answer = client.get("/pengumuman/3276/acara.ics")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == board["event"].title and str(event["location"]) == "Balai Kota Depok"
    assert str(event["uid"]) == f"pengumuman-{board['event'].pk}@suara" and int(event["sequence"]) == 1
    assert event.decoded("dtstart") == board["event"].event_start
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2)


def test_the_api_lists_with_filters_and_answers_bad_ones_with_codes(client, board):
    answer = client.get("/api/v1/pengumuman", {"wilayah": "327601"})
    assert answer.status_code == 200 and answer["ETag"] and "public" in answer["Cache-Control"]
    listed = answer.json()
    assert [a["id"] for a in listed] == [board["event"].pk, board["first"].pk]
    assert listed[1]["judul_en"].startswith("KPPS") and listed[1]["lampiran"][0]["jenis"] == "application/pdf"
    assert listed[1]["penerbit"] == "KPU Kota Depok" and listed[0]["penerbit"] == "Diskominfo Kota Depok"
    only = client.get("/api/v1/pengumuman", {"wilayah": "3276", "kategori": "sosialisasi"}).json()
    assert [a["id"] for a in only] == [board["event"].pk]
    events = client.get("/api/v1/pengumuman", {"acara": "true"}).json()
    assert [a["id"] for a in events] == [board["event"].pk] and events[0]["tempat_acara"] == "Balai Kota Depok"
    assert len(client.get("/api/v1/pengumuman", {"batas": 1}).json()) == 1
    one = client.get(f"/api/v1/pengumuman/{board['first'].pk}")
    assert one.status_code == 200 and one.json()["judul"] == board["first"].title
    for params, status, code in (
        ({"wilayah": "3299"}, 404, "region_not_found"),
        ({"wilayah": "32x"}, 400, "invalid_region_code"),
        ({"kategori": "gosip"}, 400, "unknown_category"),
        ({"batas": 0}, 422, "invalid_input"),
        ({"batas": 101}, 422, "invalid_input"),
    ):
        answer = client.get("/api/v1/pengumuman", params)
        assert (answer.status_code, answer.json()["code"]) == (status, code), params
    for pk in (board["draft"].pk, board["tomorrow"].pk, 10**20):
        answer = client.get(f"/api/v1/pengumuman/{pk}")
        assert (answer.status_code, answer.json()["code"]) == (404, "announcement_not_found")


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/pengumuman/3299/rss/", 404, "region_not_found"),
        ("/pengumuman/3299/atom/", 404, "region_not_found"),
        ("/pengumuman/3299/acara.ics", 404, "region_not_found"),
        ("/pengumuman/3276/gosip/rss/", 404, "unknown_category"),
        ("/pengumuman/3276/rss/?bahasa=fr", 400, "unknown_language"),
        ("/pengumuman/3276/acara.ics?bahasa=jv", 400, "unknown_language"),
    ],
)
def test_a_feed_that_cannot_be_answered_says_why(client, board, path, status, code):
    answer = client.get(path)
    assert (answer.status_code, answer.json()["code"]) == (status, code)


@pytest.mark.parametrize(
    "path",
    ["/pengumuman/327601/rss/", "/pengumuman/327601/atom/", "/pengumuman/3276/acara.ics", "/pengumuman/327601/",
     "/api/v1/pengumuman?wilayah=327601", "/pengumuman/nasional/rss/"],
)  # fmt: skip
def test_a_cold_answer_costs_one_query_and_a_matching_tag_304(client, board, path, django_assert_num_queries):
    with django_assert_num_queries(1):
        answer = client.get(path)
    assert answer.status_code == 200
    etag = answer["ETag"]
    assert answer["Cache-Control"].startswith("public, max-age=")
    with django_assert_num_queries(1):
        again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    assert client.get(path, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304  # weakened by a compressing cache
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_tag_changes_with_a_correction_a_withdrawal_and_the_time_of_a_scheduled_one(client, board, later):
    path = "/pengumuman/327601/rss/"
    tags = [client.get(path)["ETag"]]
    elsewhere = client.get("/pengumuman/3275/rss/")["ETag"]
    author = Actor.of(board["writers"]["author"])
    data = AnnouncementInput(**{**GOOD, "body": GOOD["body"] + " Berkas diterima di kantor kelurahan."})
    announcement_correct(actor=author, pk=board["first"].pk, data=data, note="Tempat penerimaan berkas.")
    tags.append(client.get(path)["ETag"])
    assert client.get(path, HTTP_IF_NONE_MATCH=tags[0]).status_code == 200
    assert client.get("/pengumuman/3275/rss/")["ETag"] == elsewhere  # Bekasi's list did not change
    answer = client.get(path)
    assert 0 < int(answer["Cache-Control"].rsplit("=", 1)[1]) <= 60
    later(timedelta(days=1))  # tomorrow's is due: no write, yet a new list and a new tag
    answer = client.get(path)
    assert board["tomorrow"].title in feedparser.parse(answer.content).entries[0].title
    tags.append(answer["ETag"])
    announcement_withdraw(actor=author, pk=board["tomorrow"].pk, reason="Diumumkan ulang dengan data lengkap.")
    tags.append(client.get(path)["ETag"])
    assert len(set(tags)) == 4
    assert client.get(f"/pengumuman/baca/{board['tomorrow'].pk}/").status_code == 410


def test_max_age_stops_short_of_the_next_scheduled_time(client, board, later):
    later(timedelta(days=1) - timedelta(seconds=20))
    answer = client.get("/pengumuman/327601/rss/")
    assert int(answer["Cache-Control"].rsplit("=", 1)[1]) <= 20


def test_the_one_query_list_follows_the_published_rule(board, later):
    for code in ("", "32", "3276", "327601", "327602", "3275"):
        for category in (None, "rekrutmen", "sosialisasi"):
            listed = listing_read(ListQuery(code, category)).items
            assert [a.pk for a in listed] == [a.pk for a in published_announcements(code, category)[:50]]
    later(timedelta(days=2))
    assert [a.pk for a in listing_read(ListQuery("327601")).items] == [a.pk for a in published_announcements("327601")]


def test_attachments_are_public_only_while_published(client, board):
    first = board["first"]
    f = first.attachments[0]
    path = f"/pengumuman/baca/{first.pk}/lampiran/{f['sha256']}.pdf"
    answer = client.get(path)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert b"".join(answer.streaming_content) == PDF
    assert client.get(path, HTTP_IF_NONE_MATCH=f'"{f["sha256"]}"').status_code == 304
    assert client.get(f"/pengumuman/baca/{first.pk}/lampiran/{'0' * 64}.pdf").status_code == 404
    hidden = draft(board["writers"]["author"], new_files=[("rahasia.pdf", PDF + b"\n")])
    assert client.get(f"/pengumuman/baca/{hidden.pk}/lampiran/{hidden.attachments[0]['sha256']}.pdf").status_code == 404
    announcement_withdraw(actor=Actor.of(board["writers"]["author"]), pk=first.pk, reason="Dicabut untuk uji coba.")
    assert client.get(path).status_code == 404


def test_a_city_app_frames_the_region_page_privately_with_its_links_embedded(client, board):
    from conftest import make_officer
    from suara.integrations.services import integration_create, origin_add

    app = make_officer("depok_app", "integrator", "3276")
    integration = integration_create(actor=Actor.of(app), name="Depok Single Window")
    origin_add(actor=Actor.of(app), embed_id=integration.embed_id, origin="https://app.depok.go.id")
    framed = client.get(f"/sematkan/{integration.embed_id}/pengumuman/3276/")
    assert framed.status_code == 200 and framed["Cache-Control"].startswith("private")
    assert "frame-ancestors https://app.depok.go.id" in framed["Content-Security-Policy"]
    assert f'href="/sematkan/{integration.embed_id}/pengumuman/baca/{board["first"].pk}/"' in framed.content.decode()
    assert client.get("/pengumuman/3276/")["ETag"] != framed["ETag"]
