"""The pure rules: whom an item reaches, a playlist's assets and entries, a push subscription's
endpoint and keys, the notification's payload."""

from __future__ import annotations

import base64
import csv
import io
import json
from datetime import date, time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given
from hypothesis import strategies as st

from suara.channels import playlist, pushrules, reach
from suara.channels.item import Item
from suara.channels.tests.conftest import WHEN, make_item

CODES = st.sampled_from(["", "32", "3276", "327601", "3276011006", "3275", "327501", "31", "3171"])
HOSTS = ("fcm.googleapis.com", "updates.push.services.mozilla.com")


@given(item=CODES, audience=CODES)
def test_an_item_reaches_its_line(item, audience):
    above, prefix = reach.line_of(item)
    by_query = audience in above or audience.startswith(prefix)
    assert reach.reaches(item, audience) == by_query
    assert reach.reaches(item, audience) == (item.startswith(audience) or audience.startswith(item))


def test_a_national_item_reaches_everyone_and_a_kecamatan_reaches_its_city():
    assert reach.reaches("", "3276011006")
    assert reach.reaches("327601", "3276") and reach.reaches("327601", "") and reach.reaches("327601", "32")
    assert not reach.reaches("327601", "3275") and not reach.reaches("327601", "327602")


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, "jpg"),
        (b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 10, "webp"),
        (b"\0\0\0\x20ftypisom\0\0\0\0" + b"\0" * 10, "mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\0" * 10, "webm"),
        (b"GIF89a" + b"\0" * 20, None),
        (b"%PDF-1.7" + b"\0" * 20, None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'>", None),
        (b"\0\0\0\x20ftypXXXX" + b"\0" * 10, None),
    ],
)
def test_an_asset_is_judged_by_its_bytes(head, kind):
    assert playlist.sniff(head) == kind


def test_windows_dates_and_slots():
    assert playlist.parse_window("06:00", "22:00") == (time(6), time(22))
    assert playlist.parse_window("22:00", "06:00") is None  # an end before a start
    assert playlist.parse_window("10:00", "10:00") is None
    assert playlist.parse_window("25:00", "26:00") is None and playlist.parse_window("", "") is None
    assert playlist.parse_dates("2024-02-01", "2024-02-14") == (date(2024, 2, 1), date(2024, 2, 14))
    assert playlist.parse_dates("2024-02-14", "2024-02-01") is None
    assert playlist.parse_dates("2024-02-30", "2024-03-01") is None
    assert [playlist.slot_ok(v) for v in (0, 1, 600, 601, True, 15.0, "15")] == [False, True, True, False] + [False] * 3


def test_the_schedule_csv_does_not_run_as_a_formula():
    row = playlist.ScheduleRow(1, "=HYPERLINK(\"x\")", "image", "image/png", 15, time(6), time(22),
                               date(2024, 2, 1), date(2024, 2, 14), "https://x/a.png", "x.png", "a" * 64)  # fmt: skip
    rows = list(csv.reader(io.StringIO(playlist.schedule_csv([row]))))
    assert rows[0] == list(playlist.CSV_COLUMNS) and rows[1][1] == '\'=HYPERLINK("x")'
    assert rows[1][5:7] == ["06:00", "22:00"]


def _key_pair() -> tuple[str, str]:
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()  # noqa: E731
    return b64(point), b64(b"0123456789abcdef")


@pytest.mark.parametrize(
    ("endpoint", "ok"),
    [
        ("https://fcm.googleapis.com/fcm/send/abc:def", True),
        ("https://updates.push.services.mozilla.com/wpush/v2/gAAA", True),
        ("https://eu.fcm.googleapis.com/x", True),
        ("http://fcm.googleapis.com/fcm/send/abc", False),
        ("https://fcm.googleapis.com.evil.example/x", False),
        ("https://evilfcm.googleapis.com.example/x", False),
        ("https://user:pw@fcm.googleapis.com/x", False),
        ("https://169.254.169.254/latest/meta-data", False),
        ("https://fcm.googleapis.com/a b", False),
        ("https://fcm.googleapis.com/" + "a" * 1000, False),
        ("", False),
        (None, False),
        (["https://fcm.googleapis.com/"], False),
        ("https://fcm.googleapis.com:99999/x", False),
    ],
)
def test_an_endpoint_must_be_a_known_push_service(endpoint, ok):
    assert pushrules.endpoint_ok(endpoint, HOSTS) is ok


def test_keys_must_be_a_p256_point_and_sixteen_bytes():
    p256dh, auth = _key_pair()
    assert pushrules.keys_ok(p256dh, auth)
    assert not pushrules.keys_ok(p256dh, auth[:-2])
    assert not pushrules.keys_ok("BA" + p256dh[2:-4] + "AAAA", auth)  # not on the curve (almost surely)
    assert not pushrules.keys_ok(p256dh + "==x", auth)
    assert not pushrules.keys_ok(None, auth) and not pushrules.keys_ok(p256dh, 16)
    assert not pushrules.keys_ok(base64.urlsafe_b64encode(b"\x04" + b"\0" * 64).decode(), auth)


@given(title=st.text(min_size=1, max_size=500).filter(str.strip), body=st.text(max_size=50_000))
def test_a_notification_fits_a_push_message(title, body):
    data = pushrules.payload(make_item(title=title, body=body))
    assert len(data) <= pushrules.PAYLOAD_MAX_BYTES
    parsed = json.loads(data)
    assert parsed["url"] == "https://suara.example.id/pengumuman/42/" and parsed["tag"] == "announcement:42:v1"


def test_an_item_refuses_a_caller_s_mistakes():
    with pytest.raises(ValueError, match="aware"):
        make_item(published_at=WHEN.replace(tzinfo=None))
    with pytest.raises(ValueError, match="url"):
        make_item(url="/pengumuman/42/")
    with pytest.raises(ValueError, match="region_code"):
        make_item(region_code="327")
    with pytest.raises(ValueError, match="key"):
        make_item(key="a key")
    assert isinstance(make_item(), Item)
