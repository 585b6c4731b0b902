"""On a 390 px phone nothing scrolls sideways: not the page, not the navigation, not the province table."""

import pytest

from conftest import consistent_tally, photo_bytes

playwright_api = pytest.importorskip("playwright.sync_api")

# Elements that scroll (or would) sideways, ignoring the visually hidden ones (1 px boxes by design).
SIDEWAYS = """[...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.visually-hidden') && e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1
               && getComputedStyle(e).overflowX !== 'visible')
  .map(e => `${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}`)"""


@pytest.mark.browser
def test_public_pages_fit_a_phone(transactional_db, live_server, officers, page):
    from suara.audit.actors import Actor
    from suara.results.entry.services import result_submit
    from suara.results.recap.fold import recap_fold
    from suara.results.recap.rebuild import recap_publish_all

    recap_publish_all(contest="ppwp-2024", actor=Actor.named("test"))
    result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps="3276011006001",
        tally=consistent_tally(votes=(41, 35, 25)),
        photos=[photo_bytes()],
        submission_id="phone-0001",
    )
    recap_fold()
    for path in ("/", "/wilayah/", "/hasil/", "/hasil/ppwp-2024/", "/hasil/ppwp-2024/wilayah/32/", "/cek-dpt/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert page.evaluate(SIDEWAYS) == [], path


@pytest.mark.browser
def test_the_kpps_pages_fit_a_phone(transactional_db, live_server, officers, page, client):
    from django.conf import settings as django_settings

    from suara.audit.actors import Actor
    from suara.results.entry.services import result_submit

    outcome = result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps="3276011006001",
        tally=consistent_tally(votes=(41, 35, 25)),
        photos=[photo_bytes()],
        submission_id="phone-0002",
    )
    client.force_login(officers["kpps"])
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    done = f"/petugas/hasil/ppwp-2024/3276011006001/terkirim/{outcome.version.pk}/"
    for path in (done, "/petugas/hasil/", "/petugas/koreksi/ppwp-2024/3276011006001/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert page.evaluate(SIDEWAYS) == [], path
