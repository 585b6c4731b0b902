"""A city app on another origin frames Suara's cek DPT page and calls its API, in a real Chromium; a page
that is not embeddable stays out of its frame, and an unregistered origin's call is blocked."""

import http.server
import threading

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")


def city_app(html: str):
    """Serves ``html`` at / on 127.0.0.1 (another origin than the live server's localhost)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.browser
def test_a_city_app_frames_cek_dpt_and_calls_the_api(transactional_db, live_server, integrator, page):
    from suara.audit.actors import Actor
    from suara.integrations.services import integration_create, origin_add

    integration = integration_create(actor=Actor.of(integrator), name="Depok Single Window")
    embed = f"{live_server.url}/sematkan/{integration.embed_id}"
    html = f"""<!doctype html><title>Depok Single Window</title>
      <iframe id="cek" src="{embed}/cek-dpt/" width="380" height="700"></iframe>
      <iframe id="login" src="{embed}/masuk/" width="380" height="300"></iframe>
      <p id="api">...</p>
      <script>
        fetch("{live_server.url}/api/v1/elections").then(r => r.json())
          .then(j => document.getElementById("api").textContent = "ok " + j.length)
          .catch(e => document.getElementById("api").textContent = "blocked");
      </script>"""
    server = city_app(html)
    try:
        app_origin = f"http://127.0.0.1:{server.server_port}"
        # Before the origin is registered the API call is blocked.
        page.goto(app_origin + "/")
        playwright_api.expect(page.locator("#api")).to_have_text("blocked")

        origin_add(actor=Actor.of(integrator), embed_id=integration.embed_id, origin=app_origin)
        page.goto(app_origin + "/")
        playwright_api.expect(page.locator("#api")).to_have_text("ok 0")  # read across origins (no elections)
        cek = page.frame_locator("#cek")
        playwright_api.expect(cek.locator("h1")).to_contain_text("Cek DPT")
        cek.get_by_label("NIK").fill("3276010101900001")
        cek.get_by_label("Nama lengkap").fill("Budi Santoso")
        cek.get_by_role("button", name="Cek").click()
        playwright_api.expect(cek.locator(".cek-dpt-answer")).to_contain_text("Data tidak ditemukan")
        # The sign-in page is not embeddable: the browser refuses to show it in the frame.
        login = page.locator("#login").element_handle().content_frame()
        assert login.url.startswith("chrome-error://"), login.url
        cek_frame = page.locator("#cek").element_handle().content_frame()
        assert cek_frame.url.startswith(embed)
    finally:
        server.shutdown()
