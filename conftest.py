"""Fixtures shared by every app's tests.

``geography`` loads a real slice of the 2024 electoral geography straight from ../shared/data: all 38
provinces, and the whole of Kota Depok (3276) and Kota Bekasi (3275) down to their TPS. Tests that need
the national import run it themselves.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import os
from datetime import date

import pytest
from hypothesis import settings as hypothesis_settings

# No per-example deadline: tests never time code (benchmarks in bench/ do), and on a loaded CI machine a
# slow example is not a failing one.
hypothesis_settings.register_profile("suara", deadline=None)
hypothesis_settings.load_profile("suara")

SLICE = ("3275", "3276")


def _in_slice(code: str) -> bool:
    return len(code) == 2 or code.startswith(SLICE)


@functools.cache
def _slice_rows(data_dir: str) -> tuple[list[dict], list[dict]]:
    """The slice's rows of the 2024 files, read once per test session."""
    with open(f"{data_dir}/pemilu2024_wilayah.csv", encoding="utf-8", newline="") as f:
        regions = [row for row in csv.DictReader(f) if _in_slice(row["kode"])]
    with open(f"{data_dir}/pemilu2024_tps.csv", encoding="utf-8", newline="") as f:
        tps = [row for row in csv.DictReader(f) if row["kode_desa"].startswith(SLICE)]
    return regions, tps


LEVELS = {"provinsi": 1, "kabkota": 2, "kecamatan": 3, "desa": 4}
PARENT_LEN = {2: None, 4: 2, 6: 4, 10: 6}


@functools.cache
def _slice_tps(data_dir: str) -> tuple[tuple[tuple[str, str, int, str], ...], dict[str, int]]:
    """The slice's TPS as (code, desa, number, kind), and the number of TPS under each region code."""
    from suara.regions.models import Tps

    _regions, tps_rows = _slice_rows(data_dir)
    tps = []
    for row in tps_rows:
        desa = row["kode_desa"]
        tps += [
            (f"{desa}{n:03d}", desa, n, Tps.Kind.REGULAR.value) for n in range(1, int(row["jumlah_tps_reguler"]) + 1)
        ]
        if row["tps_khusus_dari"]:
            for n in range(int(row["tps_khusus_dari"]), int(row["tps_khusus_sampai"]) + 1):
                tps.append((f"{desa}{n:03d}", desa, n, Tps.Kind.SPECIAL.value))
    counts: dict[str, int] = {}
    for _code, desa, _n, _kind in tps:
        code = desa
        while code:
            counts[code] = counts.get(code, 0) + 1
            code = code[: PARENT_LEN[len(code)]] if PARENT_LEN[len(code)] else ""
    return tuple(tps), counts


@pytest.fixture
def geography(db, settings):
    """The slice's regions (returned by code) and TPS, written fresh for the test."""
    from suara.regions.models import Region

    region_rows, _tps_rows = _slice_rows(str(settings.DATA_DIR))
    tps, counts = _slice_tps(str(settings.DATA_DIR))
    regions = []
    for row in region_rows:
        code = row["kode"]
        cut = PARENT_LEN[len(code)]
        regions.append(
            Region(
                code=code,
                name=row["nama"],
                level=LEVELS[row["tingkat"]],
                parent_id=code[:cut] if cut else None,
                kemendagri_code=code if len(code) == 10 else "",
                kemendagri_match=Region.Match.CODE if len(code) == 10 else "",
                tps_count=counts.get(code, 0),
            )
        )
    with _foreign_keys_unchecked():
        Region.objects.bulk_create(sorted(regions, key=lambda r: len(r.code)), batch_size=2000)
        _insert_tps(tps)
    return {r.code: r for r in regions}


@contextlib.contextmanager
def _foreign_keys_unchecked():
    """On PostgreSQL, the slice's rows (valid: every parent is in the slice) are written without queueing a
    foreign-key check each: Django checks the queued ones at the end of every test, about 0.1 s a test for
    12,648 TPS in over a thousand tests. The regions tables have no trigger of their own."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        if cursor.fetchone()[0] != "on":  # the setting is a superuser's: checked as usual otherwise
            yield
            return
        cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            cursor.execute("SET session_replication_role = origin")


def _insert_tps(rows) -> None:
    """The slice's 12,648 TPS in one COPY (PostgreSQL) or executemany (SQLite): through bulk_create they
    cost about 1.5 s a test, nearly all of it building and preparing model instances, and over a thousand
    tests load the slice. The columns are the model's, so a new column with no default fails here loudly."""
    from django.db import connection

    from suara.regions.models import Tps

    fields = {f.attname: f for f in Tps._meta.concrete_fields}
    names = ["code", "desa_id", "number", "kind"]
    assert set(fields) == set(names), f"Tps has columns the fixture does not fill: {set(fields) - set(names)}"
    table = connection.ops.quote_name(Tps._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)", rows)  # noqa: S608 - names from the model


@pytest.fixture
def pemilu_2024(db):
    from suara.audit.actors import Actor
    from suara.elections.services import elections_load

    elections_load(actor=Actor.named("test"))
    from suara.elections.models import Election

    return Election.objects.get(slug="pemilu-2024")


@pytest.fixture
def fixed_today(monkeypatch):
    """Sets the site's idea of today (``suara.core.clock.today``): call it with a date."""
    from suara.core import clock

    def fix(day: date) -> None:
        monkeypatch.setattr(clock, "today", lambda: day)

    return fix


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page(monkeypatch):
    """A Playwright page in Debian's Chromium (Playwright downloads no browser here), 390 px wide.

    In CI a missing Chromium fails the test; elsewhere it skips. Playwright's sync API runs an event
    loop in this thread, so Django's async-safety check is lifted for the test's own database calls.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        message = f"no Chromium at {CHROMIUM}: apt-get install chromium (./run test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
    # The live server's threads leave connections behind; close them so the test database can be dropped.
    from django.db import connections

    connections.close_all()


@pytest.fixture
def browser_db(page):
    """Closes the connections the test's own database calls opened while Playwright's loop ran; left open,
    they keep PostgreSQL from dropping the test database at the end of the session."""
    yield
    from django.db import connections

    connections.close_all()


def sign_in_as(page, live_server, user) -> None:
    """The browser signed in as ``user``: a session made by Django's test client, its cookie handed over
    (signing in has browser tests of its own)."""
    from django.conf import settings as django_settings
    from django.test import Client

    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def wsgi_app(db):
    """The real WSGI application. Django closes "old" connections at each request's start and end, which
    inside a test's transaction would poison it; its own test client disconnects them too."""
    from django.core import signals
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def counting(geography, pemilu_2024):
    """The 2024 presidential count ready for entries over the geography slice."""
    from suara.audit.actors import Actor
    from suara.results.geography import count_geography_prepare

    count_geography_prepare(election=pemilu_2024, actor=Actor.named("test"))
    return pemilu_2024


def make_officer(username: str, role: str, scope: str):
    from suara.accounts.services import role_assign, user_create
    from suara.audit.actors import Actor

    user = user_create(username=username, password="correct-horse-battery-staple", actor=Actor.named("test"))
    role_assign(user=user, role=role, scope=scope, actor=Actor.named("test"))
    return user


@pytest.fixture
def officers(counting):
    """A KPPS at TPS 3276011006001, the PPK of its kecamatan (two, for four-eyes approval), the KPPS of
    a Bekasi TPS, and KPU Kota Depok."""
    return {
        "kpps": make_officer("kpps_001", "kpps", "3276011006001"),
        "kpps_002": make_officer("kpps_002", "kpps", "3276011006002"),
        "kpps_bekasi": make_officer("kpps_bekasi", "kpps", "3275011001001"),
        "ppk": make_officer("ppk_a", "ppk", "327601"),
        "ppk_b": make_officer("ppk_b", "ppk", "327601"),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "kpu_ri": make_officer("kpu_ri", "kpu_ri", ""),
    }


def consistent_tally(votes=(40, 35, 25), invalid=5, dpt=(100, 100)):
    """A tally a careful KPPS would write for the three 2024 pairs."""
    valid = sum(votes)
    total = valid + invalid
    men = total // 2
    tally = {f"votes.{n}": v for n, v in enumerate(votes, start=1)}
    tally.update({"valid": valid, "invalid": invalid, "total": total})
    tally.update({"dpt.l": dpt[0], "dpt.p": dpt[1], "dpt.j": sum(dpt)})
    tally.update({"voted_dpt.l": men, "voted_dpt.p": total - men, "voted_dpt.j": total})
    for group in ("voted_dptb", "voted_dpk"):
        tally.update({f"{group}.l": 0, f"{group}.p": 0, f"{group}.j": 0})
    tally.update({"voted_total.l": men, "voted_total.p": total - men, "voted_total.j": total})
    tally.update({"ballots.received": total + 10, "ballots.used": total, "ballots.unused": 8, "ballots.damaged": 2})
    return tally


def photo_bytes(kind: str = "JPEG", *, exif: bool = False, color=(200, 200, 200)) -> bytes:
    import io

    from PIL import Image

    image = Image.new("RGB", (64, 48), color)
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x8825] = {2: (6, 24, 0)}  # GPS latitude
        image.save(out, kind, exif=data.tobytes())
    else:
        image.save(out, kind)
    return out.getvalue()


def form_page_photo(seed: int = 1) -> bytes:
    """A phone's photo of a form C.Hasil page, as far as its bytes go: an A4 page at 150 dpi with a ruled
    table of figures and a little sensor noise (a clean drawing compresses far better than a photo), as
    the camera saves it (JPEG, quality 92). For the field app's tests and benchmark."""
    import io
    import random

    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.new("L", (1240, 1754), 238)
    draw = ImageDraw.Draw(image)
    for row in range(40):
        y = 120 + row * 38
        draw.line([(80, y), (1160, y)], fill=90, width=2)
        draw.text((100, y + 10), f"{row + 1:02d}  Perolehan suara pasangan calon", fill=30)
        draw.text((900, y + 10), str(rng.randint(0, 300)), fill=20)
    for x in (80, 880, 1160):
        draw.line([(x, 120), (x, 120 + 39 * 38)], fill=90, width=2)
    noise = Image.effect_noise(image.size, 18).filter(ImageFilter.GaussianBlur(0.6))
    image = Image.blend(image, noise, 0.08).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _process_local_caches_cleared():
    """Each test starts with every process-local cache empty (``core.caches``): the tests run the caches
    production runs, and one test's rows (whose ids repeat in the next test's database) never answer in
    another."""
    from suara.core import caches

    caches.clear_all()


@pytest.fixture(autouse=True)
def _force_login_is_a_whole_sign_in(monkeypatch):
    """``client.force_login`` stands for a finished sign-in, its second step included: without this every
    test of a role that needs two-factor sign-in would first be sent through it
    (``portal.middleware.TwoFactorSessionMiddleware``). Tests of the second step sign in through the pages."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    plain = Client.force_login

    def force_login(self, user, backend=None):
        plain(self, user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = "otp_totp.totpdevice/test"
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


class LookupTwin:
    """A private lookup's fast path (``people.lookup_fast``) beside the full stack: ``both`` sends one body to
    each (from its own client address) and ``same`` asserts that status, bytes and headers are equal; ``calls``
    counts the answers the fast path gave, to show that it did answer."""

    def __init__(self, url: str, handler, monkeypatch):
        self.url = url
        self.calls: list[int] = []
        answer = handler.answer

        def counted(request, payload):
            self.calls.append(1)
            return answer(request, payload)

        monkeypatch.setattr(handler, "answer", counted)

    def both(self, client, body, *, address: str, **headers):
        """The answer with the fast path, then without it (from 10.0.1.<address>, then 10.0.2.<address>)."""
        import json

        from django.conf import settings
        from django.test import Client, override_settings

        data = body if isinstance(body, str | bytes) else json.dumps(body)
        fast = client.post(self.url, data, content_type="application/json", REMOTE_ADDR=f"10.0.1.{address}", **headers)
        full_stack = [m for m in settings.MIDDLEWARE if m != "suara.core.fastpath.FastPathMiddleware"]
        with override_settings(MIDDLEWARE=full_stack):
            full = Client().post(
                self.url, data, content_type="application/json", REMOTE_ADDR=f"10.0.2.{address}", **headers
            )
        return fast, full

    @staticmethod
    def same(fast, full) -> None:
        assert fast.status_code == full.status_code
        assert fast.content == full.content
        assert sorted(fast.items()) == sorted(full.items())


@pytest.fixture
def lookup_twin(monkeypatch):
    """``lookup_twin(url, handler)``: a ``LookupTwin`` of the lookup API at ``url`` and its fast-path handler
    (the one its app declares in ``fastroutes.py``), for the byte-for-byte tests of every private lookup."""
    return lambda url, handler: LookupTwin(url, handler, monkeypatch)
