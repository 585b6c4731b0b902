"""The KPPS's field app under /petugas/aplikasi/: an installable, offline-first web app (issue 16 §1).

Five addresses, all under the service worker's scope:

- the app shell (``shell``): one page without personal data, cached by the service worker, which draws
  the entry from what the device keeps (``static/results/app/app.js``);
- the service worker (``service_worker``): ``static/results/app/sw.js`` behind one line that names the
  shell's files and their version (a hash of their bytes), so that a new deployment replaces the cache;
- the manifest (``manifest``) with the icons (``tools/field_app_icons.py`` draws the PNGs);
- what the device keeps for the signed-in KPPS (``data``): their TPS, contests and candidates, the rules'
  texts; asked again whenever there is a network, kept in IndexedDB for when there is none;
- the device's API token (``device``): POST with the session's CSRF token; the app keeps it in IndexedDB
  and sends the queued tallies and photos over the API with it (``accounts.tokens.device_token_issue``).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from suara.accounts.errors import AccountErrorCode
from suara.accounts.roles import Role
from suara.accounts.tokens import device_token_issue
from suara.audit.actors import Actor
from suara.core import answers
from suara.core.errors import DomainError, ErrorCode
from suara.results.entry import selectors
from suara.results.entry.forms import BALLOT_LABELS, GROUP_LABELS, PART_LABELS, TOTAL_LABELS
from suara.results.labels import rule_texts

_STATIC = Path(__file__).resolve().parent.parent / "static"
# What the service worker keeps for the app to open with no network (besides the shell page itself and
# the manifest): its script, the sender, the rules' twin, the style and the icons.
SHELL_FILES = (
    "results/app/app.js",
    "results/app/outbox.js",
    "results/rules.js",
    "results/app/app.css",
    "results/app/icon.svg",
    "results/app/icon-192.png",
    "results/app/icon-512.png",
)
SW_FILE = "results/app/sw.js"
SHELL_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "results" / "entry" / "app.html"


@functools.cache
def _file_bytes(name: str) -> bytes:
    return (_STATIC / name).read_bytes()


def _read(name: str) -> bytes:
    return (_STATIC / name).read_bytes() if settings.DEBUG else _file_bytes(name)


def shell_version() -> str:
    """A hash of every file the app opens with: a change to any of them is a new service worker, which
    replaces the cached shell."""
    digest = hashlib.sha256()
    for name in (*SHELL_FILES, SW_FILE):
        digest.update(_read(name))
    digest.update(SHELL_TEMPLATE.read_bytes())
    return digest.hexdigest()[:16]


def _app_url(name: str) -> str:
    return reverse(f"entry:{name}")


def _login_url() -> str:
    return reverse("portal:login") + "?next=" + _app_url("app")


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _ui_texts() -> dict[str, str]:
    """The app's own words for app.js, in the page's language (entry.js takes the rules' texts the same way)."""
    return {
        "waiting": _("Menunggu"),
        "sending": _("Mengirim"),
        "sent": _("Terkirim"),
        "refused": _("Ditolak"),
        "offline": _("Tidak ada sinyal: hasil disimpan di perangkat dan dikirim otomatis saat tersambung."),
        "online": _("Tersambung."),
        "queued": _("Hasil disimpan di perangkat. Akan dikirim otomatis."),
        "next_try": _("Dicoba lagi otomatis"),
        "receipt": _("Kode tanda terima"),
        "version": _("Tersimpan sebagai versi"),
        "photos_pending": _("Foto masih dikirim."),
        "photo_page": _("Halaman"),
        "photo_failed": _("Foto ini tidak dapat dibaca. Pilih foto lain."),
        "photo_needed": _("Lampirkan foto setiap halaman formulir C.Hasil."),
        "sign_in_again": _("Token perangkat tidak berlaku lagi. Masuk lagi untuk mengirim."),
        "not_kpps": _("Aplikasi ini untuk KPPS. Akun Anda tidak punya peran KPPS."),
        "no_entries": _("Belum ada kontestasi yang dapat diisi untuk TPS Anda."),
        "already_sent": _("Sudah terkirim dari perangkat lain atau formulir web."),
        "error": _("Terjadi kesalahan"),
        "queued_here": _("Belum terkirim"),
        "attempts": _("percobaan"),
        "fill": _("Isi"),
        "fill_again": _("isi lagi"),
    }


def _field_labels() -> dict:
    """The form's headings and field labels, as the web form (``forms.py``) names them."""
    return {
        "votes": str(_("Perolehan suara")),
        "totals": str(_("Suara sah dan tidak sah")),
        "voters": str(_("Data pemilih dan pengguna hak pilih")),
        "ballots": str(_("Data penggunaan surat suara")),
        "fields": {name: str(label) for name, label in {**TOTAL_LABELS, **BALLOT_LABELS}.items()},
        "groups": {name: str(label) for name, label in GROUP_LABELS.items()},
        "parts": {name: str(label) for name, label in PART_LABELS.items()},
    }


@require_safe
def shell(request):
    """The app shell: the same page for everybody (the service worker keeps it), no personal data."""
    context = {
        "urls": {
            "data": _app_url("app_data"),
            "device": _app_url("app_device"),
            "sw": _app_url("app_sw"),
            "scope": _app_url("app"),
            "login": _login_url(),
            "web_list": _app_url("list"),
        },
        "texts": _ui_texts(),
        "rule_texts": rule_texts(),
        "labels": _field_labels(),
    }
    response = render(request, "results/entry/app.html", context)
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def service_worker(request):
    """``sw.js`` with the shell's addresses and version before it. Its scope is this folder. Never kept by
    the HTTP cache past a check (the browser asks for it at each open, and gets 304 while unchanged)."""
    version = shell_version()
    etag = f'"{version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        config = {
            "version": version,
            "shell": [_app_url("app"), _app_url("app_manifest"), *[static(name) for name in SHELL_FILES]],
            "outbox": static("results/app/outbox.js"),
            "data": _app_url("app_data"),
        }
        body = b"self.SUARA_APP = " + json.dumps(config).encode() + b";\n" + _read(SW_FILE)
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def manifest(request):
    scope = _app_url("app")
    body = {
        "name": _("Suara KPPS: hasil TPS"),
        "short_name": "Suara KPPS",
        "description": _("Isi hasil penghitungan suara TPS, juga tanpa sinyal."),
        "lang": "id",
        "start_url": scope,
        "scope": scope,
        "id": scope,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#7a1f1f",
        "icons": [
            {"src": static("results/app/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("results/app/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("results/app/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        ],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    return response


def _signed_in_kpps(request) -> HttpResponse | None:
    """The JSON refusal for a visitor who is not a signed-in KPPS, or None."""
    if not request.user.is_authenticated:
        return answers.error_answer(
            401, ErrorCode.UNAUTHENTICATED, _("Masuk dulu untuk memakai aplikasi."), login_url=_login_url()
        )
    if not request.user.assignments.filter(role=Role.KPPS.value).exists():
        return answers.error_answer(403, AccountErrorCode.DEVICE_NOT_ALLOWED, _("Aplikasi ini untuk KPPS."))
    return None


@require_safe
def data(request):
    """What the device keeps for the signed-in KPPS. Sets the CSRF cookie the device request needs."""
    refused = _signed_in_kpps(request)
    if refused is not None:
        return _no_store(refused)
    get_token(request)
    body = json.dumps(
        {"user": request.user.get_username(), "entries": selectors.app_entries(request.user)},
        ensure_ascii=False,
        sort_keys=True,
    ).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


@require_POST
def device(request):
    """A token for this device (``label``: what the device calls itself), answered once: 201 with the token."""
    refused = _signed_in_kpps(request)
    if refused is not None:
        return _no_store(refused)
    try:
        token, plaintext = device_token_issue(actor=Actor.of(request.user), label=request.POST.get("label", ""))
    except DomainError as exc:
        return _no_store(answers.domain_error(exc))
    return _no_store(JsonResponse({"token": plaintext, "id": token.pk, "name": token.name}, status=201))
