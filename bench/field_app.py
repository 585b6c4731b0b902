"""Benchmark: the KPPS field app's budgets on the wire (issue 16 §1), in Debian's Chromium against the
production server (`suara serve`: gunicorn, whitenoise's compressed static files, GZip for pages and JSON).

    .venv/bin/python bench/field_app.py                      # SQLite scratch database
    .venv/bin/python bench/field_app.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/field_app.py --size tiny          # CI: one later open instead of three

Every byte between the browser and the server passes through a small TCP proxy in this process, which
counts both directions (headers, bodies as compressed on the wire, the service worker's own fetches
included: nothing escapes a proxy, whichever part of the browser asks). Three figures, each with its
budget:

- first load: a KPPS just signed in opens /petugas/aplikasi/ for the first time: the page, its scripts
  and style, the manifest, the icons, the service worker and what it caches, the officer's data and the
  device token, until the service worker controls the page (budget 150 KB from the server);
- later open: the app opened again with the service worker in place (budget 5 KB from the server);
- a submission of form C.Hasil with three photographed pages (``conftest.form_page_photo``: an A4 page of
  figures with a camera's noise, 1240x1754 JPEG of about 270 KB each), compressed on the device, sent
  and accepted (budget 1 MB both ways).

Exits 1 when a budget is broken (or, in CI, when there is no Chromium).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

from support import PROJECT_DIR, django_setup, scratch_database, served, write_geography_slice

CHROMIUM = "/usr/bin/chromium"
APP = "/petugas/aplikasi/"
TPS_SLICE = ("3276",)  # Kota Depok
PASSWORD = "bench-field-app-password-1"
BUDGETS = {"first": 150 * 1024, "later": 5 * 1024, "submission": 1024 * 1024}


class CountingProxy:
    """A TCP proxy on a free loopback port to ``target``, counting the bytes each way."""

    def __init__(self, target: int):
        self.target = target
        self.down = 0  # server -> browser
        self.up = 0  # browser -> server
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self) -> None:
        with self.lock:
            self.down = self.up = 0

    def read(self) -> tuple[int, int]:
        with self.lock:
            return self.down, self.up

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        sockets = [client, server]
        try:
            while True:
                ready, _, _ = select.select(sockets, [], [], 60)
                if not ready:
                    return
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    other = server if s is client else client
                    other.sendall(data)
                    with self.lock:
                        if s is client:
                            self.up += len(data)
                        else:
                            self.down += len(data)
        except OSError:
            return
        finally:
            client.close()
            server.close()

    def close(self) -> None:
        self.closed = True
        self.listener.close()


def _prepare() -> None:
    """The 2024 geography of Kota Depok, the presidential count, one KPPS with a password."""
    from django.conf import settings
    from django.core.management import call_command

    from suara.accounts.services import role_assign, user_create
    from suara.audit.actors import Actor
    from suara.regions.services import geography_import, regions_load_kemendagri
    from suara.results.models import CountTps

    call_command("migrate", verbosity=0)
    workdir = Path(os.environ["SUARA_VAR_DIR"])
    workdir.mkdir(parents=True, exist_ok=True)
    wilayah, tps, _ = write_geography_slice(Path(settings.DATA_DIR), workdir, TPS_SLICE)
    regions_load_kemendagri(actor=Actor.named("bench"))
    geography_import(wilayah_path=wilayah, tps_path=tps, overseas_path=None, actor=Actor.named("bench"))
    call_command("load_elections", verbosity=0)
    call_command("recap", "prepare", "--election", "pemilu-2024", verbosity=0)
    code = CountTps.objects.filter(election__slug="pemilu-2024").order_by("code").values_list("code", flat=True)[0]
    user = user_create(username="bench_kpps", password=PASSWORD, actor=Actor.named("bench"))
    role_assign(user=user, role="kpps", scope=code, actor=Actor.named("bench"))
    from django.db import connections

    connections.close_all()


def _until(page, expression: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise RuntimeError(f"still false after {timeout} s: {expression}")
        time.sleep(0.1)


def _settle(proxy: CountingProxy, quiet: float = 1.5, timeout: float = 30) -> None:
    """Waits until no byte has moved for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    last, since = proxy.read(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = proxy.read()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def _tally() -> dict:
    import random

    from suara.results.demo import made_up_tally

    nested = made_up_tally(random.Random(16), 3)
    flat = {f"votes.{n}": v for n, v in nested["votes"].items()}
    flat.update({k: nested[k] for k in ("valid", "invalid", "total")})
    for group, parts in nested["voters"].items():
        flat.update({f"{group}.{p}": v for p, v in parts.items()})
    flat.update({f"ballots.{k}": v for k, v in nested["ballots"].items()})
    return flat


def measure(port: int, *, later_opens: int, workdir: Path) -> dict:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(PROJECT_DIR))
    from conftest import CHROMIUM_ARGS, form_page_photo

    proxy = CountingProxy(port)
    base = f"http://127.0.0.1:{proxy.port}"
    photos = []
    for n in (1, 2, 3):
        path = workdir / f"halaman-{n}.jpg"
        path.write_bytes(form_page_photo(n))
        photos.append(str(path))
    figures: dict = {"photo_input_bytes": sum(Path(p).stat().st_size for p in photos)}
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 390, "height": 844}, locale="id-ID",
        )  # fmt: skip
        context.set_default_timeout(60_000)
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(f"{base}/masuk/")
        page.fill('input[name="username"]', "bench_kpps")
        page.fill('input[name="password"]', PASSWORD)
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"{base}/dasbor/")
        _settle(proxy, quiet=0.5)

        proxy.reset()
        page.goto(base + APP)
        _until(page, "SuaraOutbox.kvGet('token').then(t => !!(t && t.token))")
        _until(page, "navigator.serviceWorker.controller !== null")
        _settle(proxy)
        figures["first"] = proxy.read()

        later = []
        for _ in range(later_opens):
            page.close()
            _settle(proxy, quiet=0.5)
            proxy.reset()
            page = context.new_page()
            page.goto(base + APP)
            page.locator("#entries [data-open]").first.wait_for()
            _settle(proxy)
            later.append(proxy.read())
        figures["later"] = max(later)

        page.locator("#entries [data-open]").first.click()
        for field, value in _tally().items():
            page.fill(f'input[name="{field}"]', str(value))
        page.set_input_files("#photo-input", photos)
        page.locator("#photo-list li").nth(2).wait_for()
        _settle(proxy, quiet=0.5)
        proxy.reset()
        started = time.monotonic()
        page.locator("#save").click()
        _until(page, "SuaraOutbox.entries().then(e => e.length && e[0].state === 'terkirim' && !e[0].photos_left)")
        figures["submission_seconds"] = time.monotonic() - started
        _settle(proxy)
        figures["submission"] = proxy.read()
        figures["photo_bytes"] = page.evaluate("SuaraOutbox.entries().then(e => e[0].photo_bytes)")
        context.close()
    proxy.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=("tiny", "full"), default="full")
    args = parser.parse_args()
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("field_app: Playwright is not installed")
        return 1 if os.environ.get("CI") else 0
    if not os.path.exists(CHROMIUM):
        print(f"field_app: no Chromium at {CHROMIUM} (apt-get install chromium)")
        return 1 if os.environ.get("CI") else 0
    with scratch_database("suara_bench_field_app", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        _prepare()
        with served(1, threads=4) as port:
            figures = measure(port, later_opens=1 if args.size == "tiny" else 3, workdir=workdir)
    first_down, first_up = figures["first"]
    later_down, later_up = figures["later"]
    sub_down, sub_up = figures["submission"]
    rows = [
        ("first load, from the server", first_down, BUDGETS["first"]),
        ("later open, from the server", later_down, BUDGETS["later"]),
        ("submission with 3 photo pages, both ways", sub_down + sub_up, BUDGETS["submission"]),
    ]
    print(f"field app budgets ({engine}, --size {args.size}); bytes on the wire, headers included")
    ok = True
    for label, got, budget in rows:
        verdict = "ok" if got <= budget else "OVER"
        ok = ok and got <= budget
        print(f"  {label:<45} {got / 1024:8.1f} KB   budget {budget / 1024:6.0f} KB   {verdict}")
    print(f"  (first load sent {first_up / 1024:.1f} KB up; later open {later_up / 1024:.1f} KB up)")
    print(
        f"  photos: {figures['photo_input_bytes'] / 1024:.0f} KB from the camera -> "
        f"{figures['photo_bytes'] / 1024:.0f} KB as compressed on the device; "
        f"submission {sub_up / 1024:.0f} KB up, {sub_down / 1024:.1f} KB down, "
        f"accepted in {figures['submission_seconds']:.1f} s on loopback"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
