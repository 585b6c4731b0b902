"""An officer of KPU Kota Depok opens the channel page of a published announcement in a real Chromium,
copies its WhatsApp text to the clipboard and downloads its card; the page breaks no Content Security
Policy."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from conftest import sign_in_as
from suara.audit.actors import SYSTEM
from suara.channels import selectors, services
from suara.channels.tests.conftest import make_item

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_an_officer_copies_the_whatsapp_text_and_downloads_the_card(transactional_db, live_server, writers, page):
    expect = playwright_api.expect
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    services.publish(actor=SYSTEM, item=make_item(), channels=["web", "whatsapp", "telegram", "card"])
    expected = selectors.item_by_key("announcement:42:v1").whatsapp_text

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in_as(page, live_server, writers["kpu"])
    page.goto(live_server.url + "/dasbor/")
    page.get_by_role("link", name="Kanal siaran (WhatsApp, kartu, videotron)").click()
    page.get_by_role("link", name="Pendaftaran anggota KPPS Pemilu 2024 dibuka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pendaftaran anggota KPPS Pemilu 2024 dibuka")

    page.get_by_role("button", name="Salin teks WhatsApp").click()
    expect(page.locator(".copy-status").first).to_have_text("Tersalin.")
    assert page.evaluate("navigator.clipboard.readText()") == expected

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh kartu (PNG 1080×1080)").click()
    download = download_info.value
    assert download.suggested_filename == "kartu-announcement-42-v1.png"
    with Image.open(io.BytesIO(open(download.path(), "rb").read())) as card:  # noqa: SIM115
        assert card.format == "PNG" and card.size == (1080, 1080)
    expect(page.locator('tr[data-channel="card"]')).to_contain_text("siap")
    assert problems == []
