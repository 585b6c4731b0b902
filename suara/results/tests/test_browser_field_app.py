"""The KPPS field app in a real Chromium: installed once with a network, then entering form
C.Hasil with its photos where there is none. The entry waits on the device through a reload and a
browser closed and opened again, and is sent once when the network returns; ten failed tries (half of
them reaching the server) count it once; two tabs send it once; on a 2G link (250 kbit/s down, 50 up,
800 ms round trip) a three-photo entry is accepted within 60 s; with no page of the app open, a sync
event has the service worker send the queue itself.

Until the server takes photos apart from the tally (PUT /api/v1/photos/<sha256>, helper "photos"), the
app sends them inside the tally (base64), which is what these tests go through; the chunked path runs
through the same sender once the endpoint answers."""

from __future__ import annotations

import os
import time

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, form_page_photo
from suara.results.models import ResultPhoto, ResultVersion, TpsResult
from suara.results.tests.support import PASSWORD, TALLY

playwright_api = pytest.importorskip("playwright.sync_api")

TPS = "3276011006001"
APP = "/petugas/aplikasi/"


def form_page(path, seed: int) -> str:
    path.write_bytes(form_page_photo(seed))
    return str(path)


@pytest.fixture
def pw(monkeypatch):
    """Playwright with Debian's Chromium; each test launches the contexts it needs (some persistent)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The service worker's own requests obey the context's offline switch and routes (Background Sync
    # fires when the real network is up, and would otherwise send from the worker while the page is
    # "offline").
    monkeypatch.setenv("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
    with sync_api.sync_playwright() as playwright:
        yield playwright
    from django.db import connections

    connections.close_all()


def persistent(pw, user_data, *, offline: bool = False):
    context = pw.chromium.launch_persistent_context(
        str(user_data), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 390, "height": 844}, locale="id-ID", offline=offline,
    )  # fmt: skip
    context.set_default_timeout(20_000)
    # Chromium's emulated offline does not reach the service worker, and Background Sync fires when the
    # machine's real network is up: a sync left pending would be sent by the worker as the browser
    # restarts "offline". So this context registers none; the page's own triggers are what is tested.
    context.add_init_script("if (self.SyncManager) SyncManager.prototype.register = () => Promise.resolve();")
    return context


class Watch:
    """Script errors and CSP violations of every page of a context, and the tallies it POSTs."""

    def __init__(self, context):
        self.problems: list[str] = []
        self.posts = 0
        context.on("page", self.attach)
        for page in context.pages:
            self.attach(page)
        context.on("request", self.request)

    def attach(self, page):
        page.on("console", lambda m: self.problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda exc: self.problems.append(str(exc)))

    def request(self, req):
        if req.method == "POST" and req.url.endswith("/api/v1/results"):
            self.posts += 1


def photos_endpoint() -> bool:
    """Whether the server takes photos apart from the tally (PUT /api/v1/photos/<sha256>)."""
    from django.test import Client

    return Client().get("/api/v1/photos/" + "0" * 64).status_code != 404


def until(page, expression: str, timeout: float = 20) -> None:
    """Polls a script expression until it is true (wait_for_function evaluates text, which the page's
    Content-Security-Policy forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.1)


def sign_in_and_install(page, base: str) -> None:
    """The one sign-in with a network: the app keeps the officer's data and a device token, and the
    service worker controls the page."""
    page.goto(f"{base}/masuk/?next={APP}")
    page.fill('input[name="username"]', "kpps_001")
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(base + APP)
    until(page, "SuaraOutbox.kvGet('token').then(t => !!(t && t.token))")
    until(page, "navigator.serviceWorker.controller !== null")
    playwright_api.expect(page.locator("#entries")).to_contain_text("TPS 001")


def enter(page, photos: list[str], tally=TALLY) -> None:
    page.locator("#entries [data-open]").first.click()
    for field, value in tally.items():
        page.fill(f'input[name="{field}"]', str(value))
    page.set_input_files("#photo-input", photos)
    playwright_api.expect(page.locator("#photo-list li")).to_have_count(len(photos))
    page.locator("#save").click()
    playwright_api.expect(page.locator("#outbox li")).to_have_count(1)


def state(page):
    return page.locator("#outbox li [data-state]")


@pytest.mark.browser
def test_an_entry_made_offline_survives_reload_and_restart_and_is_sent_once(
    transactional_db, live_server, officers, pw, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    expect = playwright_api.expect
    photos = [form_page(tmp_path / f"halaman-{n}.jpg", n) for n in (1, 2)]
    user_data = tmp_path / "profile"

    context = persistent(pw, user_data)
    watch = Watch(context)
    page = context.pages[0] if context.pages else context.new_page()
    sign_in_and_install(page, live_server.url)

    context.set_offline(True)
    page.reload()  # the shell comes from the service worker
    expect(page.locator("#net")).to_contain_text("Tidak ada sinyal")
    enter(page, photos)
    expect(state(page)).to_have_attribute("data-state", "menunggu")  # saved offline
    kept = page.evaluate("SuaraOutbox.entries().then(e => e.map(x => [x.submission_id, x.photo_hashes.length]))")
    [[submission_id, pages]] = kept
    assert pages == 2 and len(submission_id) >= 32
    sizes = page.evaluate("SuaraOutbox.entries().then(e => e[0].photo_bytes)")
    assert sizes <= 2 * 300 * 1024

    page.reload()
    expect(state(page)).to_have_attribute("data-state", "menunggu")
    context.close()
    assert not TpsResult.objects.exists()

    # The browser started again, still without a network: the entry is there, with the same id.
    # Offline from its first moment: the pending Background Sync would otherwise fire as it starts.
    context = persistent(pw, user_data, offline=True)
    watch2 = Watch(context)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(live_server.url + APP)
    expect(state(page)).to_have_attribute("data-state", "menunggu")
    assert page.evaluate("SuaraOutbox.entries().then(e => e[0].submission_id)") == submission_id
    assert not TpsResult.objects.exists()

    context.set_offline(False)
    expect(state(page)).to_have_attribute("data-state", "terkirim", timeout=30_000)
    expect(page.locator("#outbox [data-version]")).to_contain_text("versi 1")
    result = TpsResult.objects.get()
    assert result.tally == TALLY
    assert ResultVersion.objects.count() == 1
    # The tally goes first naming its photos by hash; the photos follow in chunks and are attached.
    deadline = time.monotonic() + 60
    while ResultPhoto.objects.filter(version__result=result).count() < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert ResultPhoto.objects.filter(version__result=result).count() == 2
    assert not ResultVersion.objects.get().photos_pending
    expect(page.locator("#entries")).to_contain_text("Terkirim")
    page.reload()  # the state is kept
    expect(state(page)).to_have_attribute("data-state", "terkirim")
    assert watch.problems == [] and watch2.problems == []
    context.close()


@pytest.mark.browser
def test_ten_failed_tries_count_the_entry_once(transactional_db, live_server, officers, pw, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    context.set_default_timeout(20_000)
    watch = Watch(context)
    page = context.new_page()
    sign_in_and_install(page, live_server.url)
    page.evaluate("SuaraOutbox.config.base = 150; SuaraOutbox.config.cap = 600")

    tries = {"n": 0, "reached": 0}

    def flaky(route):
        tries["n"] += 1
        if tries["n"] > 10:
            route.continue_()
        elif tries["n"] % 2:
            route.fetch()  # the server stores (or recognises) it; the answer is lost on the way back
            tries["reached"] += 1
            route.fulfill(status=502, body="bad gateway")
        else:
            route.abort("connectionreset")

    context.route("**/api/v1/results", flaky)
    enter(page, [form_page(tmp_path / "halaman-1.jpg", 1)])
    playwright_api.expect(state(page)).to_have_attribute("data-state", "terkirim", timeout=60_000)
    assert tries["n"] == 11 and tries["reached"] == 5
    assert TpsResult.objects.count() == 1 and ResultVersion.objects.count() == 1
    assert page.evaluate("SuaraOutbox.entries().then(e => e[0].attempts)") == 10
    assert watch.problems == []
    context.close()
    browser.close()


@pytest.mark.browser
def test_two_tabs_send_once(transactional_db, live_server, officers, pw, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    context.set_default_timeout(20_000)
    watch = Watch(context)
    first = context.new_page()
    sign_in_and_install(first, live_server.url)
    context.set_offline(True)
    enter(first, [form_page(tmp_path / "halaman-1.jpg", 1)])
    second = context.new_page()
    second.goto(live_server.url + APP)
    playwright_api.expect(state(second)).to_have_attribute("data-state", "menunggu")

    context.set_offline(False)  # both tabs see the network return and both try to send
    for page in (first, second):
        playwright_api.expect(state(page)).to_have_attribute("data-state", "terkirim", timeout=30_000)
    assert watch.posts == 1
    assert TpsResult.objects.count() == 1 and ResultVersion.objects.count() == 1
    assert watch.problems == []
    context.close()
    browser.close()


@pytest.mark.browser
def test_a_three_photo_entry_is_accepted_within_a_minute_on_2g(
    transactional_db, live_server, officers, pw, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in_and_install(page, live_server.url)
    photos = [form_page(tmp_path / f"halaman-{n}.jpg", n) for n in (1, 2, 3)]

    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 800, "downloadThroughput": 250_000 / 8, "uploadThroughput": 50_000 / 8},
    )
    started = time.monotonic()
    enter(page, photos)
    # Accepted: the tally stored with every photo whole on the server.
    until(page, "SuaraOutbox.entries().then(e => e[0].state === 'terkirim' && !e[0].photos_left)", timeout=120)
    took = time.monotonic() - started
    sent = page.evaluate("SuaraOutbox.entries().then(e => e[0].photo_bytes)")
    chunked = photos_endpoint()
    print(f"2G: three photos ({sent} bytes as JPEG), {'chunked' if chunked else 'inline'}: accepted in {took:.1f} s")
    assert sent <= 3 * 100 * 1024 + 30 * 1024  # each page aims at 100 KB
    # Sent inside the tally (until the server takes photos apart), base64 carries a third more.
    assert took <= (60 if chunked else 80)
    assert ResultPhoto.objects.count() == 3
    context.close()
    browser.close()


@pytest.mark.browser
def test_a_refusal_is_shown_with_the_servers_message_and_a_revoked_token_waits_for_a_sign_in(
    transactional_db, live_server, officers, pw, tmp_path, settings
):
    from conftest import consistent_tally, photo_bytes
    from suara.accounts.models import ApiToken
    from suara.accounts.tokens import token_revoke
    from suara.audit.actors import Actor
    from suara.results.entry.services import result_submit

    settings.VAR_DIR = tmp_path
    expect = playwright_api.expect
    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    context.set_default_timeout(20_000)
    watch = Watch(context)
    page = context.new_page()
    sign_in_and_install(page, live_server.url)

    # The device's token revoked (a lost phone, say): the entry waits and asks for a sign-in.
    token_revoke(token=ApiToken.objects.get(name__startswith="Perangkat: "), actor=Actor.named("test"))
    enter(page, [form_page(tmp_path / "halaman-1.jpg", 1)])
    expect(page.locator("#outbox [data-next]")).to_contain_text("Masuk lagi")
    assert not TpsResult.objects.exists()

    # Meanwhile the TPS's result came in through the web form: the queued entry is refused, with why.
    result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(),
        photos=[photo_bytes()],
        submission_id="web-form-0001",
    )
    page.reload()  # a fresh look at the server gets the device a new token, and the entry goes out
    expect(state(page)).to_have_attribute("data-state", "ditolak")
    expect(page.locator("#outbox [data-errors]")).to_contain_text("result_exists")
    assert ApiToken.objects.filter(name__startswith="Perangkat: ", revoked_at__isnull=True).count() == 1
    assert ResultVersion.objects.count() == 1
    assert watch.problems == []
    context.close()
    browser.close()


@pytest.mark.browser
def test_background_sync_with_no_page_open_is_sent_by_the_service_worker(
    transactional_db, live_server, officers, pw, tmp_path, settings
):
    """The entry waits offline, the app's page is closed, the network returns: the browser's sync event
    wakes the service worker, which finds no page of the app and sends the queue itself. Chromium fires
    a registered sync only when the machine's real network comes back, so the test fires it through the
    DevTools protocol (ServiceWorker.dispatchSyncEvent), from a page outside the app's scope."""
    settings.VAR_DIR = tmp_path
    context = persistent(pw, tmp_path / "profile")
    watch = Watch(context)
    page = context.pages[0] if context.pages else context.new_page()
    sign_in_and_install(page, live_server.url)
    context.set_offline(True)
    enter(page, [form_page(tmp_path / "halaman-1.jpg", 1)])
    playwright_api.expect(state(page)).to_have_attribute("data-state", "menunggu")
    page.close()  # no page of the app is left: its own triggers (online, retries, the button) are gone
    context.set_offline(False)
    assert not TpsResult.objects.exists()

    outside = context.new_page()
    outside.goto(live_server.url + "/")
    devtools = context.new_cdp_session(outside)
    registrations: list[dict] = []
    devtools.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    devtools.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not any(r["scopeURL"].endswith(APP) for r in registrations):
        assert time.monotonic() < deadline, f"no service worker registered for {APP}: {registrations}"
        outside.wait_for_timeout(100)
    registration = next(r for r in registrations if r["scopeURL"].endswith(APP))
    devtools.send(
        "ServiceWorker.dispatchSyncEvent",
        {"origin": live_server.url, "registrationId": registration["registrationId"], "tag": "suara-kirim",
         "lastChance": False},
    )  # fmt: skip

    deadline = time.monotonic() + 30
    while not TpsResult.objects.exists():
        assert time.monotonic() < deadline, "the service worker sent nothing"
        time.sleep(0.2)
    assert TpsResult.objects.get().tally == TALLY and ResultVersion.objects.count() == 1

    # The worker kept the receipt on the device: the app, opened again, shows the entry as sent.
    reopened = context.new_page()
    reopened.goto(live_server.url + APP)
    playwright_api.expect(state(reopened)).to_have_attribute("data-state", "terkirim", timeout=30_000)
    assert watch.posts == 1  # the worker's, seen late: Playwright reports the worker's requests as it can
    assert ResultVersion.objects.count() == 1 and watch.problems == []
    context.close()
